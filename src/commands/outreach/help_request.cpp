#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/outreach/outreach_messages.hpp"
#include "commands/outreach/support_credentials.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/store.hpp"

#include <boost/json.hpp>

namespace megatron::commands::outreach {

HelpRequestHandler::HelpRequestHandler(storage::Database& db, const Clock& clock,
                                       const OutreachSettings& settings)
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome HelpRequestHandler::run(const jobs::Job& job) {
    auto request = help_request_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a help request"};
    storage::Store store(db_, clock_);
    auto credentials_or = support_credentials(store, request->integration_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&credentials_or)) return std::move(*outcome);
    const auto& credentials = std::get<slack::Credentials>(credentials_or);
    auto message = help_request_message(*request);
    slack::PostMessage post;
    post.channel = request->channel;
    post.text = std::move(message.text);
    post.blocks = std::move(message.blocks);
    auto posted = post_once(client_, credentials, post, job.idempotency_key, job.attempts > 1);
    if (!posted && posted.error().code == slack::SlackErrorCode::NotInChannel) {
        // The customer-service channel is people's channel: the bot joins it on first use
        // (a public channel; a private one needs the bot invited).
        auto joined = slack::join_conversation(client_, credentials, request->channel);
        if (!joined) return outcome_for(joined.error());
        posted =
            post_once(client_, credentials, std::move(post), job.idempotency_key, job.attempts > 1);
    }
    if (!posted) return outcome_for(posted.error());
    return jobs::outcome::Done{
        boost::json::serialize(boost::json::object{
            {"channel", posted->channel}, {"ts", posted->ts}, {"recovered", posted->recovered}}),
        {}};
}

}  // namespace megatron::commands::outreach
