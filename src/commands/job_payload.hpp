#pragma once
// Reading job payloads: JSON objects written by the commands' own to_payload functions. A
// field that is missing or of another type reads as empty; each parser decides which fields a
// job cannot run without (and then the job is fatal, since a retry would read the same bytes).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace megatron::commands::payload {

// JSON nesting accepted at the door: a request body, or JSON text inside one (the bot app's
// attachments as a string). Deeper is refused with 400 there.
inline constexpr unsigned kMaxRequestDepth = 32;
// What a worker reads in a job payload: a request's values sit a few levels down in it, so
// twice the door's depth; a request answered 200 is always readable by its job.
inline constexpr unsigned kMaxPayloadDepth = 2 * kMaxRequestDepth;

// `text` as JSON, at most `max_depth` deep; nullopt when it is not JSON or is deeper.
std::optional<boost::json::value> parse_json(std::string_view text, unsigned max_depth);

std::optional<boost::json::object> parse_object(std::string_view payload);
std::string text(const boost::json::object& o, std::string_view key);
boost::json::value value(const boost::json::object& o, std::string_view key);  // null if absent
std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view key);

}  // namespace megatron::commands::payload
