// scheduled.unpause_reminder: a paused channel that has been quiet for 3 minutes is reminded
// that the bot is paused, with an Unpause button (once per quiet period; the mark is written
// with the job's completion, and post_once covers a crash between the post and the mark).
#include "commands/control/messages.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "storage/store.hpp"

#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace json = boost::json;

UnpauseReminderHandler::UnpauseReminderHandler(storage::Database& db, const Clock& clock,
                                               const ScheduledSettings& settings)
    : db_(db),
      clock_(clock),
      client_(job_client_options(settings.slack_api_url), settings.refresher) {}

jobs::JobOutcome UnpauseReminderHandler::run(const jobs::Job& job) {
    auto task = channel_task_from(job.payload);
    if (!task) return jobs::outcome::Fatal{"payload is not a channel task"};
    storage::Store store(db_, clock_);
    auto loaded = relay::load_channel_context(store, task->channel_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
    const auto& context = std::get<relay::ChannelContext>(loaded);
    auto now = clock_.now_millis();
    // Unpaused, written in or already reminded since the job was enqueued: nothing to say.
    if (!reminder_due(context.channel, now)) return skipped("not due");

    slack::PostMessage reminder;
    reminder.channel = context.channel.platform_channel_id;
    reminder.text = "Paused";
    reminder.blocks = control::paused_reminder_blocks(context.workspace.platform_id,
                                                      context.channel.platform_user_id);
    auto posted = post_once(client_, {context.integration.bot_token, {}}, std::move(reminder),
                            job.idempotency_key, job.attempts > 1);
    if (!posted) return outcome_for(posted.error());

    const Clock& clock = clock_;
    auto channel_id = context.channel.id;
    return jobs::outcome::Done{
        json::serialize(json::object{{"ts", posted->ts}}),
        [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            return storage::Store(conn, clock).mark_paused_reminder_sent(channel_id, now);
        }};
}

}  // namespace megatron::commands::scheduled
