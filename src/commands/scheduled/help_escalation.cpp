// scheduled.help_escalation: a help request nobody claimed within
// MEGATRON_HELP_ESCALATE_MINUTES gets one @here reply in its thread. One job per request (the
// fan-out's key names it), the post is post_once, and the mark is written with the job's
// completion, so every process's minute ticks together remind once.
#include "commands/help_request_post.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands::scheduled {

jobs::JobOutcome help_escalation(CommandRun<HelpRequestTask>& run, std::chrono::minutes after) {
    auto request = run.store.help_request(run.request.help_request_id);
    if (!request) {
        // Its organization or support workspace went away: nobody to remind.
        if (request.error().kind == storage::StorageError::Kind::NotFound) {
            return skipped("help request gone");
        }
        return retry_storage(request.error());
    }
    // Claimed, closed or reminded since the job was enqueued: nothing to say.
    if (request->claimed_by || request->closed_at || request->escalated_at) {
        return skipped("claimed, closed or reminded");
    }
    auto integration = run.store.integration(request->integration_id);
    if (!integration) return retry_storage(integration.error());

    slack::PostMessage reminder;
    reminder.channel = request->channel;
    reminder.thread_ts = request->message_ts;
    reminder.text = escalation_text(after.count());
    auto posted = post_once(run.clients.slack, {integration->bot_token, {}}, std::move(reminder),
                            run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    const Clock& clock = run.clock;
    auto id = request->id;
    auto now = clock.now_millis();
    return done_posting(*posted,
                        [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
                            return storage::Store(conn, clock).mark_help_request_escalated(id, now);
                        });
}

}  // namespace megatron::commands::scheduled
