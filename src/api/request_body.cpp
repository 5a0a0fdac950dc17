#include "api/request_body.hpp"

#include "commands/job_payload.hpp"

#include <boost/json.hpp>

namespace megatron::api {
namespace json = boost::json;

http::Response to_response(const ApiError& error) {
    json::object body{{"ok", false}, {"error", error.error}};
    if (!error.field.empty()) body["field"] = error.field;
    if (!error.expected.empty()) body["expected"] = error.expected;
    return http::json_response(error.status, body);
}

ApiError missing_field(std::string field) {
    return {http::Status::bad_request, "missing_field", std::move(field), {}};
}

ApiError invalid_field(std::string field, std::string expected) {
    return {http::Status::bad_request, "invalid_field", std::move(field), std::move(expected)};
}

ApiError field_error(const json_fields::FieldProblem& problem) {
    if (problem.kind == json_fields::FieldProblem::Kind::Missing) {
        return missing_field(problem.field);
    }
    return invalid_field(problem.field, std::string(problem.expected));
}

Expected<json::object, ApiError> parse_json_object(const http::Request& req) {
    auto parsed = json_fields::parse_value(req.body(), commands::payload::kMaxRequestDepth);
    if (!parsed || !parsed->is_object()) {
        return unexpected(ApiError{http::Status::bad_request, "malformed_json", {}, "object"});
    }
    return std::move(parsed->as_object());
}

std::optional<json::value> parse_json_text(std::string_view text) {
    return json_fields::parse_value(text, commands::payload::kMaxRequestDepth);
}

}  // namespace megatron::api
