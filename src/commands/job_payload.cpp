#include "commands/job_payload.hpp"

#include <boost/json/parse.hpp>

#include <limits>

namespace megatron::commands::payload {

namespace json = boost::json;

std::optional<json::value> parse_json(std::string_view text, unsigned max_depth) {
    json::parse_options options;
    options.max_depth = max_depth;
    boost::system::error_code ec;
    auto parsed = json::parse(text, ec, {}, options);
    if (ec) return std::nullopt;
    return parsed;
}

std::optional<json::object> parse_object(std::string_view payload) {
    auto parsed = parse_json(payload, kMaxPayloadDepth);
    if (!parsed || !parsed->is_object()) return std::nullopt;
    return std::move(parsed->as_object());
}

std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::value value(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr ? *v : json::value();
}

std::optional<std::int64_t> integer(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    // Boost.JSON parses large non-negative numbers as uint64.
    if (v->is_uint64() && v->as_uint64() <= std::numeric_limits<std::int64_t>::max())
        return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

}  // namespace megatron::commands::payload
