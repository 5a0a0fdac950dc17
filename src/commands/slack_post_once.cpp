#include "commands/slack_post_once.hpp"

#include "platforms/slack/connection/methods.hpp"

namespace megatron::commands {
namespace {

constexpr int kHistoryLookback = 50;

bool carries_key(const slack::HistoryMessage& message, const std::string& key) {
    if (!message.metadata || message.metadata->event_type != kPostMetadataEvent) return false;
    const auto* v = message.metadata->event_payload.if_contains("idempotency_key");
    return v != nullptr && v->is_string() && v->as_string() == key;
}

}  // namespace

Expected<PostedOnce, slack::SlackError> post_once(slack::WebApiClient& client,
                                                  const slack::Credentials& credentials,
                                                  slack::PostMessage message,
                                                  const std::string& idempotency_key,
                                                  bool may_have_posted) {
    if (may_have_posted) {
        slack::HistoryQuery query;
        query.channel = message.channel;
        query.limit = kHistoryLookback;
        query.include_all_metadata = true;
        auto history = slack::conversation_history(client, credentials, query);
        if (!history) return unexpected(history.error());
        for (const auto& earlier : history->messages) {
            if (carries_key(earlier, idempotency_key)) {
                return PostedOnce{message.channel, earlier.ts, true};
            }
        }
    }
    message.metadata = slack::MessageMetadata{
        kPostMetadataEvent, boost::json::object{{"idempotency_key", idempotency_key}}};
    auto posted = slack::post_message(client, credentials, message);
    if (!posted) return unexpected(posted.error());
    return PostedOnce{posted->channel, posted->ts, false};
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

slack::WebApiClientOptions job_client_options(const std::string& api_url) {
    slack::WebApiClientOptions options;
    options.base_url = api_url;
    options.retry = slack::RetryPolicy::no_wait();
    return options;
}

}  // namespace megatron::commands
