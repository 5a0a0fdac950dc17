#include "commands/message_mapping.hpp"
#include "commands/profiles.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "util/json_fields.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {
namespace {

namespace json = boost::json;

// Shared files are shown as attachments linking to them (the support side cannot open the
// customer workspace's private URLs anyway).
json::value with_file_links(json::value attachments, const json::value& files) {
    if (!files.is_array() || files.as_array().empty()) return attachments;
    json::array out = attachments.is_array() ? attachments.as_array() : json::array();
    for (const auto& file : files.as_array()) {
        if (!file.is_object()) continue;
        const auto& f = file.as_object();
        auto text_of = [&](const char* key) { return json_fields::string_or_empty(f, key); };
        auto title = text_of("title").empty() ? text_of("name") : text_of("title");
        auto link = text_of("permalink").empty() ? text_of("url_private") : text_of("permalink");
        json::object attachment{{"title", title.empty() ? std::string("file") : title}};
        if (!link.empty()) attachment["title_link"] = link;
        out.push_back(std::move(attachment));
    }
    return out;
}

}  // namespace

jobs::JobOutcome mirror_customer_message(ChannelRun<MirrorCustomerMessage>& run) {
    const auto& request = run.request;
    const auto& context = run.context;
    auto customer =
        customer_profile(run.store, run.clients.slack, context.workspace, request.user, run.cached);
    if (!customer) return std::move(customer.error());

    slack::PostMessage post;
    post.channel = context.channel.platform_channel_id;
    post.thread_ts = context.channel.thread_ts;  // threads mode: into the engagement's thread
    // Redacted (MEGATRON_REDACT): the text, the attachments and the files' names.
    post.text = run.redaction().redact(request.text);
    post.attachments = with_file_links(request.attachments, request.files);
    run.redaction().redact_json(post.attachments);
    post.username = customer->best_name();
    post.icon_url = customer->profile_image;
    auto posted = post_once(run.clients.slack, {context.integration.bot_token, {}}, std::move(post),
                            run.job.idempotency_key, run.retried());
    if (!posted) return outcome_for(posted.error());

    auto channel_id = context.channel.id;
    auto customer_ts = request.ts;
    auto mirrored_ts = posted->ts;
    const Clock& clock = run.clock;
    return done_posting(
        *posted, [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
            storage::Store inside(conn, clock);
            auto mapped = map_message(inside, channel_id, MappedBy::Customer, mirrored_ts,
                                      customer_ts, storage::MessageOrigin::Customer);
            if (!mapped) return mapped;
            return inside.touch_last_message_sent(channel_id, clock.now_millis());
        });
}

}  // namespace megatron::commands::relay
