#include "slack_sender.hpp"

#include "stoppable_sleep.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>

namespace megatron::slack_sim {
namespace {

std::int64_t unix_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::string slack_signature(const Secret& signing_secret, std::string_view timestamp,
                            std::string_view body) {
    std::string base = "v0:";
    base.append(timestamp);
    base.push_back(':');
    base.append(body);
    return "v0=" + crypto::hmac_sha256_hex(signing_secret.reveal(), base);
}

SlackSender::SlackSender(Secret signing_secret) : secret_(std::move(signing_secret)) {}

DeliveryAttempt SlackSender::send_signed(
    const std::string& url, const std::string& body, const std::string& content_type,
    std::optional<std::int64_t> timestamp,
    std::vector<std::pair<std::string, std::string>> extra_headers,
    std::chrono::milliseconds timeout) {
    auto ts = std::to_string(timestamp.value_or(unix_seconds()));
    http::ClientRequest req;
    req.method = "POST";
    req.url = url;
    req.body = body;
    req.connect_timeout = timeout;
    req.total_timeout = timeout;
    req.headers = {{"Content-Type", content_type},
                   {"User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"},
                   {"X-Slack-Request-Timestamp", ts},
                   {"X-Slack-Signature", slack_signature(secret_, ts, body)}};
    for (auto& h : extra_headers) req.headers.push_back(std::move(h));
    DeliveryAttempt attempt;
    auto res = client_.send(req);
    if (!res) {
        attempt.timed_out = res.error().kind == http::TransportError::Kind::Timeout;
        attempt.connection_failed = !attempt.timed_out;
        return attempt;
    }
    attempt.status = res->status;
    attempt.body = std::move(res->body);
    attempt.headers = std::move(res->headers);
    return attempt;
}

Delivery SlackSender::send_event(const std::string& url, const boost::json::object& body,
                                 const EventRetryPolicy& policy, const std::stop_token& stop) {
    Delivery delivery;
    auto text = boost::json::serialize(body);
    std::string reason;
    for (std::size_t retry = 0; retry <= policy.retry_delays.size(); ++retry) {
        std::vector<std::pair<std::string, std::string>> headers;
        bool waited = retry == 0 ? !stop.stop_requested()
                                 : sleep_unless_stopped(stop, policy.retry_delays[retry - 1]);
        if (!waited) {
            delivery.abandoned = true;
            const auto* id = body.if_contains("event_id");
            spdlog::debug("slack-sim: stopping; giving up delivery of event {} after {} attempt(s)",
                          id != nullptr && id->is_string() ? std::string(id->as_string())
                                                           : std::string("(no event_id)"),
                          delivery.attempts.size());
            break;
        }
        if (retry > 0) {
            headers = {{"X-Slack-Retry-Num", std::to_string(retry)},
                       {"X-Slack-Retry-Reason", reason}};
        }
        auto attempt = send_signed(url, text, "application/json", std::nullopt, std::move(headers),
                                   policy.ack_timeout);
        attempt.retry_num = static_cast<int>(retry);
        attempt.retry_reason = retry > 0 ? reason : std::string{};
        bool no_retry = false;
        for (const auto& [name, value] : attempt.headers) {
            if (name == "x-slack-no-retry" && strings::trim(value) == "1") no_retry = true;
        }
        bool acknowledged = attempt.acknowledged();
        reason = attempt.timed_out           ? "http_timeout"
                 : attempt.connection_failed ? "connection_failed"
                                             : "http_error";
        delivery.attempts.push_back(std::move(attempt));
        if (acknowledged || no_retry) break;
    }
    return delivery;
}

DeliveryAttempt SlackSender::send_slash_command(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields) {
    return send_signed(url, strings::encode_form(fields), "application/x-www-form-urlencoded");
}

DeliveryAttempt SlackSender::send_interactive(const std::string& url,
                                              const boost::json::value& payload) {
    return send_signed(url, strings::encode_form({{"payload", boost::json::serialize(payload)}}),
                       "application/x-www-form-urlencoded");
}

boost::json::object event_callback(const std::string& team_id, const std::string& api_app_id,
                                   const std::string& bot_user_id, boost::json::object inner_event,
                                   std::string event_id) {
    if (event_id.empty()) {
        auto hex = crypto::random_hex(5);
        for (auto& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        event_id = "Ev" + hex;
    }
    return {{"token", "verification-token-unused"},
            {"team_id", team_id},
            {"context_team_id", team_id},
            {"api_app_id", api_app_id},
            {"event", std::move(inner_event)},
            {"type", "event_callback"},
            {"event_id", event_id},
            {"event_time", unix_seconds()},
            {"authorizations",
             boost::json::array{boost::json::object{{"enterprise_id", nullptr},
                                                    {"team_id", team_id},
                                                    {"user_id", bot_user_id},
                                                    {"is_bot", true},
                                                    {"is_enterprise_install", false}}}},
            {"is_ext_shared_channel", false},
            {"event_context", "4-" + crypto::random_hex(8)}};
}

boost::json::object message_event(const std::string& channel, const std::string& user,
                                  const std::string& text, const std::string& ts,
                                  const std::string& channel_type, const std::string& thread_ts) {
    boost::json::object event{{"type", "message"},
                              {"channel", channel},
                              {"user", user},
                              {"text", text},
                              {"ts", ts},
                              {"event_ts", ts},
                              {"channel_type", channel_type},
                              {"client_msg_id", crypto::random_hex(16)}};
    if (!thread_ts.empty()) event["thread_ts"] = thread_ts;
    return event;
}

}  // namespace megatron::slack_sim
