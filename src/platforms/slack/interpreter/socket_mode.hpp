#pragma once
// Socket Mode: the same requests as over HTTP, delivered as JSON envelopes on a WebSocket.
// Each envelope but hello/disconnect carries an envelope_id that must be acknowledged
// (socket_mode_ack) within 3 seconds; the payload is exactly the HTTP body's content, parsed
// here with the same parsers. No signature: the connection itself was opened with the app token.
#include "platforms/slack/interpreter/events.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/interpreter/slash_command.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace megatron::slack::interpreter {

enum class EnvelopeType { Hello, Disconnect, EventsApi, Interactive, SlashCommands, Other };

struct SocketEnvelope {
    EnvelopeType type = EnvelopeType::Other;
    std::string type_name;    // as sent
    std::string envelope_id;  // empty for hello/disconnect
    int retry_attempt = 0;    // events_api: Slack's redelivery count (X-Slack-Retry-Num)
    std::string retry_reason;
    bool accepts_response_payload = false;
    std::string disconnect_reason;  // disconnect: e.g. "refresh_requested", "too_many_websockets"
    std::variant<std::monostate, EventsApiBody, InteractiveAction, SlashCommand> payload;
};

Expected<SocketEnvelope, ParseError> parse_socket_envelope(std::string_view json);

// {"envelope_id": ...} plus "payload" when given (e.g. a slash command's immediate reply).
std::string socket_mode_ack(std::string_view envelope_id,
                            const boost::json::value& payload = nullptr);

}  // namespace megatron::slack::interpreter
