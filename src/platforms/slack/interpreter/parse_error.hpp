#pragma once
// Why a Slack request body could not be turned into a typed struct. The HTTP layer answers
// these with a 400 naming the field; nothing about them is secret.
#include <string>

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

}  // namespace megatron::slack::interpreter
