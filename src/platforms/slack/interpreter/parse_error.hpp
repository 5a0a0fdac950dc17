#pragma once
// Why a Slack request body could not be turned into a typed struct. The HTTP layer answers
// these with a 400 naming the field; nothing about them is secret. Fields are read with
// util/json_fields, its problems turned into ParseErrors by `AsParseError`:
//   json_fields::required<json_fields::Token>(event, "user", AsParseError("event"))
#include "util/expected.hpp"
#include "util/json_fields.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace megatron::slack::interpreter {

struct ParseError {
    enum class Kind {
        InvalidJson,   // the body (or its payload= field) is not JSON / not an object
        MissingField,  // a required field is absent or empty
        WrongType,     // a field is present with another JSON type
        InvalidValue,  // present, right type, but not a value we accept
    };
    Kind kind = Kind::InvalidJson;
    std::string field;   // dotted path, e.g. "event.channel"; empty for the whole body
    std::string detail;  // short human description

    std::string message() const;
};

std::string to_string(ParseError::Kind kind);

ParseError missing(std::string_view path);
// `expected` names the type with its article: "an array", "a string".
ParseError wrong_type(std::string_view path, std::string_view expected);

// A json_fields problem as a ParseError, its field named under `prefix` (the dotted path of
// the object read; empty for the top level).
struct AsParseError {
    explicit AsParseError(std::string_view under = {}) : prefix(under) {}
    ParseError operator()(const json_fields::FieldProblem& problem) const;
    std::string prefix;
};

// Parses text into a JSON object; anything else is ParseError::InvalidJson naming `what`.
Expected<boost::json::object, ParseError> parse_object(std::string_view text,
                                                       std::string_view what);

}  // namespace megatron::slack::interpreter
