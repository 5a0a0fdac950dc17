#include "commands/relay/channel_context.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {

UpdateMirroredMessageHandler::UpdateMirroredMessageHandler(storage::Database& db,
                                                           const Clock& clock,
                                                           const RelaySettings& settings)
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome UpdateMirroredMessageHandler::run(const jobs::Job& job) {
    auto request = update_mirrored_message_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not an edit"};
    storage::Store store(db_, clock_);
    auto loaded = load_channel_context(store, request->channel_id);
    if (auto* done = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*done);
    const auto& context = std::get<ChannelContext>(loaded);

    // The mirror job runs before this one (same ordering key), so a missing mapping means
    // the message was never mirrored (e.g. sent before the channel existed): nothing to edit.
    auto mapping = store.find_message_by_customer_id(context.channel.id, request->previous_ts);
    if (!mapping) return retry_storage(mapping.error());
    if (!*mapping || !(*mapping)->integration_msg_id) {
        return jobs::outcome::Done{R"({"updated":false})", {}};
    }

    slack::UpdateMessage update;
    update.channel = context.channel.platform_channel_id;
    update.ts = *(*mapping)->integration_msg_id;
    update.text = request->text;
    update.attachments = request->attachments.is_null() ? boost::json::value(boost::json::array())
                                                        : request->attachments;
    // chat.update is idempotent: a repeated run sets the same text again.
    auto updated = slack::update_message(client_, {context.integration.bot_token, {}}, update);
    if (!updated) {
        if (updated.error().code == slack::SlackErrorCode::MessageNotFound) {
            return jobs::outcome::Done{R"({"updated":false})", {}};
        }
        return outcome_for(updated.error());
    }

    auto message_id = (*mapping)->id;
    auto mirrored_ts = updated->ts.empty() ? update.ts : updated->ts;
    auto customer_ts = request->ts;
    const Clock& clock = clock_;
    jobs::CompletionWrites writes = [=, &clock](storage::Connection& conn) {
        storage::Store inside(conn, clock);
        return inside.update_message(message_id, mirrored_ts, customer_ts);
    };
    return jobs::outcome::Done{
        boost::json::serialize(boost::json::object{{"updated", true}, {"ts", mirrored_ts}}),
        std::move(writes)};
}

}  // namespace megatron::commands::relay
