#include "commands/relay/relay_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {

jobs::JobOutcome update_mirrored_message(ChannelRun<UpdateMirroredMessage>& run) {
    const auto& request = run.request;
    const auto& context = run.context;
    // The mirror job runs before this one (same ordering key), so a missing mapping means
    // the message was never mirrored (e.g. sent before the channel existed): nothing to edit.
    auto mapping = run.store.find_message_by_customer_id(context.channel.id, request.previous_ts);
    if (!mapping) return retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->integration_msg_id) return done({{"updated", false}});

    slack::UpdateMessage update;
    update.channel = context.channel.platform_channel_id;
    update.ts = *(*mapping)->integration_msg_id;
    update.text = run.redaction().redact(request.text);
    update.attachments = request.attachments.is_null() ? boost::json::value(boost::json::array())
                                                       : request.attachments;
    run.redaction().redact_json(update.attachments);
    // chat.update is idempotent: a repeated run sets the same text again.
    auto updated =
        slack::update_message(run.clients.slack, {context.integration.bot_token, {}}, update);
    if (!updated) {
        if (updated.error().code == slack::SlackErrorCode::MessageNotFound) {
            return done({{"updated", false}});
        }
        return outcome_for(updated.error());
    }

    auto message_id = (*mapping)->id;
    auto mirrored_ts = updated->ts.empty() ? update.ts : updated->ts;
    auto customer_ts = request.ts;
    const Clock& clock = run.clock;
    return done({{"updated", true}, {"ts", mirrored_ts}}, [=, &clock](storage::Connection& conn) {
        storage::Store inside(conn, clock);
        return inside.update_message(message_id, mirrored_ts, customer_ts);
    });
}

}  // namespace megatron::commands::relay
