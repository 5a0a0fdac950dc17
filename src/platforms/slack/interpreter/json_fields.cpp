#include "platforms/slack/interpreter/json_fields.hpp"

#include <boost/json/parse.hpp>

namespace megatron::slack::interpreter {

std::string to_string(ParseError::Kind kind) {
    switch (kind) {
        case ParseError::Kind::InvalidJson:
            return "invalid_json";
        case ParseError::Kind::MissingField:
            return "missing_field";
        case ParseError::Kind::WrongType:
            return "wrong_type";
        case ParseError::Kind::InvalidValue:
            return "invalid_value";
    }
    return "unknown";
}

std::string ParseError::message() const {
    std::string out = to_string(kind);
    if (!field.empty()) out += " " + field;
    if (!detail.empty()) out += ": " + detail;
    return out;
}

namespace detail {

ParseError missing(std::string_view path) {
    return {ParseError::Kind::MissingField, std::string(path), "required"};
}

ParseError wrong_type(std::string_view path, std::string_view expected) {
    return {ParseError::Kind::WrongType, std::string(path), "expected " + std::string(expected)};
}

Expected<boost::json::object, ParseError> parse_object(std::string_view text,
                                                       std::string_view what) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec)
        return unexpected(
            ParseError{ParseError::Kind::InvalidJson, std::string(what), ec.message()});
    if (!value.is_object()) {
        return unexpected(
            ParseError{ParseError::Kind::InvalidJson, std::string(what), "expected a JSON object"});
    }
    return std::move(value.as_object());
}

Expected<std::string, ParseError> optional_string(const boost::json::object& o,
                                                  std::string_view key, std::string_view path) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::string();
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    if (v->is_uint64()) return std::to_string(v->as_uint64());
    return unexpected(wrong_type(path, "a string"));
}

Expected<std::string, ParseError> required_string(const boost::json::object& o,
                                                  std::string_view key, std::string_view path) {
    auto s = optional_string(o, key, path);
    if (!s) return s;
    if (s->empty()) return unexpected(missing(path));
    return s;
}

namespace {

// json_fields' problem as the interpreter's ParseError naming `path`.
auto as_parse_error(std::string_view path) {
    return [path](const json_fields::FieldProblem& problem) {
        if (problem.kind == json_fields::FieldProblem::Kind::Missing) return missing(path);
        return wrong_type(path, "an " + std::string(problem.expected));
    };
}

}  // namespace

Expected<const boost::json::object*, ParseError> optional_object(const boost::json::object& o,
                                                                 std::string_view key,
                                                                 std::string_view path) {
    return json_fields::optional<const boost::json::object*>(o, key, as_parse_error(path))
        .transform([](std::optional<const boost::json::object*> found) {
            return found.value_or(nullptr);
        });
}

Expected<const boost::json::object*, ParseError> required_object(const boost::json::object& o,
                                                                 std::string_view key,
                                                                 std::string_view path) {
    return json_fields::required<const boost::json::object*>(o, key, as_parse_error(path));
}

}  // namespace detail
}  // namespace megatron::slack::interpreter
