#pragma once
// Reading a bot app's JSON body, and the API's error answers. Every problem with a request
// is an ApiError that becomes {"ok": false, "error": <code>, ...} with a 4xx/5xx status;
// never a 500 for bad input. The vocabulary is documented in docs/bot-app-api.md.
#include "http/message.hpp"
#include "util/expected.hpp"
#include "util/json_fields.hpp"

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

// A field's problem (json_fields::required / optional) as the API's 400: missing_field or
// invalid_field naming the field's dotted path. Fields are read with
// json_fields::required<T>(body, "message.user", field_error).
ApiError field_error(const json_fields::FieldProblem& problem);

}  // namespace megatron::api
