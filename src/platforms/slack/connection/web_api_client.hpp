#pragma once
// The Slack Web API client: one call = one method with form or JSON arguments, the token in
// "Authorization: Bearer" (never in a URL, query string or log line), Slack's answer parsed
// into a JSON object or a typed SlackError.
//
// Retries (see RetryPolicy): HTTP 429 waits for Retry-After; 5xx, timeouts and dropped
// connections are retried with capped exponential backoff and jitter, but only for
// requests marked Replay::Safe; a request that could have taken effect (a post) is not
// repeated after an ambiguous failure: the error then says outcome_unknown. A refused
// connection is always retried (nothing was sent).
//
// invalid_auth, token_revoked, token_expired or account_inactive with
// Credentials::workspace_id set asks the injected CredentialRefresher for a new token once,
// then repeats the call with it; when none works the error says refresh_failed.
//
// Not thread-safe (it owns one keep-alive libcurl handle): one client per thread.
#include "http/client.hpp"
#include "platforms/slack/connection/call_observer.hpp"
#include "platforms/slack/connection/credentials.hpp"
#include "platforms/slack/connection/errors.hpp"
#include "platforms/slack/connection/retry_policy.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace megatron::slack {

inline constexpr const char* kDefaultApiUrl = "https://slack.com/api/";

struct WebApiClientOptions {
    std::string base_url = kDefaultApiUrl;  // SLACK_API_URL; ends with '/'
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds total_timeout{15000};
    RetryPolicy retry;
    std::size_t max_response_bytes = std::size_t{16} * 1024 * 1024;
    // Replay::Unsafe requests reuse kept-alive connections with http::ClientRequest::
    // never_resend (libcurl's silent re-send on a reused connection that died becomes an
    // outcome_unknown error). Set this to also give each of them a new connection.
    bool fresh_connection_for_unsafe = false;
    // How the client waits between attempts; tests may record the waits.
    std::function<void(std::chrono::milliseconds)> sleep;
    // Told of every attempt's outcome and every Retry-After (the metrics); may be null. Not
    // owned: it outlives the client.
    CallObserver* observer = nullptr;
};

// Whether the same request may be sent again when it is unknown whether it took effect.
enum class Replay { Safe, Unsafe };

struct ApiCall {
    std::string method;  // "chat.postMessage"
    Replay replay = Replay::Safe;
    std::vector<std::pair<std::string, std::string>> form;  // used when json is empty
    std::optional<boost::json::object> json;
};

class WebApiClient {
  public:
    explicit WebApiClient(WebApiClientOptions options = {},
                          CredentialRefresher* refresher = nullptr);

    // Slack's answer when "ok" is true (with any warnings logged), else the typed error.
    Expected<boost::json::object, SlackError> call(const Credentials& credentials,
                                                   const ApiCall& call);
    // Same, with another retry policy for this call only.
    Expected<boost::json::object, SlackError> call(const Credentials& credentials,
                                                   const ApiCall& call, const RetryPolicy& policy);

    // One HTTP exchange with this client's retry rules, for non-Web-API URLs (url_private,
    // upload_url, response_url). Answers with status < 500 other than 429 come back as they
    // are; `label` names the request in logs and errors. The request's URL is never logged.
    Expected<http::ClientResponse, SlackError> send(const std::string& label,
                                                    http::ClientRequest request, Replay replay,
                                                    const RetryPolicy& policy);

    const WebApiClientOptions& options() const { return options_; }
    // Whether a URL may receive a workspace token: Slack's own hosts over https, or exactly
    // the scheme, host and port of base_url (the simulator in tests).
    bool is_trusted_host(const std::string& url) const;

  private:
    // send() without reporting the final answer (call_once reports it once parsed).
    Expected<http::ClientResponse, SlackError> exchange(const std::string& label,
                                                        http::ClientRequest request, Replay replay,
                                                        const RetryPolicy& policy);
    void observe(std::string_view method, std::string_view error) const;
    Expected<boost::json::object, SlackError> call_once(const Secret& token, const ApiCall& call,
                                                        const RetryPolicy& policy);

    WebApiClientOptions options_;
    CredentialRefresher* refresher_;
    http::Client http_;
    std::mt19937_64 rng_;
    std::string base_origin_;  // scheme://host:port of base_url
};

}  // namespace megatron::slack
