#pragma once
// A small std::expected stand-in (C++20 has none): a value or a typed error, never both.
// and_then / transform / transform_error follow C++23's std::expected, so a chain of steps
// that each may fail reads as one expression instead of an early return per step:
//     return store.channel(id).and_then(load_workspace).transform(to_context);
#include <cassert>
#include <functional>
#include <type_traits>
#include <utility>
#include <variant>

namespace megatron {

template <class E>
struct Unexpected {
    E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
    return {std::forward<E>(e)};
}

template <class T, class E>
class Expected;

namespace detail {
template <class X>
struct is_expected : std::false_type {};
template <class T, class E>
struct is_expected<Expected<T, E>> : std::true_type {};
}  // namespace detail

template <class T, class E>
class [[nodiscard]] Expected {
  public:
    Expected(T value)
        : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    template <class G>
    Expected(Unexpected<G> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        assert(has_value());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(has_value());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(has_value());
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const {
        assert(!has_value());
        return std::get<1>(v_);
    }
    E& error() {
        assert(!has_value());
        return std::get<1>(v_);
    }

    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

    // f(value) -> Expected<U, E>: runs only on a value; an error passes through unchanged.
    template <class F>
    auto and_then(F&& f) && {
        using R = std::invoke_result_t<F, T&&>;
        static_assert(detail::is_expected<R>::value,
                      "and_then needs a function returning Expected");
        if (!has_value()) return R(unexpected(std::move(error())));
        return std::invoke(std::forward<F>(f), std::move(value()));
    }
    template <class F>
    auto and_then(F&& f) const& {
        using R = std::invoke_result_t<F, const T&>;
        static_assert(detail::is_expected<R>::value,
                      "and_then needs a function returning Expected");
        if (!has_value()) return R(unexpected(error()));
        return std::invoke(std::forward<F>(f), value());
    }

    // f(value) -> U: the value mapped, the error kept.
    template <class F>
    auto transform(F&& f) && {
        using U = std::remove_cvref_t<std::invoke_result_t<F, T&&>>;
        if (!has_value()) return Expected<U, E>(unexpected(std::move(error())));
        if constexpr (std::is_void_v<U>) {
            std::invoke(std::forward<F>(f), std::move(value()));
            return Expected<void, E>();
        } else {
            return Expected<U, E>(std::invoke(std::forward<F>(f), std::move(value())));
        }
    }
    template <class F>
    auto transform(F&& f) const& {
        return Expected(*this).transform(std::forward<F>(f));
    }

    // g(error) -> G: the error converted (e.g. storage -> queue error), the value kept.
    template <class G>
    auto transform_error(G&& g) && {
        using E2 = std::remove_cvref_t<std::invoke_result_t<G, E&&>>;
        if (has_value()) return Expected<T, E2>(std::move(value()));
        return Expected<T, E2>(unexpected(std::invoke(std::forward<G>(g), std::move(error()))));
    }
    template <class G>
    auto transform_error(G&& g) const& {
        return Expected(*this).transform_error(std::forward<G>(g));
    }

  private:
    std::variant<T, E> v_;
};

template <class E>
class [[nodiscard]] Expected<void, E> {
  public:
    Expected() = default;
    template <class G>
    Expected(Unexpected<G> u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const { assert(ok_); }
    const E& error() const {
        assert(!ok_);
        return error_;
    }

    // f() -> Expected<U, E>: runs only on success; an error passes through unchanged.
    template <class F>
    auto and_then(F&& f) const {
        using R = std::invoke_result_t<F>;
        static_assert(detail::is_expected<R>::value,
                      "and_then needs a function returning Expected");
        if (!ok_) return R(unexpected(error_));
        return std::invoke(std::forward<F>(f));
    }

    // f() -> U: a value made on success, the error kept.
    template <class F>
    auto transform(F&& f) const {
        using U = std::remove_cvref_t<std::invoke_result_t<F>>;
        if (!ok_) return Expected<U, E>(unexpected(error_));
        if constexpr (std::is_void_v<U>) {
            std::invoke(std::forward<F>(f));
            return Expected<void, E>();
        } else {
            return Expected<U, E>(std::invoke(std::forward<F>(f)));
        }
    }

    // g(error) -> G: the error converted, success kept.
    template <class G>
    auto transform_error(G&& g) const {
        using E2 = std::remove_cvref_t<std::invoke_result_t<G, const E&>>;
        if (ok_) return Expected<void, E2>();
        return Expected<void, E2>(unexpected(std::invoke(std::forward<G>(g), error_)));
    }

  private:
    E error_{};
    bool ok_ = true;
};

}  // namespace megatron
