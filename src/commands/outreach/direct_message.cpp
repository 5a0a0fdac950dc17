#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/relay/channel_context.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/store.hpp"

#include <boost/json.hpp>

namespace megatron::commands::outreach {

DirectMessageHandler::DirectMessageHandler(storage::Database& db, const Clock& clock,
                                           const OutreachSettings& settings)
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome DirectMessageHandler::run(const jobs::Job& job) {
    auto request = direct_message_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a direct message"};
    storage::Store store(db_, clock_);
    auto workspace = store.workspace(request->workspace_id);
    if (!workspace) {
        // Unregistered since the request was accepted: nobody to send it with.
        if (workspace.error().kind == storage::StorageError::Kind::NotFound) {
            return jobs::outcome::Fatal{"the customer workspace is no longer registered"};
        }
        return relay::retry_storage(workspace.error());
    }
    slack::Credentials credentials{workspace->bot_token, workspace->platform_id};
    auto dm = slack::open_conversation(client_, credentials, request->user);
    if (!dm) return outcome_for(dm.error());

    slack::PostMessage post;
    post.channel = dm->channel_id;
    post.text = request->message.text;
    post.attachments = request->message.attachments;
    post.blocks = request->message.blocks;
    auto posted =
        post_once(client_, credentials, std::move(post), job.idempotency_key, job.attempts > 1);
    if (!posted) return outcome_for(posted.error());
    return jobs::outcome::Done{
        boost::json::serialize(boost::json::object{
            {"channel", posted->channel}, {"ts", posted->ts}, {"recovered", posted->recovered}}),
        {}};
}

}  // namespace megatron::commands::outreach
