#pragma once
// Internal: typed reads of Slack JSON objects that report a ParseError instead of throwing
// (util/json_fields underneath, its problems turned into ParseErrors).
#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/expected.hpp"
#include "util/json_fields.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace megatron::slack::interpreter::detail {

// Parses text into a JSON object; anything else is ParseError::InvalidJson.
Expected<boost::json::object, ParseError> parse_object(std::string_view text,
                                                       std::string_view what);

// A string field that must be present and non-empty. `path` names it in the error.
Expected<std::string, ParseError> required_string(const boost::json::object& o,
                                                  std::string_view key, std::string_view path);
// A string field, or "" when absent or null. Numbers are rendered (Slack sends some ids both
// ways); other types are WrongType.
Expected<std::string, ParseError> optional_string(const boost::json::object& o,
                                                  std::string_view key, std::string_view path);
// A nested object; absent/null gives nullptr, another type is WrongType.
Expected<const boost::json::object*, ParseError> optional_object(const boost::json::object& o,
                                                                 std::string_view key,
                                                                 std::string_view path);
Expected<const boost::json::object*, ParseError> required_object(const boost::json::object& o,
                                                                 std::string_view key,
                                                                 std::string_view path);
// String value or "" for anything else (for fields whose type we do not rely on): the one
// lenient reader of util/json_fields.
using json_fields::string_or_empty;

ParseError missing(std::string_view path);
ParseError wrong_type(std::string_view path, std::string_view expected);

}  // namespace megatron::slack::interpreter::detail
