#pragma once
// Job payloads: a job's request as a JSON object, one convention for every kind, Boost.JSON's
// own conversions. Each request type is described next to its definition
// (BOOST_DESCRIBE_STRUCT: the members are the JSON keys) and its namespace says
// `using payload::tag_invoke;`, so `boost::json::value_from` writes it and
// `boost::json::try_value_to` reads it through the tag_invoke below. Keys and member order
// are the ones the hand-written writers used, so jobs queued before still read, byte for
// byte (tests/commands/job_payload_compat_test).
//
// Reading is lenient per field (a missing or mistyped string, integer or value reads as
// empty; a nested request as its defaults; a list keeps its readable entries), and then the
// type's own `complete(request)`, when it has one, says which fields a job cannot run
// without: a payload without them is refused, and the job is fatal, since a retry would read
// the same bytes. A member of another type (an enum spelled as a word) is read by its own
// tag_invoke(try_value_to_tag<...>), which refuses a word it does not know, and so the
// payload.
#include "util/json_fields.hpp"

#include <boost/describe/members.hpp>
#include <boost/json/error.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace megatron::commands::payload {

// JSON nesting accepted at the door: a request body, or JSON text inside one (the bot app's
// attachments as a string). Deeper is refused with 400 there.
inline constexpr unsigned kMaxRequestDepth = 32;
// What a worker reads in a job payload: a request's values sit a few levels down in it, so
// twice the door's depth; a request answered 200 is always readable by its job.
inline constexpr unsigned kMaxPayloadDepth = 2 * kMaxRequestDepth;

template <class T>
concept Described = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

// A type without a `complete` overload has nothing it cannot run without.
template <class T>
bool is_complete(const T& request) {
    if constexpr (requires { complete(request); }) {
        return complete(request);
    } else {
        return true;
    }
}

template <Described T>
boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>, const boost::json::value& v);

// The entries of a JSON list that read as T, in order (others are skipped); none when `list`
// is not a list.
template <Described T>
std::vector<T> readable_entries(const boost::json::value& list) {
    std::vector<T> out;
    if (!list.is_array()) return out;
    for (const auto& entry : list.as_array()) {
        auto item = boost::json::try_value_to<T>(entry);
        if (item) out.push_back(std::move(*item));
    }
    return out;
}

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// One member from its JSON value (nullptr when absent); false refuses the payload.
template <class M>
bool member_from(const boost::json::value* v, M& out) {
    if constexpr (std::is_same_v<M, std::string>) {
        out = v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    } else if constexpr (std::is_same_v<M, std::int64_t>) {
        out = json_fields::read<std::int64_t>(v).value_or(0);
    } else if constexpr (std::is_same_v<M, boost::json::value>) {
        out = v != nullptr ? *v : boost::json::value();
    } else if constexpr (is_vector<M>::value) {
        out = readable_entries<typename M::value_type>(v != nullptr ? *v : boost::json::value());
    } else if constexpr (Described<M>) {
        // A nested request (the message of an outreach job): its defaults when absent.
        out = M{};
        if (v == nullptr || !v->is_object()) return true;
        auto nested = boost::json::try_value_to<M>(*v);
        if (!nested) return false;
        out = std::move(*nested);
    } else {
        auto read = boost::json::try_value_to<M>(v != nullptr ? *v : boost::json::value());
        if (!read) return false;
        out = std::move(*read);
    }
    return true;
}

inline boost::system::error_code refused() {
    return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
}

}  // namespace detail

// Boost.JSON's conversion of a described request (found by argument-dependent lookup through
// each request namespace's `using payload::tag_invoke;`).
template <Described T>
boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>, const boost::json::value& v) {
    const auto* o = v.if_object();
    if (o == nullptr) return boost::json::make_error_code(boost::json::error::not_object);
    T out{};
    bool ok = true;
    using Members = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Members>([&](auto member) {
        ok = detail::member_from(o->if_contains(member.name), out.*member.pointer) && ok;
    });
    if (!ok || !is_complete(out)) return detail::refused();
    return out;
}

// The payload text as a T; nullopt when it is not a JSON object (at most kMaxPayloadDepth
// deep) or does not read as a T.
template <Described T>
std::optional<T> read(std::string_view payload) {
    auto parsed = json_fields::parse_value(payload, kMaxPayloadDepth);
    if (!parsed) return std::nullopt;
    auto request = boost::json::try_value_to<T>(*parsed);
    if (!request) return std::nullopt;
    return std::move(*request);
}

// T as payload text.
template <Described T>
std::string write(const T& request) {
    return boost::json::serialize(boost::json::value_from(request));
}

}  // namespace megatron::commands::payload
