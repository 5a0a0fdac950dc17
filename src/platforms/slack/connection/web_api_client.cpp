#include "platforms/slack/connection/web_api_client.hpp"

#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <charconv>
#include <thread>

namespace megatron::slack {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t millis_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

SlackErrorCode transport_code(http::TransportError::Kind kind) {
    switch (kind) {
        case http::TransportError::Kind::Timeout:
            return SlackErrorCode::Timeout;
        case http::TransportError::Kind::TooLarge:
            return SlackErrorCode::TooLarge;
        default:
            return SlackErrorCode::ConnectionFailed;
    }
}

// Retry-After is whole seconds on Slack; anything unreadable counts as one second.
std::chrono::seconds parse_retry_after(const std::string& value) {
    std::int64_t seconds = 1;
    auto trimmed = strings::trim(value);
    auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), seconds);
    if (ec != std::errc{} || seconds < 0) seconds = 1;
    return std::chrono::seconds(seconds);
}

void collect_strings(const boost::json::value* v, std::vector<std::string>& out) {
    if (v == nullptr || !v->is_array()) return;
    for (const auto& item : v->as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
}

// Slack gives warnings twice: "warning": "a,b" and response_metadata.warnings: [a, b].
void read_metadata(const boost::json::object& body, SlackError& e) {
    collect_strings(json_fields::find(body, "response_metadata.warnings"), e.warnings);
    collect_strings(json_fields::find(body, "response_metadata.messages"), e.messages);
    if (e.warnings.empty()) {
        auto warning = json_fields::string_or_empty(body, "warning");
        std::size_t start = 0;
        while (!warning.empty() && start <= warning.size()) {
            auto comma = warning.find(',', start);
            e.warnings.push_back(warning.substr(start, comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
}

}  // namespace

namespace {

// scheme://host:port, lower-cased, the port spelled out: https://Slack.com and
// https://slack.com:443 are one origin; http://slack.com and a neighbour's port are others.
std::string origin_of(const boost::urls::url_view& url) {
    std::string scheme = strings::to_lower(url.scheme());
    std::string port = url.port();
    if (port.empty()) port = scheme == "https" ? "443" : scheme == "http" ? "80" : "";
    return scheme + "://" + strings::to_lower(url.encoded_host()) + ":" + port;
}

}  // namespace

WebApiClient::WebApiClient(WebApiClientOptions options, CredentialRefresher* refresher)
    : options_(std::move(options)), refresher_(refresher), rng_(std::random_device{}()) {
    if (options_.base_url.empty()) options_.base_url = kDefaultApiUrl;
    if (options_.base_url.back() != '/') options_.base_url.push_back('/');
    if (!options_.sleep) {
        options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    }
    if (auto url = boost::urls::parse_uri(options_.base_url)) base_origin_ = origin_of(*url);
}

bool WebApiClient::is_trusted_host(const std::string& url) const {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return false;
    auto host = strings::to_lower(parsed->host());
    // The configured API's exact origin (the simulator in tests, over http) is trusted; any
    // other place gets a token only over https and only on Slack's domains.
    if (!base_origin_.empty() && origin_of(*parsed) == base_origin_) return true;
    if (parsed->scheme() != "https") return false;
    for (std::string_view domain : {"slack.com", "slack-edge.com", "slack-files.com"}) {
        if (host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                               host[host.size() - domain.size() - 1] == '.')) {
            return true;
        }
    }
    return false;
}

void WebApiClient::observe(std::string_view method, std::string_view error) const {
    if (options_.observer != nullptr) options_.observer->call_finished(method, error);
}

Expected<http::ClientResponse, SlackError> WebApiClient::send(const std::string& label,
                                                              http::ClientRequest request,
                                                              Replay replay,
                                                              const RetryPolicy& policy) {
    auto res = exchange(label, std::move(request), replay, policy);
    if (res) observe(label, res->status < 400 ? "ok" : to_string(SlackErrorCode::HttpError));
    return res;
}

Expected<http::ClientResponse, SlackError> WebApiClient::exchange(const std::string& label,
                                                                  http::ClientRequest request,
                                                                  Replay replay,
                                                                  const RetryPolicy& policy) {
    std::chrono::milliseconds waited{0};
    SlackError last;
    if (replay == Replay::Unsafe) {
        request.never_resend = true;
        request.fresh_connection = options_.fresh_connection_for_unsafe;
    }
    for (int attempt = 1;; ++attempt) {
        auto start = Clock::now();
        auto res = http_.send(request);
        if (!res) {
            auto kind = res.error().kind;
            last = SlackError{transport_code(kind), res.error().message, label};
            last.attempts = attempt;
            observe(label, to_string(last.code));
            spdlog::trace("slack {} attempt {}: {} after {} ms", label, attempt,
                          res.error().message, millis_since(start));
            bool nothing_sent = kind == http::TransportError::Kind::Connect;
            if (kind == http::TransportError::Kind::TooLarge) return unexpected(std::move(last));
            if (!nothing_sent && replay == Replay::Unsafe) {
                last.outcome_unknown = true;
                return unexpected(std::move(last));
            }
        } else {
            spdlog::trace("slack {} attempt {}: HTTP {} in {} ms", label, attempt, res->status,
                          millis_since(start));
            if (res->status == 429) {
                SlackError limited{SlackErrorCode::RateLimited, "ratelimited", label, 429};
                limited.retry_after = parse_retry_after(res->header("retry-after"));
                limited.attempts = attempt;
                observe(label, to_string(SlackErrorCode::RateLimited));
                if (options_.observer != nullptr) {
                    options_.observer->rate_limited(label, *limited.retry_after);
                }
                auto wait =
                    std::chrono::duration_cast<std::chrono::milliseconds>(*limited.retry_after);
                if (!policy.wait_on_rate_limit || attempt >= policy.max_attempts ||
                    waited + wait > policy.max_total_wait) {
                    return unexpected(std::move(limited));
                }
                spdlog::debug("slack {} rate limited; waiting {} s as Retry-After asks", label,
                              limited.retry_after->count());
                options_.sleep(wait);
                waited += wait;
                continue;
            }
            if (res->status < 500) return std::move(*res);
            last = SlackError{SlackErrorCode::ServerError, "http_" + std::to_string(res->status),
                              label, res->status};
            last.attempts = attempt;
            observe(label, to_string(last.code));
            if (replay == Replay::Unsafe) {
                last.outcome_unknown = true;
                return unexpected(std::move(last));
            }
        }
        if (attempt >= policy.max_attempts) return unexpected(std::move(last));
        auto delay = backoff_delay(policy, attempt, rng_);
        if (waited + delay > policy.max_total_wait) return unexpected(std::move(last));
        spdlog::debug("slack {} retrying in {} ms after {}", label, delay.count(),
                      to_string(last.code));
        options_.sleep(delay);
        waited += delay;
    }
}

Expected<boost::json::object, SlackError> WebApiClient::call_once(const Secret& token,
                                                                  const ApiCall& call,
                                                                  const RetryPolicy& policy) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = options_.base_url + call.method;
    req.connect_timeout = options_.connect_timeout;
    req.total_timeout = options_.total_timeout;
    req.max_body_bytes = options_.max_response_bytes;
    req.headers.emplace_back("Authorization", "Bearer " + token.reveal());
    if (call.json) {
        req.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
        req.body = boost::json::serialize(*call.json);
    } else {
        req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        req.body = strings::encode_form(call.form);
    }
    auto res = exchange(call.method, std::move(req), call.replay, policy);
    if (!res) return unexpected(std::move(res.error()));

    boost::system::error_code ec;
    auto parsed = boost::json::parse(res->body, ec);
    if (ec || !parsed.is_object()) {
        SlackError e{
            res->status == 200 ? SlackErrorCode::InvalidResponse : SlackErrorCode::HttpError,
            "unreadable answer", call.method, res->status};
        observe(call.method, to_string(e.code));
        return unexpected(std::move(e));
    }
    auto& body = parsed.as_object();
    SlackError e{SlackErrorCode::OtherSlackError, {}, call.method, res->status};
    read_metadata(body, e);
    if (json_fields::flag(body, "ok")) {
        observe(call.method, "ok");
        if (!e.warnings.empty()) {
            spdlog::debug("slack {} warnings: {}", call.method, fmt::join(e.warnings, ","));
        }
        return std::move(body);
    }
    e.error = json_fields::string_or_empty(body, "error");
    e.code = e.error.empty() ? (res->status == 200 ? SlackErrorCode::InvalidResponse
                                                   : SlackErrorCode::HttpError)
                             : code_from_slack_error(e.error);
    observe(call.method, to_string(e.code));
    spdlog::trace("slack {} answered ok=false: {}", call.method, e.error);
    return unexpected(std::move(e));
}

Expected<boost::json::object, SlackError> WebApiClient::call(const Credentials& credentials,
                                                             const ApiCall& api_call) {
    return call(credentials, api_call, options_.retry);
}

Expected<boost::json::object, SlackError> WebApiClient::call(const Credentials& credentials,
                                                             const ApiCall& api_call,
                                                             const RetryPolicy& policy) {
    auto result = call_once(credentials.token, api_call, policy);
    if (result || !result.error().asks_for_new_credentials() || refresher_ == nullptr ||
        credentials.workspace_id.empty()) {
        return result;
    }
    spdlog::info("slack {}: {} for workspace {}; asking for fresh credentials", api_call.method,
                 result.error().error, credentials.workspace_id);
    auto fresh = refresher_->refresh(credentials.workspace_id, credentials.token);
    if (!fresh || fresh->empty() || *fresh == credentials.token) {
        // The refresher logged why; the caller retries the job later.
        result.error().refresh_failed = true;
        return result;
    }
    auto again = call_once(*fresh, api_call, policy);
    if (!again && again.error().asks_for_new_credentials()) again.error().refresh_failed = true;
    return again;
}

}  // namespace megatron::slack
