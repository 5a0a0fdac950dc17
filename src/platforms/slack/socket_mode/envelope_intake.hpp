#pragma once
// Socket Mode envelopes through the same intake as Slack's HTTP routes (routes/intake.hpp):
// the same parsing, jobs and idempotency keys, so a request is acted on once whichever way
// it came. The ack carries the answer the HTTP route would have sent as its body (the
// slash command's ephemeral help, for instance) when the envelope accepts a payload.
#include "platforms/slack/routes/slack_routes.hpp"
#include "platforms/slack/socket_mode/socket_mode_client.hpp"

namespace megatron::slack::socket_mode {

// `context` must outlive the handler.
EnvelopeHandler intake_handler(routes::SlackRouteContext& context);

}  // namespace megatron::slack::socket_mode
