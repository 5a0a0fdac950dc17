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

std::optional<boost::json::object> parse_object(std::string_view payload);
std::string text(const boost::json::object& o, std::string_view key);
boost::json::value value(const boost::json::object& o, std::string_view key);  // null if absent
std::optional<std::int64_t> integer(const boost::json::object& o, std::string_view key);

}  // namespace megatron::commands::payload
