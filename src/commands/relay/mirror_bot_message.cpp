#include "commands/message_mapping.hpp"
#include "commands/relay/relay_handlers.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {

jobs::JobOutcome mirror_bot_message(ChannelRun<MirrorBotMessage>& run,
                                    const RelaySettings& settings) {
    const auto& request = run.request;
    const auto& context = run.context;
    slack::PostMessage post;
    post.channel = context.channel.platform_channel_id;
    post.thread_ts = context.channel.thread_ts;  // threads mode: into the engagement's thread
    post.text = request.text;
    post.attachments = request.attachments;
    post.blocks = request.blocks;
    // The API masks cards too; redacting here as well keeps any producer from leaking.
    post.text = run.redaction().redact(post.text);
    run.redaction().redact_json(post.attachments);
    run.redaction().redact_json(post.blocks);
    post.username = settings.bot_name;
    post.icon_url = settings.bot_icon_url;
    auto posted = post_once(run.clients.slack, {context.integration.bot_token, {}}, std::move(post),
                            run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    jobs::CompletionWrites writes;
    if (!request.ts.empty()) {
        auto channel_id = context.channel.id;
        auto bot_ts = request.ts;
        auto mirrored_ts = posted->ts;
        const Clock& clock = run.clock;
        writes = [=, &clock](storage::Connection& conn) {
            storage::Store inside(conn, clock);
            return map_message(inside, channel_id, MappedBy::Integration, mirrored_ts, bot_ts,
                               storage::MessageOrigin::Bot);
        };
    }
    return done_posting(*posted, std::move(writes));
}

}  // namespace megatron::commands::relay
