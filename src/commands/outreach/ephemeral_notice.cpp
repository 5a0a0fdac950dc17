#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "commands/outreach/support_credentials.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "storage/store.hpp"

#include <boost/json.hpp>

namespace megatron::commands::outreach {

EphemeralNoticeHandler::EphemeralNoticeHandler(storage::Database& db, const Clock& clock,
                                               const OutreachSettings& settings)
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome EphemeralNoticeHandler::run(const jobs::Job& job) {
    auto request = ephemeral_notice_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not an ephemeral notice"};
    storage::Store store(db_, clock_);
    auto credentials_or = support_credentials(store, request->integration_id);
    if (auto* outcome = std::get_if<jobs::JobOutcome>(&credentials_or)) return std::move(*outcome);
    const auto& credentials = std::get<slack::Credentials>(credentials_or);
    slack::PostEphemeral notice;
    notice.channel = request->channel;
    notice.user = request->user;
    notice.text = request->message.text;
    notice.attachments = request->message.attachments;
    notice.blocks = request->message.blocks;
    auto posted = slack::post_ephemeral(client_, credentials, notice);
    if (!posted) return outcome_for(posted.error());
    return jobs::outcome::Done{boost::json::serialize(boost::json::object{{"message_ts", *posted}}),
                               {}};
}

}  // namespace megatron::commands::outreach
