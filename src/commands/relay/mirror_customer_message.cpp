#include "commands/relay/channel_context.hpp"
#include "commands/relay/relay_handlers.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::commands::relay {
namespace {

namespace json = boost::json;

storage::Profile profile_from(const slack::UserProfile& user) {
    storage::Profile profile;
    profile.platform_id = user.id;
    profile.username = user.name.empty() ? user.id : user.name;
    if (!user.display_name.empty()) profile.display_name = user.display_name;
    if (!user.real_name.empty()) profile.real_name = user.real_name;
    profile.profile_image = !user.image_72.empty() ? user.image_72 : user.image_48;
    return profile;
}

// The customer's cached profile, fetched from their workspace the first time. A customer
// Slack cannot find is shown by user id rather than holding their message back.
std::variant<storage::Profile, jobs::JobOutcome> customer_profile(
    storage::Store& store, slack::WebApiClient& client, const storage::CustomerWorkspace& workspace,
    const std::string& user_id) {
    auto cached = store.find_platform_user(workspace.id, user_id);
    if (!cached) return retry_storage(cached.error());
    if (*cached) return (*cached)->profile;

    auto fetched = slack::user_info(client, {workspace.bot_token, workspace.platform_id}, user_id);
    if (!fetched) {
        if (fetched.error().code != slack::SlackErrorCode::UserNotFound) {
            return outcome_for(fetched.error());
        }
        storage::Profile unknown;
        unknown.platform_id = user_id;
        unknown.username = user_id;
        return unknown;
    }
    auto profile = profile_from(*fetched);
    auto stored = store.upsert_platform_user(workspace.id, profile);
    if (!stored) return retry_storage(stored.error());
    return profile;
}

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
    : db_(db), clock_(clock), client_(job_client_options(settings.api_url), settings.refresher) {}

jobs::JobOutcome MirrorCustomerMessageHandler::run(const jobs::Job& job) {
    auto request = mirror_customer_message_from(job.payload);
    if (!request) return jobs::outcome::Fatal{"payload is not a customer message"};
    storage::Store store(db_, clock_);
    auto loaded = load_channel_context(store, request->channel_id);
    if (auto* done = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*done);
    const auto& context = std::get<ChannelContext>(loaded);

    auto profile = customer_profile(store, client_, context.workspace, request->user);
    if (auto* done = std::get_if<jobs::JobOutcome>(&profile)) return std::move(*done);
    const auto& customer = std::get<storage::Profile>(profile);

    slack::PostMessage post;
    post.channel = context.channel.platform_channel_id;
    post.text = request->text;
    post.attachments = with_file_links(request->attachments, request->files);
    post.username = customer.best_name();
    post.icon_url = customer.profile_image;
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
            auto created = inside.create_message(channel_id, mirrored_ts, customer_ts,
                                                 storage::MessageOrigin::Customer);
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
