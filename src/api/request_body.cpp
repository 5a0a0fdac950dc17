#include "api/request_body.hpp"

#include "commands/job_payload.hpp"
#include "util/json_fields.hpp"

#include <boost/json.hpp>

namespace megatron::api {
namespace {

namespace json = boost::json;

// The value at a dotted path; nullptr when any part is missing or not an object.
const json::value* lookup(const json::object& body, std::string_view path) {
    const json::object* current = &body;
    while (true) {
        auto dot = path.find('.');
        auto key = path.substr(0, dot);
        const auto* v = current->if_contains(key);
        if (v == nullptr || dot == std::string_view::npos) return v;
        if (!v->is_object()) return nullptr;
        current = &v->as_object();
        path.remove_prefix(dot + 1);
    }
}

// A parent that exists but is not an object is the parent's fault, not a missing child.
std::optional<ApiError> parent_error(const json::object& body, std::string_view path) {
    auto dot = path.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto parent = path.substr(0, dot);
    if (auto grand = parent_error(body, parent)) return grand;
    const auto* v = lookup(body, parent);
    if (v == nullptr || v->is_null()) return missing_field(std::string(parent));
    if (!v->is_object()) return invalid_field(std::string(parent), "object");
    return std::nullopt;
}

// The field at `path` as a T (json_fields' typed read), its problem as the API's 400.
template <class T>
Expected<T, ApiError> field(const json::object& body, std::string_view path) {
    if (auto error = parent_error(body, path)) return unexpected(*error);
    return json_fields::read<T>(lookup(body, path))
        .transform_error([path](const json_fields::FieldProblem& problem) {
            if (problem.kind == json_fields::FieldProblem::Kind::Missing) {
                return missing_field(std::string(path));
            }
            return invalid_field(std::string(path), std::string(problem.expected));
        });
}

}  // namespace

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

Expected<json::object, ApiError> parse_json_object(const http::Request& req) {
    auto parsed = commands::payload::parse_json(req.body(), commands::payload::kMaxRequestDepth);
    if (!parsed || !parsed->is_object()) {
        return unexpected(ApiError{http::Status::bad_request, "malformed_json", {}, "object"});
    }
    return std::move(parsed->as_object());
}

std::optional<json::value> parse_json_text(std::string_view text) {
    return commands::payload::parse_json(text, commands::payload::kMaxRequestDepth);
}

Expected<std::string, ApiError> required_string(const json::object& body, std::string_view path) {
    return field<std::string>(body, path);
}

Expected<const json::object*, ApiError> required_object(const json::object& body,
                                                        std::string_view path) {
    return field<const json::object*>(body, path);
}

Expected<const json::array*, ApiError> required_array(const json::object& body,
                                                      std::string_view path) {
    return field<const json::array*>(body, path);
}

Expected<std::optional<std::string>, ApiError> optional_string(const json::object& body,
                                                               std::string_view path) {
    const auto* v = lookup(body, path);
    if (v == nullptr || v->is_null()) {
        if (auto error = parent_error(body, path)) return unexpected(*error);
        return std::optional<std::string>{};
    }
    return field<std::string>(body, path).transform([](std::string s) {
        return std::optional<std::string>(std::move(s));
    });
}

json::value optional_value(const json::object& body, std::string_view path) {
    const auto* v = lookup(body, path);
    return v != nullptr ? *v : json::value();
}

}  // namespace megatron::api
