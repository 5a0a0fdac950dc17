#pragma once
// Posting to Slack exactly once as people see it, for any job handler: the post carries the
// job's idempotency key in Slack message metadata, and a run that may follow an earlier
// attempt which posted (a crash, a timeout, a dropped connection) first looks for that key
// in the channel's recent history and returns the existing message instead of posting again.
// (The same approach as jobs/handlers/post_message.cpp, in one place for every command.)
#include "jobs/handler.hpp"
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"

#include <functional>
#include <optional>
#include <string>

namespace megatron::commands {

// Slack metadata event_type of Megatron's posts; event_payload.idempotency_key is the job's.
inline constexpr const char* kPostMetadataEvent = "megatron_post";

struct PostedOnce {
    std::string channel;
    std::string ts;
    bool recovered = false;  // found in history: an earlier attempt had posted it
};

// `may_have_posted`: pass job.attempts > 1.
Expected<PostedOnce, slack::SlackError> post_once(slack::WebApiClient& client,
                                                  const slack::Credentials& credentials,
                                                  slack::PostMessage message,
                                                  const std::string& idempotency_key,
                                                  bool may_have_posted);

// The newest of the channel's recent messages (the look-back post_once uses) that `is_ours`
// recognises, or nullopt: how a job that may have delivered before finds its delivery. With
// `thread_ts`, the thread's messages (conversations.replies; a post into a thread is not in
// the channel's history).
Expected<std::optional<slack::HistoryMessage>, slack::SlackError> find_recent(
    slack::WebApiClient& client, const slack::Credentials& credentials, const std::string& channel,
    const std::function<bool(const slack::HistoryMessage&)>& is_ours,
    const std::string& thread_ts = {});

// How a failed Slack call ends a job: 429 holds the ordering key back, transient or unknown
// outcomes are retried, everything else is fatal (a retry would fail the same way).
jobs::JobOutcome outcome_for(const slack::SlackError& error);

// A Web API client for job handlers: no waiting inside the client (the queue retries), so a
// worker thread is never blocked in a Retry-After wait.
// `observer` (may be null) is told of every call (the metrics).
slack::WebApiClientOptions job_client_options(const std::string& api_url,
                                              slack::CallObserver* observer = nullptr);

}  // namespace megatron::commands
