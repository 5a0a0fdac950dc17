#include "storage/sql.hpp"

#include <fmt/format.h>

namespace megatron::storage {

std::int64_t Row::integer(std::size_t i) const {
    const Value& v = columns.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) {
        // PostgreSQL text results for types we do not map (e.g. numeric) arrive as text.
        try {
            return std::stoll(*s);
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

std::string Row::text(std::size_t i) const {
    const Value& v = columns.at(i);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
    return {};
}

std::optional<std::string> Row::optional_text(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return text(i);
}

std::optional<std::int64_t> Row::optional_integer(std::size_t i) const {
    if (is_null(i)) return std::nullopt;
    return integer(i);
}

const crypto::KeyRing* Connection::key_ring() const {
    return owner_ != nullptr ? owner_->key_ring() : nullptr;
}

}  // namespace megatron::storage
