#include "commands/outreach/outreach_handlers.hpp"
#include "commands/outreach/support_credentials.hpp"
#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands::outreach {

jobs::JobOutcome ephemeral_notice(CommandRun<EphemeralNoticeJob>& run) {
    const auto& request = run.request;
    auto credentials = support_credentials(run.store, request.integration_id);
    if (!credentials) return std::move(credentials.error());
    slack::PostEphemeral notice;
    notice.channel = request.channel;
    notice.user = request.user;
    notice.text = request.message.text;
    notice.attachments = request.message.attachments;
    notice.blocks = request.message.blocks;
    auto posted = slack::post_ephemeral(run.clients.slack, *credentials, notice);
    if (!posted) return outcome_for(posted.error());
    return done({{"message_ts", *posted}});
}

}  // namespace megatron::commands::outreach
