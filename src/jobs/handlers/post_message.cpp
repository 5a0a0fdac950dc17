#include "jobs/handlers/post_message.hpp"

#include "platforms/slack/connection/methods.hpp"

#include <boost/json.hpp>

namespace megatron::jobs {
namespace {

namespace json = boost::json;

std::string field(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

slack::WebApiClientOptions client_options(const std::string& api_url) {
    slack::WebApiClientOptions options;
    options.base_url = api_url;
    options.retry = slack::RetryPolicy::no_wait();
    return options;
}

JobOutcome from_error(const slack::SlackError& error) {
    if (error.code == slack::SlackErrorCode::RateLimited) {
        return outcome::RateLimited{error.retry_after.value_or(std::chrono::seconds(1))};
    }
    if (error.is_transient() || error.outcome_unknown) return outcome::Retry{error.describe()};
    return outcome::Fatal{error.describe()};
}

std::string result_json(const std::string& channel, const std::string& ts, bool recovered) {
    return json::serialize(
        json::object{{"channel", channel}, {"ts", ts}, {"recovered", recovered}});
}

}  // namespace

std::string post_message_payload(const PostMessageRequest& r) {
    json::object o{{"team_id", r.team_id}, {"channel", r.channel}, {"text", r.text}};
    if (!r.username.empty()) o["username"] = r.username;
    if (!r.icon_url.empty()) o["icon_url"] = r.icon_url;
    if (!r.thread_ts.empty()) o["thread_ts"] = r.thread_ts;
    return json::serialize(o);
}

PostMessageHandler::PostMessageHandler(BotTokens& tokens, const std::string& api_url)
    : tokens_(tokens), client_(client_options(api_url)) {}

JobOutcome PostMessageHandler::run(const Job& job) {
    boost::system::error_code ec;
    auto parsed = json::parse(job.payload, ec);
    if (ec || !parsed.is_object()) return outcome::Fatal{"payload is not a JSON object"};
    const auto& payload = parsed.as_object();
    PostMessageRequest request{field(payload, "team_id"),  field(payload, "channel"),
                               field(payload, "text"),     field(payload, "username"),
                               field(payload, "icon_url"), field(payload, "thread_ts")};
    if (request.team_id.empty() || request.channel.empty()) {
        return outcome::Fatal{"payload needs team_id and channel"};
    }
    auto token = tokens_.bot_token(request.team_id);
    if (!token) return outcome::Retry{"cannot read the bot token: " + token.error().message};
    if (!*token) return outcome::Fatal{"no workspace with team id " + request.team_id};
    slack::Credentials credentials{**token, {}};

    if (job.attempts > 1) {
        // An earlier run may have posted before it could record it: look before posting.
        slack::HistoryQuery query;
        query.channel = request.channel;
        query.limit = 50;
        query.include_all_metadata = true;
        auto history = slack::conversation_history(client_, credentials, query);
        if (!history) return from_error(history.error());
        for (const auto& message : history->messages) {
            if (!message.metadata || message.metadata->event_type != kPostMetadataEvent) continue;
            if (field(message.metadata->event_payload, "idempotency_key") == job.idempotency_key) {
                return outcome::Done{result_json(request.channel, message.ts, true), {}};
            }
        }
    }

    slack::PostMessage post;
    post.channel = request.channel;
    post.text = request.text;
    post.username = request.username;
    post.icon_url = request.icon_url;
    post.thread_ts = request.thread_ts;
    post.metadata = slack::MessageMetadata{kPostMetadataEvent,
                                           json::object{{"idempotency_key", job.idempotency_key}}};
    auto posted = slack::post_message(client_, credentials, post);
    if (!posted) return from_error(posted.error());
    return outcome::Done{result_json(posted->channel, posted->ts, false), {}};
}

}  // namespace megatron::jobs
