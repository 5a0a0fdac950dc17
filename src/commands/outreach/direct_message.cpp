#include "commands/outreach/outreach_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands::outreach {

jobs::JobOutcome direct_message(CommandRun<DirectMessageJob>& run) {
    const auto& request = run.request;
    auto workspace = run.store.workspace(request.workspace_id);
    if (!workspace) {
        // Unregistered since the request was accepted: nobody to send it with.
        if (workspace.error().kind == storage::StorageError::Kind::NotFound) {
            return jobs::outcome::Fatal{"the customer workspace is no longer registered"};
        }
        return retry_storage(workspace.error());
    }
    slack::Credentials credentials{workspace->bot_token, workspace->platform_id};
    auto dm = slack::open_conversation(run.clients.slack, credentials, request.user);
    if (!dm) return outcome_for(dm.error());

    slack::PostMessage post;
    post.channel = dm->channel_id;
    post.text = request.message.text;
    post.attachments = request.message.attachments;
    post.blocks = request.message.blocks;
    auto posted = post_once(run.clients.slack, credentials, std::move(post),
                            run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());
    return done_posting(*posted);
}

}  // namespace megatron::commands::outreach
