#pragma once
// Reading a bot app's JSON body, and the API's error answers. Every problem with a request
// is an ApiError that becomes {"ok": false, "error": <code>, ...} with a 4xx/5xx status;
// never a 500 for bad input. The vocabulary is documented in docs/bot-app-api.md.
#include "http/message.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace megatron::api {

struct ApiError {
    http::Status status = http::Status::bad_request;
    std::string error;     // "missing_field", "invalid_field", "malformed_json", ...
    std::string field;     // dotted path of the field at fault ("message.user"), if any
    std::string expected;  // for invalid_field: "string", "object", "list", ...
};

http::Response to_response(const ApiError& error);

ApiError missing_field(std::string field);
ApiError invalid_field(std::string field, std::string expected);

// The body as a JSON object: malformed_json (400) when it is not one, or nests deeper than
// commands::payload::kMaxRequestDepth (so that the job it becomes can always be read).
Expected<boost::json::object, ApiError> parse_json_object(const http::Request& req);
// JSON text found inside a body, within the same depth; nullopt when not JSON or too deep.
std::optional<boost::json::value> parse_json_text(std::string_view text);

// Fields by dotted path ("message.user"); every intermediate must be an object.
// A missing field (or JSON null) is missing_field; a value of another type invalid_field.
Expected<std::string, ApiError> required_string(const boost::json::object& body,
                                                std::string_view path);
Expected<const boost::json::object*, ApiError> required_object(const boost::json::object& body,
                                                               std::string_view path);
Expected<const boost::json::array*, ApiError> required_array(const boost::json::object& body,
                                                             std::string_view path);
// Absent or null: nullopt; present with another type: invalid_field.
Expected<std::optional<std::string>, ApiError> optional_string(const boost::json::object& body,
                                                               std::string_view path);
// Absent: null value (any JSON type is accepted).
boost::json::value optional_value(const boost::json::object& body, std::string_view path);

}  // namespace megatron::api
