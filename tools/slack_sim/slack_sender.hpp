#pragma once
// The simulator acting as Slack toward Megatron: Events API callbacks, slash commands and
// interactive payloads, signed as Slack signs them (X-Slack-Request-Timestamp and
// X-Slack-Signature = "v0=" + hex HMAC-SHA256(secret, "v0:" + ts + ":" + body)).
//
// Events are retried as Slack does when the app does not answer 2xx within 3 seconds: up to
// three retries carrying X-Slack-Retry-Num (1, 2, 3) and X-Slack-Retry-Reason
// (http_timeout, http_error, connection_failed), stopped early by an "X-Slack-No-Retry: 1"
// answer. Slack waits ~0 s, ~1 min, ~5 min between tries; tests pass shorter delays. A stop
// token ends those waits at once: the delivery is then given up (Delivery::abandoned), so a
// stopping simulator never holds its caller for minutes.
//
// A SlackSender keeps one HTTP connection pool; it is not thread-safe.
#include "http/client.hpp"
#include "util/secret.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace megatron::slack_sim {

// "v0=<hex>" for this timestamp and raw body.
std::string slack_signature(const Secret& signing_secret, std::string_view timestamp,
                            std::string_view body);

struct DeliveryAttempt {
    int retry_num = 0;         // 0 = first delivery
    std::string retry_reason;  // why this is a retry (empty on the first delivery)
    long status = 0;           // 0 when no HTTP answer came
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
    bool timed_out = false;
    bool connection_failed = false;
    bool acknowledged() const { return status >= 200 && status < 300; }
};

struct Delivery {
    std::vector<DeliveryAttempt> attempts;
    // Given up because the sender was told to stop before Slack's retries ran out (the
    // simulator stopped); not an answer from the app.
    bool abandoned = false;
    bool delivered() const { return !attempts.empty() && attempts.back().acknowledged(); }
};

struct EventRetryPolicy {
    std::chrono::milliseconds ack_timeout{3000};
    // One entry per retry: the wait before it. Slack's own schedule by default.
    std::vector<std::chrono::milliseconds> retry_delays{
        std::chrono::milliseconds(0), std::chrono::minutes(1), std::chrono::minutes(5)};
};

class SlackSender {
  public:
    explicit SlackSender(Secret signing_secret);

    // POSTs an event_callback (or url_verification) JSON body, retrying as Slack does. Once
    // `stop` is requested no further attempt is made and a wait for one ends at once; an
    // attempt in flight runs to its answer or `policy.ack_timeout`.
    Delivery send_event(const std::string& url, const boost::json::object& body,
                        const EventRetryPolicy& policy = {}, const std::stop_token& stop = {});
    // A slash command, form-encoded; one attempt with Slack's 3 s timeout.
    DeliveryAttempt send_slash_command(
        const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields);
    // An interactive payload as Slack sends it: form field payload=<JSON>.
    DeliveryAttempt send_interactive(const std::string& url, const boost::json::value& payload);
    // Any signed POST; `timestamp` overrides "now" (to test stale requests).
    DeliveryAttempt send_signed(
        const std::string& url, const std::string& body, const std::string& content_type,
        std::optional<std::int64_t> timestamp = std::nullopt,
        std::vector<std::pair<std::string, std::string>> extra_headers = {},
        std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

  private:
    Secret secret_;
    http::Client client_;
};

// Builders for what Slack sends.
// {"token","team_id","api_app_id","event":inner,"type":"event_callback","event_id",
//  "event_time","authorizations":[...],"is_ext_shared_channel":false,"event_context"}
boost::json::object event_callback(const std::string& team_id, const std::string& api_app_id,
                                   const std::string& bot_user_id, boost::json::object inner_event,
                                   std::string event_id = {});
// A "message" event from a person; channel_type "im" for DMs, "channel" otherwise.
boost::json::object message_event(const std::string& channel, const std::string& user,
                                  const std::string& text, const std::string& ts,
                                  const std::string& channel_type,
                                  const std::string& thread_ts = {});

}  // namespace megatron::slack_sim
