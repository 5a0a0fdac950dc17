#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/outreach_messages.hpp"
#include "commands/outreach/support_credentials.hpp"
#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands::outreach {
namespace {

// The post's row (what a Claim click and the escalation find), written with the job's
// completion; recording the same post again keeps the first row.
jobs::CompletionWrites record(CommandRun<HelpRequestJob>& run, const PostedOnce& posted) {
    auto row = help_request_row(run.request);
    row.channel = posted.channel;
    row.message_ts = posted.ts;
    row.requested_at = run.clock.now_millis();
    const Clock& clock = run.clock;
    return [row, &clock](storage::Connection& conn) mutable -> storage::StorageResult<void> {
        storage::Store store(conn, clock);
        auto integration = store.integration(row.integration_id);
        if (!integration) return unexpected(integration.error());
        row.organization_id = integration->organization_id;
        auto recorded = store.record_help_request(row);
        if (!recorded) return unexpected(recorded.error());
        return {};
    };
}

}  // namespace

jobs::JobOutcome help_request(CommandRun<HelpRequestJob>& run) {
    const auto& request = run.request;
    auto& client = run.clients.slack;
    auto found = support_credentials(run.store, request.integration_id);
    if (!found) return std::move(found.error());
    const auto& credentials = *found;
    auto message = help_request_message(request);
    slack::PostMessage post;
    post.channel = request.channel;
    post.text = std::move(message.text);
    post.blocks = std::move(message.blocks);
    auto posted = post_once(client, credentials, post, run.job.idempotency_key, run.retried());
    if (!posted && posted.error().code == slack::SlackErrorCode::NotInChannel) {
        // The customer-service channel is people's channel: the bot joins it on first use
        // (a public channel; a private one needs the bot invited).
        auto joined = slack::join_conversation(client, credentials, request.channel);
        if (!joined) return outcome_for(joined.error());
        posted =
            post_once(client, credentials, std::move(post), run.job.idempotency_key, run.retried());
    }
    if (!posted) return outcome_for(posted.error());
    return done_posting(*posted, record(run, *posted));
}

}  // namespace megatron::commands::outreach
