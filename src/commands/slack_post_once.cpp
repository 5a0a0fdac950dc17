#include "commands/slack_post_once.hpp"

#include "platforms/slack/connection/methods.hpp"
#include "util/json_fields.hpp"

namespace megatron::commands {
namespace {

constexpr int kHistoryLookback = 50;
// A thread is read oldest first, so its look-back pages through it (up to this many pages of
// 200): a retried post into a thread of thousands of replies is not expected.
constexpr int kThreadPages = 10;
constexpr int kThreadPageSize = 200;

bool carries_key(const slack::HistoryMessage& message, const std::string& key) {
    if (!message.metadata || message.metadata->event_type != kPostMetadataEvent) return false;
    return json_fields::string_or_empty(message.metadata->event_payload, "idempotency_key") == key;
}

Expected<std::optional<slack::HistoryMessage>, slack::SlackError> find_in_thread(
    slack::WebApiClient& client, const slack::Credentials& credentials, const std::string& channel,
    const std::function<bool(const slack::HistoryMessage&)>& is_ours,
    const std::string& thread_ts) {
    slack::HistoryQuery query;
    query.channel = channel;
    query.limit = kThreadPageSize;
    query.include_all_metadata = true;
    std::optional<slack::HistoryMessage> newest;
    for (int page = 0; page < kThreadPages; ++page) {
        auto replies = slack::conversation_replies(client, credentials, query, thread_ts);
        if (!replies) return unexpected(std::move(replies.error()));
        for (const auto& message : replies->messages) {
            if (is_ours(message)) newest = message;  // oldest first: the last match is newest
        }
        if (!replies->has_more || replies->next_cursor.empty()) break;
        query.cursor = replies->next_cursor;
    }
    return newest;
}

}  // namespace

Expected<PostedOnce, slack::SlackError> post_once(slack::WebApiClient& client,
                                                  const slack::Credentials& credentials,
                                                  slack::PostMessage message,
                                                  const std::string& idempotency_key,
                                                  bool may_have_posted) {
    if (may_have_posted) {
        auto earlier = find_recent(
            client, credentials, message.channel,
            [&](const auto& m) { return carries_key(m, idempotency_key); }, message.thread_ts);
        if (!earlier) return unexpected(earlier.error());
        if (*earlier) return PostedOnce{message.channel, (*earlier)->ts, true};
    }
    message.metadata = slack::MessageMetadata{
        kPostMetadataEvent, boost::json::object{{"idempotency_key", idempotency_key}}};
    auto posted = slack::post_message(client, credentials, message);
    if (!posted) return unexpected(posted.error());
    return PostedOnce{posted->channel, posted->ts, false};
}

Expected<std::optional<slack::HistoryMessage>, slack::SlackError> find_recent(
    slack::WebApiClient& client, const slack::Credentials& credentials, const std::string& channel,
    const std::function<bool(const slack::HistoryMessage&)>& is_ours,
    const std::string& thread_ts) {
    if (!thread_ts.empty()) return find_in_thread(client, credentials, channel, is_ours, thread_ts);
    slack::HistoryQuery query;
    query.channel = channel;
    query.limit = kHistoryLookback;
    query.include_all_metadata = true;
    return slack::conversation_history(client, credentials, query)
        .transform([&](const slack::HistoryPage& page) -> std::optional<slack::HistoryMessage> {
            for (const auto& message : page.messages) {
                if (is_ours(message)) return message;
            }
            return std::nullopt;
        });
}

jobs::JobOutcome outcome_for(const slack::SlackError& error) {
    if (error.code == slack::SlackErrorCode::RateLimited) {
        return jobs::outcome::RateLimited{error.retry_after.value_or(std::chrono::seconds(1))};
    }
    // A refused customer token the bot app could not replace yet: try again with backoff.
    if (error.is_transient() || error.outcome_unknown || error.refresh_failed)
        return jobs::outcome::Retry{error.describe()};
    return jobs::outcome::Fatal{error.describe()};
}

slack::WebApiClientOptions job_client_options(const std::string& api_url,
                                              slack::CallObserver* observer) {
    slack::WebApiClientOptions options;
    options.base_url = api_url;
    options.observer = observer;
    options.retry = slack::RetryPolicy::no_wait();
    return options;
}

}  // namespace megatron::commands
