#pragma once
// Job kind "slack.post_message": posts a message to a Slack channel exactly once as people
// see it. The post carries the job's idempotency key in Slack message metadata; a run after
// an earlier attempt that may have posted (attempts > 1: a crash, a timeout, a dropped
// connection) first looks for that key in the channel's recent history and, when found,
// records the existing message instead of posting again.
//
// Payload (JSON): {"team_id": "T...", "channel": "C...", "text": "...",
//                  "username"?: "...", "icon_url"?: "...", "thread_ts"?: "..."}
// Result (JSON):  {"channel": "C...", "ts": "...", "recovered": bool}
#include "jobs/handler.hpp"
#include "jobs/handlers/bot_tokens.hpp"
#include "jobs/job.hpp"
#include "platforms/slack/connection/web_api_client.hpp"

#include <string>

namespace megatron::jobs {

inline constexpr const char* kPostMessageKind = "slack.post_message";
// Slack metadata event_type of Megatron's posts; event_payload.idempotency_key is the job's.
inline constexpr const char* kPostMetadataEvent = "megatron_post";

struct PostMessageRequest {
    std::string team_id;
    std::string channel;
    std::string text;
    std::string username;
    std::string icon_url;
    std::string thread_ts;
};

// The payload for a post job (what producers enqueue).
std::string post_message_payload(const PostMessageRequest& request);

class PostMessageHandler final : public JobHandler {
  public:
    // `api_url`: SLACK_API_URL. The client does not retry by itself: the queue does, so a
    // worker thread is never blocked in a Retry-After wait.
    PostMessageHandler(BotTokens& tokens, const std::string& api_url);
    JobOutcome run(const Job& job) override;

  private:
    BotTokens& tokens_;
    slack::WebApiClient client_;
};

}  // namespace megatron::jobs
