#include "commands/relay/channel_context.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "commands/text/card_masking.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {

MirrorBotMessageHandler::MirrorBotMessageHandler(storage::Database& db, const Clock& clock,
                                                 const RelaySettings& settings)
    : db_(db),
      clock_(clock),
      settings_(settings),
      client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome MirrorBotMessageHandler::run(const jobs::Job& job) {
    auto request = mirror_bot_message_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a bot message"};
    storage::Store store(db_, clock_);
    auto loaded = load_channel_context(store, request->channel_id);
    if (auto* done = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*done);
    const auto& context = std::get<ChannelContext>(loaded);

    slack::PostMessage post;
    post.channel = context.channel.platform_channel_id;
    post.text = request->text;
    post.attachments = request->attachments;
    post.blocks = request->blocks;
    // The API masks too; doing it here as well keeps any producer from leaking card data.
    post.text = text::mask_card_numbers(post.text);
    text::mask_blocks_or_attachments(post.attachments);
    text::mask_blocks_or_attachments(post.blocks);
    post.username = settings_.bot_name;
    post.icon_url = settings_.bot_icon_url;
    auto posted = post_once(client_, {context.integration.bot_token, {}}, std::move(post),
                            job.idempotency_key, job.attempts > 1);
    if (!posted) return outcome_for(posted.error());

    jobs::CompletionWrites writes;
    if (!request->ts.empty()) {
        auto channel_id = context.channel.id;
        auto bot_ts = request->ts;
        auto mirrored_ts = posted->ts;
        const Clock& clock = clock_;
        writes = [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            storage::Store inside(conn, clock);
            auto existing = inside.find_message_by_integration_id(channel_id, mirrored_ts);
            if (!existing) return unexpected(existing.error());
            if (*existing) return {};
            auto created =
                inside.create_message(channel_id, mirrored_ts, bot_ts, storage::MessageOrigin::Bot);
            if (!created) return unexpected(created.error());
            return {};
        };
    }
    return jobs::outcome::Done{
        boost::json::serialize(boost::json::object{
            {"channel", posted->channel}, {"ts", posted->ts}, {"recovered", posted->recovered}}),
        std::move(writes)};
}

}  // namespace megatron::commands::relay
