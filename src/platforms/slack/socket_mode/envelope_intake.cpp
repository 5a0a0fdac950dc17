#include "platforms/slack/socket_mode/envelope_intake.hpp"

#include "platforms/slack/routes/intake.hpp"
#include "util/request_context.hpp"

#include <spdlog/spdlog.h>

namespace megatron::slack::socket_mode {
namespace {

routes::IntakeAnswer take(routes::SlackRouteContext& context,
                          const interpreter::SocketEnvelope& envelope) {
    if (const auto* body = std::get_if<interpreter::EventsApiBody>(&envelope.payload)) {
        return routes::take_event(context, *body);
    }
    if (const auto* command = std::get_if<interpreter::SlashCommand>(&envelope.payload)) {
        return routes::take_slash_command(context, *command);
    }
    if (const auto* action = std::get_if<interpreter::InteractiveAction>(&envelope.payload)) {
        return routes::take_interactive(context, *action);
    }
    return routes::IntakeAnswer::acknowledged();  // a kind Megatron does not use
}

}  // namespace

EnvelopeHandler intake_handler(routes::SlackRouteContext& context) {
    return [&context](
               const interpreter::SocketEnvelope& envelope) -> std::optional<boost::json::value> {
        // The envelope's id names the request in the log lines and jobs it leads to, as an
        // HTTP request's X-Request-Id does (one Slack sends twice keeps its id).
        request_context::Scope request(request_context::adopt_or_new(envelope.envelope_id));
        auto answer = take(context, envelope);
        if (!answer.unavailable.empty()) {
            spdlog::warn("Socket Mode: {} envelope not stored ({}); Slack will send it again",
                         envelope.type_name, answer.unavailable);
            return std::nullopt;
        }
        if (!envelope.accepts_response_payload) return boost::json::value(nullptr);
        return std::move(answer.payload);
    };
}

}  // namespace megatron::slack::socket_mode
