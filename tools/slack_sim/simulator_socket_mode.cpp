// The simulator's Socket Mode side: app-level tokens, apps.connections.open, and delivering
// what Slack sends an app as envelopes on its WebSockets (socket_mode_hub.hpp).
#include "simulator_parts.hpp"
#include "stoppable_sleep.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

namespace megatron::slack_sim {
namespace {

DeliveryAttempt attempt_of(const EnvelopeAttempt& result) {
    DeliveryAttempt attempt;
    attempt.status = result.acked ? 200 : 0;
    if (result.acked && !result.ack_payload.is_null()) {
        attempt.body = boost::json::serialize(result.ack_payload);
    }
    attempt.timed_out = result.timed_out;
    attempt.connection_failed = result.no_connection || result.connection_lost;
    return attempt;
}

std::string bearer_token(const http::Request& req) {
    auto auth = std::string(req[boost::beast::http::field::authorization]);
    return auth.starts_with("Bearer ") ? auth.substr(7) : std::string{};
}

}  // namespace

void Simulator::add_app_token(const std::string& team_id, const std::string& token) {
    std::lock_guard lock(parts_->apps_mutex);
    parts_->app_tokens[token] = team_id;
}

http::Response Simulator::Parts::open_socket_connection(const http::Request& req) {
    // Only the Authorization header carries an app-level token here, as on Slack.
    auto token = bearer_token(req);
    std::string team;
    {
        std::lock_guard lock(apps_mutex);
        if (auto it = app_tokens.find(token); it != app_tokens.end()) team = it->second;
    }
    RecordedCall record{"apps.connections.open",
                        team,
                        {},
                        token.empty() ? "none" : "header",
                        std::string(req.method_string()),
                        std::string(req[boost::beast::http::field::content_type])};
    boost::json::object answer;
    if (token.empty()) {
        answer = {{"ok", false}, {"error", "not_authed"}};
    } else if (team.empty()) {
        answer = {{"ok", false}, {"error", "invalid_auth"}};
    } else {
        auto app_id = store.with([&](SimData& d) {
            auto ws = d.workspaces.find(team);
            return ws == d.workspaces.end() ? std::string("A0MEGATRON") : ws->second.app_id;
        });
        answer = {{"ok", true}, {"url", socket_hub.new_connection_url(team, app_id)}};
    }
    record.ok = answer.at("ok").as_bool();
    if (!record.ok) record.error = std::string(answer.at("error").as_string());
    recorder.record(std::move(record));
    return http::json_response(http::Status::ok, answer);
}

Delivery Simulator::deliver_event_by_socket(const std::string& team_id, const AppConnection& app,
                                            boost::json::object body, const std::stop_token& stop) {
    Delivery delivery;
    std::string reason;
    const auto& policy = app.event_retry;
    for (std::size_t retry = 0; retry <= policy.retry_delays.size(); ++retry) {
        bool waited = retry == 0 ? !stop.stop_requested()
                                 : sleep_unless_stopped(stop, policy.retry_delays[retry - 1]);
        if (!waited) {
            delivery.abandoned = true;
            break;
        }
        auto result = parts_->socket_hub.deliver(
            team_id,
            {"events_api", body, false, static_cast<int>(retry), reason, app.duplicate_envelopes},
            policy.ack_timeout, stop);
        auto attempt = attempt_of(result);
        attempt.retry_num = static_cast<int>(retry);
        attempt.retry_reason = reason;
        delivery.attempts.push_back(std::move(attempt));
        if (result.acked) break;
        // Slack's sample redelivery says "timeout"; a link that closed first is named so.
        reason = result.timed_out ? "timeout" : "connection_closed";
    }
    return delivery;
}

DeliveryAttempt Simulator::deliver_request_by_socket(const std::string& team_id,
                                                     const AppConnection& app,
                                                     const std::string& type,
                                                     boost::json::object payload) {
    auto result = parts_->socket_hub.deliver(
        team_id,
        {type, std::move(payload), type == "slash_commands", 0, "", app.duplicate_envelopes},
        app.event_retry.ack_timeout, parts_->shutdown.token());
    return attempt_of(result);
}

void Simulator::socket_mode_refresh(const std::string& team_id, const std::string& reason,
                                    std::chrono::milliseconds grace) {
    parts_->socket_hub.request_refresh(team_id, reason, grace);
}

void Simulator::socket_mode_drop(const std::string& team_id, int count) {
    parts_->socket_hub.drop(team_id, count);
}

int Simulator::socket_mode_open_connections(const std::string& team_id) const {
    return parts_->socket_hub.open_connections(team_id);
}

int Simulator::socket_mode_connections_accepted(const std::string& team_id) const {
    return parts_->socket_hub.connections_accepted(team_id);
}

std::vector<std::string> Simulator::socket_mode_history(const std::string& team_id) const {
    return parts_->socket_hub.history(team_id);
}

std::vector<boost::json::object> Simulator::socket_mode_acks() const {
    return parts_->socket_hub.acks();
}

}  // namespace megatron::slack_sim
