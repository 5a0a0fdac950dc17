#pragma once
// Job kind "slack.post_message": posts a plain message to a Slack channel exactly once as
// people see it (commands::post_once). The queue's fault tests drive it; broadcasts can too.
// (It lived in src/jobs/handlers before; jobs may not depend on commands, so it moved here.)
//
// Payload (JSON): {"team_id": "T...", "channel": "C...", "text": "...",
//                  "username"?: "...", "icon_url"?: "...", "thread_ts"?: "..."}
// Result (JSON):  {"channel": "C...", "ts": "...", "recovered": bool}
#include "jobs/handler.hpp"
#include "platforms/slack/connection/call_observer.hpp"
#include "storage/sql.hpp"

#include <string>

namespace megatron::commands {

inline constexpr const char* kPostMessageKind = "slack.post_message";

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

// Registers the handler; bot tokens are read from `db` at run time (SLACK_API_URL: `api_url`);
// `observer` (may be null) is told of its Slack calls.
void add_post_message_handler(jobs::HandlerRegistry& handlers, storage::Database& db,
                              const std::string& api_url, slack::CallObserver* observer = nullptr);

}  // namespace megatron::commands
