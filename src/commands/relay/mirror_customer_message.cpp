#include "commands/channel_context.hpp"
#include "commands/profiles.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

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
        auto text_of = [&](const char* key) {
            const auto* v = f.if_contains(key);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        auto title = text_of("title").empty() ? text_of("name") : text_of("title");
        auto link = text_of("permalink").empty() ? text_of("url_private") : text_of("permalink");
        json::object attachment{{"title", title.empty() ? std::string("file") : title}};
        if (!link.empty()) attachment["title_link"] = link;
        out.push_back(std::move(attachment));
    }
    return out;
}

}  // namespace

MirrorCustomerMessageHandler::MirrorCustomerMessageHandler(storage::Database& db,
                                                           const Clock& clock,
                                                           const RelaySettings& settings)
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url)) {}

jobs::JobOutcome MirrorCustomerMessageHandler::run(const jobs::Job& job) {
    auto request = mirror_customer_message_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a customer message"};
    storage::Store store(db_, clock_);
    auto loaded = load_channel_context(store, request->channel_id);
    if (auto* done = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*done);
    const auto& context = std::get<ChannelContext>(loaded);

    auto customer = customer_profile(store, client_, context.workspace, request->user);
    if (!customer) return std::move(customer.error());

    slack::PostMessage post;
    post.channel = context.channel.platform_channel_id;
    post.text = request->text;
    post.attachments = with_file_links(request->attachments, request->files);
    post.username = customer->best_name();
    post.icon_url = customer->profile_image;
    auto posted = post_once(client_, {context.integration.bot_token, {}}, std::move(post),
                            job.idempotency_key, job.attempts > 1);
    if (!posted) return outcome_for(posted.error());

    auto channel_id = context.channel.id;
    auto customer_ts = request->ts;
    auto mirrored_ts = posted->ts;
    const Clock& clock = clock_;
    jobs::CompletionWrites writes =
        [=, &clock](storage::Connection& conn) -> storage::StorageResult<void> {
        storage::Store inside(conn, clock);
        auto existing = inside.find_message_by_customer_id(channel_id, customer_ts);
        if (!existing) return unexpected(existing.error());
        if (!*existing) {
            auto created = inside.create_message(channel_id, mirrored_ts, customer_ts);
            if (!created) return unexpected(created.error());
        }
        return inside.set_last_message_sent(channel_id, clock.now_millis());
    };
    return jobs::outcome::Done{
        json::serialize(json::object{
            {"channel", posted->channel}, {"ts", posted->ts}, {"recovered", posted->recovered}}),
        std::move(writes)};
}

}  // namespace megatron::commands::relay
