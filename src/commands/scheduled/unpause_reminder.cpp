// scheduled.unpause_reminder: a paused channel that has been quiet for 3 minutes is reminded
// that the bot is paused, with an Unpause button (once per quiet period; the mark is written
// with the job's completion, and post_once covers a crash between the post and the mark).
#include "commands/megatron_messages.hpp"
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"

namespace megatron::commands::scheduled {

jobs::JobOutcome unpause_reminder(ChannelRun<ChannelTask>& run) {
    const auto& context = run.context;
    auto now = run.clock.now_millis();
    // Unpaused, written in or already reminded since the job was enqueued: nothing to say.
    if (!reminder_due(context.channel, now)) return skipped("not due");

    slack::PostMessage reminder;
    reminder.channel = context.channel.platform_channel_id;
    reminder.thread_ts = context.channel.thread_ts;  // threads mode: into the thread
    reminder.text = "Paused";
    reminder.blocks =
        paused_reminder_blocks(context.workspace.platform_id, context.channel.platform_user_id);
    auto posted = post_once(run.clients.slack, {context.integration.bot_token, {}},
                            std::move(reminder), run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    const Clock& clock = run.clock;
    auto channel_id = context.channel.id;
    return done({{"ts", posted->ts}},
                [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                    return storage::Store(conn, clock).mark_paused_reminder_sent(channel_id, now);
                });
}

}  // namespace megatron::commands::scheduled
