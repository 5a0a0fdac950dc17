#pragma once
// What Slack's three kinds of request ask of Megatron, whatever carried them (the HTTP routes
// or a Socket Mode envelope): the parsed request is stored as a job and the answer says how
// to acknowledge it. Verification is the transport's business (HTTP: the signature; Socket
// Mode: the connection opened with the app-level token).
#include "platforms/slack/interpreter/events.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/interpreter/slash_command.hpp"
#include "platforms/slack/routes/slack_routes.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace megatron::slack::routes {

struct IntakeAnswer {
    // Set when nothing could be stored ("storage_unavailable", "queue_unavailable"): HTTP
    // answers 503 and Socket Mode leaves the envelope unacknowledged, so Slack sends it again.
    std::string unavailable;
    // What Slack shows or reads at once (an ephemeral message, the url_verification
    // challenge); null for a bare acknowledgement.
    boost::json::value payload;

    static IntakeAnswer acknowledged() { return {}; }
    static IntakeAnswer failed(std::string error) { return {std::move(error), nullptr}; }
    static IntakeAnswer ephemeral(const std::string& text);
};

IntakeAnswer take_event(SlackRouteContext& context, const interpreter::EventsApiBody& body);
IntakeAnswer take_slash_command(SlackRouteContext& context,
                                const interpreter::SlashCommand& command);
IntakeAnswer take_interactive(SlackRouteContext& context,
                              const interpreter::InteractiveAction& action);

// The HTTP answer: 503 with the error, an empty 200, or a 200 with the JSON payload.
http::Response to_http(const IntakeAnswer& answer);

}  // namespace megatron::slack::routes
