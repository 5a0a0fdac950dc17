#include "platforms/slack/interpreter/socket_mode.hpp"

#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/json_fields.hpp"

#include <boost/json/serialize.hpp>

namespace megatron::slack::interpreter {
namespace {

EnvelopeType type_of(std::string_view name) {
    if (name == "hello") return EnvelopeType::Hello;
    if (name == "disconnect") return EnvelopeType::Disconnect;
    if (name == "events_api") return EnvelopeType::EventsApi;
    if (name == "interactive") return EnvelopeType::Interactive;
    if (name == "slash_commands") return EnvelopeType::SlashCommands;
    return EnvelopeType::Other;
}

// Prefixes a payload error's field with "payload." so it names the spot in the envelope.
ParseError in_payload(ParseError e) {
    e.field = e.field.empty() ? "payload" : "payload." + e.field;
    return e;
}

}  // namespace

Expected<SocketEnvelope, ParseError> parse_socket_envelope(std::string_view json) {
    auto envelope = parse_object(json, "");
    if (!envelope) return unexpected(envelope.error());
    auto type = json_fields::required<json_fields::Token>(*envelope, "type", AsParseError());
    if (!type) return unexpected(type.error());
    SocketEnvelope out;
    out.type_name = *type;
    out.type = type_of(*type);
    if (out.type == EnvelopeType::Hello) return out;
    if (out.type == EnvelopeType::Disconnect) {
        out.disconnect_reason = json_fields::string_or_empty(*envelope, "reason");
        return out;
    }
    auto id = json_fields::required<json_fields::Token>(*envelope, "envelope_id", AsParseError());
    if (!id) return unexpected(id.error());
    out.envelope_id = *id;
    if (auto retry = json_fields::integer(*envelope, "retry_attempt")) {
        out.retry_attempt = static_cast<int>(*retry);
    }
    out.retry_reason = json_fields::string_or_empty(*envelope, "retry_reason");
    out.accepts_response_payload = json_fields::flag(*envelope, "accepts_response_payload");
    if (out.type == EnvelopeType::Other) return out;

    auto payload =
        json_fields::required<const boost::json::object*>(*envelope, "payload", AsParseError());
    if (!payload) return unexpected(payload.error());
    switch (out.type) {
        case EnvelopeType::EventsApi: {
            auto body = parse_events_object(**payload);
            if (!body) return unexpected(in_payload(body.error()));
            out.payload = std::move(*body);
            break;
        }
        case EnvelopeType::Interactive: {
            auto action = parse_interactive_object(**payload);
            if (!action) return unexpected(in_payload(action.error()));
            out.payload = std::move(*action);
            break;
        }
        case EnvelopeType::SlashCommands: {
            auto command = parse_slash_command_object(**payload);
            if (!command) return unexpected(in_payload(command.error()));
            out.payload = std::move(*command);
            break;
        }
        default:
            break;
    }
    return out;
}

std::string socket_mode_ack(std::string_view envelope_id, const boost::json::value& payload) {
    boost::json::object ack{{"envelope_id", envelope_id}};
    if (!payload.is_null()) ack["payload"] = payload;
    return boost::json::serialize(ack);
}

}  // namespace megatron::slack::interpreter
