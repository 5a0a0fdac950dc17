// POST /megatron/slack/interactive-message/: Megatron's buttons and menus (Pause, Unpause,
// "Open engagement channel", the user picker after search_user), legacy or Block Kit. The
// click names its customer as "<workspace>-<user>"; the command runs as a job.
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/routes/engagement_jobs.hpp"
#include "platforms/slack/routes/intake.hpp"
#include "platforms/slack/routes/verified.hpp"
#include "util/crypto.hpp"

#include <array>

namespace megatron::slack::routes {
namespace {

bool known_verb(const std::string& verb) {
    static constexpr std::array verbs{"open", "close", "pause", "unpause", "clear-context"};
    for (const auto* v : verbs) {
        if (verb == v) return true;
    }
    return false;
}

}  // namespace

IntakeAnswer take_interactive(SlackRouteContext& context,
                              const interpreter::InteractiveAction& action) {
    if (action.kind == interpreter::InteractionKind::Other || !action.target ||
        !known_verb(action.command)) {
        return IntakeAnswer::acknowledged();
    }
    commands::control::ControlJob job;
    job.verb = action.command;
    job.channel = action.channel_id;
    job.agent_id = action.user_id;
    job.response_url = action.response_url;
    job.via = "button";
    job.target_workspace_id = action.target->workspace_id;
    job.target_user_id = action.target->user_id;
    // A click is one trigger; Slack's retries of it carry the same trigger_id.
    auto key = !action.trigger_id.empty() ? action.trigger_id
                                          : crypto::sha256_hex(action.response_url + action.value);
    return enqueue_control(context, action.team_id, std::move(job), "slack-action:" + key);
}

namespace {

http::Response on_interactive(SlackRouteContext& context, const http::Request& request) {
    auto action = interpreter::parse_interactive_body(request.body());
    if (!action) return http::error_response(http::Status::bad_request, "invalid_payload");
    return to_http(take_interactive(context, *action));
}

}  // namespace

void add_interactive_route(http::Router& router, SlackRouteContext& context) {
    router.add(http::Verb::post, "/megatron/slack/interactive-message/",
               verified(context, [&context](const http::Request& request, http::RequestContext&) {
                   return on_interactive(context, request);
               }));
}

}  // namespace megatron::slack::routes
