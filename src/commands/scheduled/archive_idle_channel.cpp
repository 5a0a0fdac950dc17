// scheduled.archive_idle_channel: a channel idle for 36 hours is unpaused (App Command pause
// with paused=false; only the bot app's 200 clears is_paused) and archived, as the original's
// archive_channels task did; in threads mode the thread is closed (its parent says so), and the
// customer's open help request is closed on its post. A bot app that fails the unpause is
// retried (by the queue, and again next hour) rather than archiving a channel whose customer
// would stay paused.
#include "app_commands/client.hpp"
#include "commands/engagement_thread.hpp"
#include "commands/help_request_post.hpp"
#include "commands/profiles.hpp"
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <spdlog/spdlog.h>

namespace megatron::commands::scheduled {

Expected<bool, jobs::JobOutcome> unpause_for_bot_app(ChannelRun<ChannelTask>& run,
                                                     const Secret& verification_token) {
    const auto& context = run.context;
    const auto& channel = context.channel;
    auto organization = run.store.organization(channel.organization_id);
    if (!organization) return unexpected(retry_storage(organization.error()));
    const auto& url = organization->command_url;
    if (!url || url->empty()) {
        // Nobody can be told; the bot app never heard of the pause through Megatron.
        spdlog::warn("archiving paused channel {} without a command_url", channel.id);
        return false;
    }
    slack::Credentials customer{context.workspace.bot_token, context.workspace.platform_id};
    auto dm = slack::open_conversation(run.clients.slack, customer, channel.platform_user_id);
    if (!dm) return unexpected(outcome_for(dm.error()));
    app_commands::AppCommandClient bot_app(run.clients.http(), run.clock,
                                           run.clients.app_command_options());
    auto sent = bot_app.pause(
        app_commands::command_endpoint(*url, verification_token, organization->verification_token),
        {dm->channel_id, context.workspace.platform_id, channel.platform_user_id, false});
    if (!sent) {
        return unexpected(
            jobs::JobOutcome{jobs::outcome::Retry{"unpause: " + sent.error().message(), {}}});
    }
    return true;
}

namespace {

// Channel mode archives the channel; threads mode closes the thread by updating its parent
// (the support channel is everyone's). The parent is written as the job's completion will
// leave the engagement: closed, and unpaused if the bot app was told.
std::optional<jobs::JobOutcome> close_in_slack(ChannelRun<ChannelTask>& run, bool unpaused) {
    const auto& context = run.context;
    auto channel = context.channel;
    if (channel.is_thread()) {
        channel.is_archived = true;
        if (unpaused) channel.is_paused = false;
        auto profile = customer_profile_or_id(run.store, run.clients.slack, context.workspace,
                                              channel.platform_user_id);
        auto updated = update_thread_parent(run.clients.slack, context.integration, channel,
                                            thread_parent_of(channel, context.workspace, profile));
        // A parent deleted by hand is no reason to keep the engagement open.
        if (!updated && updated.error().code != slack::SlackErrorCode::MessageNotFound &&
            updated.error().code != slack::SlackErrorCode::ChannelNotFound) {
            return outcome_for(updated.error());
        }
        return std::nullopt;
    }
    auto archived = slack::archive_conversation(
        run.clients.slack, {context.integration.bot_token, {}}, channel.platform_channel_id);
    // Already archived in Slack (an earlier attempt, or by hand) or deleted: archived enough.
    if (!archived && archived.error().code != slack::SlackErrorCode::AlreadyArchived &&
        archived.error().code != slack::SlackErrorCode::ChannelNotFound) {
        return outcome_for(archived.error());
    }
    return std::nullopt;
}

}  // namespace

jobs::JobOutcome archive_idle_channel(ChannelRun<ChannelTask>& run,
                                      const Secret& verification_token) {
    const auto& context = run.context;
    const auto& channel = context.channel;
    if (!archive_due(channel, run.clock.now_millis())) return skipped("active again");

    bool unpaused = false;
    if (channel.is_paused) {
        auto told = unpause_for_bot_app(run, verification_token);
        if (!told) return std::move(told.error());
        unpaused = *told;
    }

    if (auto failed = close_in_slack(run, unpaused)) return std::move(*failed);
    // The customer's open help request closes with the engagement, on its post too.
    if (auto failed = close_open_help_request(
            run.store, run.clients.slack, {context.integration.bot_token, {}},
            context.workspace.platform_id, channel.platform_user_id, kClosedWhenIdle,
            run.clock.now_millis())) {
        return std::move(*failed);
    }

    const Clock& clock = run.clock;
    auto channel_id = channel.id;
    storage::AuditEntry entry;  // recorded with the archive itself: once, however often run
    entry.organization_id = channel.organization_id;
    entry.actor = "megatron";
    entry.action = "archive";
    entry.via = storage::audit_via::kScheduledTask;
    entry.channel = channel.platform_channel_id;
    entry.workspace = context.workspace.platform_id;
    entry.customer = channel.platform_user_id;
    entry.detail = unpaused ? "idle; unpaused" : "idle";
    return done({{"archived", channel.platform_channel_id}, {"unpaused", unpaused}},
                [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                    storage::Store inside(conn, clock);
                    if (unpaused) {
                        auto cleared = inside.set_paused(channel_id, false);
                        if (!cleared) return cleared;
                    }
                    auto stored = inside.set_archived(channel_id, true);
                    if (!stored) return stored;
                    return inside.record_audit(entry);
                });
}

}  // namespace megatron::commands::scheduled
