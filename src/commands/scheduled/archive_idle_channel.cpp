// scheduled.archive_idle_channel: a channel idle for 36 hours is unpaused (App Command pause
// with paused=false; only the bot app's 200 clears is_paused) and archived, as the original's
// archive_channels task did. A bot app that fails the unpause is retried (by the queue, and
// again next hour) rather than archiving a channel whose customer would stay paused.
#include "app_commands/client.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/store.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace json = boost::json;

ArchiveIdleChannelHandler::ArchiveIdleChannelHandler(storage::Database& db, const Clock& clock,
                                                     const ScheduledSettings& settings)
    : db_(db),
      clock_(clock),
      client_(job_client_options(settings.slack_api_url), settings.refresher),
      verification_token_(settings.verification_token) {}

jobs::JobOutcome ArchiveIdleChannelHandler::run(const jobs::Job& job) {
    auto task = channel_task_from(job.payload);
    if (!task) return jobs::outcome::Fatal{"payload is not a channel task"};
    storage::Store store(db_, clock_);
    auto loaded = relay::load_channel_context(store, task->channel_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    const auto& context = std::get<relay::ChannelContext>(loaded);
    const auto& channel = context.channel;
    if (!archive_due(channel, clock_.now_millis())) return skipped("active again");

    bool unpaused = false;
    if (channel.is_paused) {
        auto organization = store.organization(channel.organization_id);
        if (!organization) return relay::retry_storage(organization.error());
        const auto& url = organization->command_url;
        if (url && !url->empty()) {
            slack::Credentials customer{context.workspace.bot_token, context.workspace.platform_id};
            auto dm = slack::open_conversation(client_, customer, channel.platform_user_id);
            if (!dm) return outcome_for(dm.error());
            app_commands::AppCommandClient bot_app(http_, clock_);
            auto sent = bot_app.pause(
                app_commands::command_endpoint(*url, verification_token_,
                                               organization->verification_token),
                {dm->channel_id, context.workspace.platform_id, channel.platform_user_id, false});
            if (!sent) return jobs::outcome::Retry{"unpause: " + sent.error().message(), {}};
            unpaused = true;
        } else {
            // Nobody can be told; the bot app never heard of the pause through Megatron.
            spdlog::warn("archiving paused channel {} without a command_url", channel.id);
        }
    }

    auto archived = slack::archive_conversation(client_, {context.integration.bot_token, {}},
                                                channel.platform_channel_id);
    // Already archived in Slack (an earlier attempt, or by hand) or deleted: archived enough.
    if (!archived && archived.error().code != slack::SlackErrorCode::AlreadyArchived &&
        archived.error().code != slack::SlackErrorCode::ChannelNotFound) {
        return outcome_for(archived.error());
    }

    const Clock& clock = clock_;
    auto channel_id = channel.id;
    return jobs::outcome::Done{
        json::serialize(
            json::object{{"archived", channel.platform_channel_id}, {"unpaused", unpaused}}),
        [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            storage::Store inside(conn, clock);
            if (unpaused) {
                auto cleared = inside.set_paused(channel_id, false);
                if (!cleared) return cleared;
            }
            return inside.set_archived(channel_id, true);
        }};
}

}  // namespace megatron::commands::scheduled
