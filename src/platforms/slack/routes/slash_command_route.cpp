// POST /megatron/slack/slash-command/: /megatron <verb> [user] and /megatron do <text>. An
// unknown or malformed command is answered at once with the list of commands; the others run
// as jobs that answer through the response_url.
#include "platforms/slack/interpreter/slash_command.hpp"
#include "platforms/slack/routes/engagement_jobs.hpp"
#include "platforms/slack/routes/intake.hpp"
#include "platforms/slack/routes/verified.hpp"
#include "util/crypto.hpp"

namespace megatron::slack::routes {

IntakeAnswer take_slash_command(SlackRouteContext& context,
                                const interpreter::SlashCommand& command) {
    auto words = interpreter::parse_megatron_command(command.text);
    if (!words || std::holds_alternative<interpreter::UnknownCommand>(*words)) {
        return IntakeAnswer::ephemeral(interpreter::command_help_text());
    }
    commands::control::ControlJob job;
    job.channel = command.channel_id;
    job.agent_id = command.user_id;
    job.response_url = command.response_url;
    job.via = "slash_command";
    if (const auto* control = std::get_if<interpreter::ControlCommand>(&*words)) {
        job.verb = std::string(interpreter::to_string(control->verb));
        job.target_name = control->target_user.value_or("");
    } else {
        job.verb = "do";
        job.text = std::get<interpreter::DoCommand>(*words).text;
    }
    // Each slash command has its own response_url; its hash names the job without the secret.
    return enqueue_control(context, command.team_id, std::move(job),
                           "slack-command:" + crypto::sha256_hex(command.response_url));
}

namespace {

http::Response on_slash_command(SlackRouteContext& context, const http::Request& request) {
    auto command = interpreter::parse_slash_command(request.body());
    if (!command) return http::error_response(http::Status::bad_request, "invalid_command");
    return to_http(take_slash_command(context, *command));
}

}  // namespace

void add_slash_command_route(http::Router& router, SlackRouteContext& context) {
    router.add(http::Verb::post, "/megatron/slack/slash-command/",
               verified(context, [&context](const http::Request& request, http::RequestContext&) {
                   return on_slash_command(context, request);
               }));
}

}  // namespace megatron::slack::routes
