#pragma once
// The whole HTTP application (every route: status, bot-app API, Slack) on an in-memory SQLite
// database, with one organization, its support integration, a customer workspace and one
// engagement channel, so fuzzed requests reach the endpoints' deep paths, not only the 401.
// Workers are never started: the fuzzers stop at "accepted and durably queued".
#include "app/application.hpp"
#include "http/message.hpp"

#include <memory>
#include <string>

namespace megatron::fuzz {

// Placeholders a fuzzed request may carry; sign_placeholders() replaces them with the real
// credentials so the mutator does not have to guess a token or an HMAC.
inline constexpr const char* kTokenPlaceholder = "MegatronToken @TOKEN@";
inline constexpr const char* kSignaturePlaceholder = "@SIGN@";

class AppWorld {
  public:
    // One world per fuzzing process (libFuzzer calls the target millions of times; building
    // the application each time would measure SQLite's schema creation instead).
    static AppWorld& instance();

    const http::Router& router() const { return app_->router(); }
    const std::string& api_token() const { return api_token_; }
    // "Authorization: MegatronToken @TOKEN@" -> the organization's token;
    // "X-Slack-Signature: @SIGN@" -> a valid signature (and timestamp) for the body.
    void sign_placeholders(http::Request& request) const;

  private:
    AppWorld();

    config::Config config_;
    SystemClock clock_;
    app::StatusInfo status_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<app::Application> app_;
    std::string api_token_;
};

// Dispatches like the server's session does and checks what every answer promises: a status
// below 500 for anything a client sent (storage faults excepted: 503), and a JSON body.
void dispatch_and_check(const AppWorld& world, http::Request& request);

}  // namespace megatron::fuzz
