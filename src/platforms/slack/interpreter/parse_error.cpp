#include "platforms/slack/interpreter/parse_error.hpp"

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

ParseError AsParseError::operator()(const json_fields::FieldProblem& problem) const {
    auto path = prefix.empty() ? problem.field : prefix + "." + problem.field;
    if (problem.kind == json_fields::FieldProblem::Kind::Missing) return missing(path);
    const char* article =
        problem.expected.starts_with('a') || problem.expected.starts_with('i') ? "an " : "a ";
    return wrong_type(path, article + std::string(problem.expected));
}

}  // namespace megatron::slack::interpreter
