// POST /megatron/slack/interactive-message/: Megatron's buttons and menus (Pause, Unpause,
// "Open engagement channel", the user picker after search_user), legacy or Block Kit. The
// click names its customer as "<workspace>-<user>"; the command runs as a job.
#include "commands/engagement_thread.hpp"
#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/routes/engagement_jobs.hpp"
#include "platforms/slack/routes/intake.hpp"
#include "platforms/slack/routes/verified.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <charconv>

namespace megatron::slack::routes {
namespace {

bool known_verb(const std::string& verb) {
    static constexpr std::array verbs{"open",          "close", "pause",      "unpause",
                                      "clear-context", "claim", "keep-paused"};
    for (const auto* v : verbs) {
        if (verb == v) return true;
    }
    return false;
}

// Whether the click comes from the Slack channel (and workspace) of the mark's engagement.
storage::StorageResult<bool> from_engagement_of(SlackRouteContext& context,
                                                const interpreter::InteractiveAction& action,
                                                const std::optional<storage::DeliveryMark>& mark) {
    if (!mark) return false;
    auto engagement = context.store.channel(mark->channel_id);
    if (!engagement) {
        if (engagement.error().kind == storage::StorageError::Kind::NotFound) return false;
        return unexpected(engagement.error());
    }
    auto integration = context.store.integration(engagement->integration_id);
    if (!integration) return unexpected(integration.error());
    return integration->team_id == action.team_id &&
           engagement->platform_channel_id == action.channel_id;
}

// Retry on a failed delivery's note: the dead relay job runs again, the same job (its
// idempotency key, its exactly-once post), so the customer gets the message at most once. The
// queue re-queues only a dead job, so a second click (or two agents clicking) does nothing.
IntakeAnswer retry_delivery(SlackRouteContext& context,
                            const interpreter::InteractiveAction& action) {
    std::int64_t job_id = 0;
    const auto& value = action.value;
    auto [end, problem] = std::from_chars(value.data(), value.data() + value.size(), job_id);
    if (problem != std::errc{} || end != value.data() + value.size() || job_id <= 0) {
        return IntakeAnswer::acknowledged();
    }
    auto mark = context.store.find_delivery_mark_by_job(job_id);
    if (!mark) return IntakeAnswer::failed("storage_unavailable");
    // Only from the Slack channel of the engagement the note is in (another workspace's click
    // names a job id it has no business with); in threads mode that is the support channel.
    auto here = from_engagement_of(context, action, *mark);
    if (!here) return IntakeAnswer::failed("storage_unavailable");
    if (!*here) return IntakeAnswer::ephemeral("Megatron has no failed delivery to retry here.");
    auto noted = context.store.set_delivery_retried_by(job_id, action.user_id);
    if (!noted) return IntakeAnswer::failed("storage_unavailable");
    auto retried = context.queue.retry_dead(job_id);
    if (retried) return IntakeAnswer::acknowledged();
    if (retried.error().kind == jobs::QueueError::Kind::NotFound) {
        return IntakeAnswer::ephemeral("This message is already being sent again.");
    }
    spdlog::error("cannot re-queue job {}: {}", job_id, retried.error().message);
    return IntakeAnswer::failed("queue_unavailable");
}

// A message shortcut's command (blocks::kMessageShortcuts). "Megatron: do" hands the bot the
// message's own text (a note such as "// refund 20" is handed without its prefix).
std::optional<std::string> shortcut_verb(const std::string& callback_id) {
    for (const auto& shortcut : blocks::kMessageShortcuts) {
        if (callback_id == shortcut.callback_id) return std::string(shortcut.command);
    }
    return std::nullopt;
}

IntakeAnswer take_message_shortcut(SlackRouteContext& context,
                                   const interpreter::InteractiveAction& action) {
    auto verb = shortcut_verb(action.callback_id);
    if (!verb) return IntakeAnswer::acknowledged();
    const auto& thread =
        action.message_thread_ts.empty() ? action.message_ts : action.message_thread_ts;
    auto engagement = engagement_of(context.store, action.team_id, action.channel_id, thread);
    if (!engagement) return IntakeAnswer::failed("storage_unavailable");
    if (!*engagement || (*engagement)->is_archived) {
        return IntakeAnswer::ephemeral(
            "Use Megatron's shortcuts on a message of an open engagement's thread or channel.");
    }
    auto workspace = context.store.workspace((*engagement)->workspace_id);
    if (!workspace) return IntakeAnswer::failed("storage_unavailable");
    commands::control::ControlJob job;
    job.verb = *verb;
    job.channel = action.channel_id;
    job.agent_id = action.user_id;
    job.response_url = action.response_url;
    job.via = storage::audit_via::kShortcut;
    job.target_workspace_id = workspace->platform_id;
    job.target_user_id = (*engagement)->platform_user_id;
    if (job.verb == "do") {
        auto settings = context.store.engagement_settings((*engagement)->organization_id);
        if (!settings) return IntakeAnswer::failed("storage_unavailable");
        std::string_view text = action.message_text;
        if (commands::is_internal_note(text, settings->note_prefix)) {
            text.remove_prefix(settings->note_prefix.size());
        }
        job.text = strings::trim(text);
        if (job.text.empty()) return IntakeAnswer::ephemeral("The message has no text to do.");
    }
    auto key = !action.trigger_id.empty() ? action.trigger_id
                                          : crypto::sha256_hex(action.response_url + thread);
    return enqueue_control(context, action.team_id, std::move(job), "slack-action:" + key);
}

}  // namespace

IntakeAnswer take_interactive(SlackRouteContext& context,
                              const interpreter::InteractiveAction& action) {
    if (action.kind == interpreter::InteractionKind::MessageAction) {
        return take_message_shortcut(context, action);
    }
    if (action.kind == interpreter::InteractionKind::BlockActions &&
        action.command == blocks::kRetryDeliveryCommand) {
        return retry_delivery(context, action);
    }
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
    job.message_ts = action.message_ts;
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
