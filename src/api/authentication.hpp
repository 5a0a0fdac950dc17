#pragma once
// `Authorization: MegatronToken <key>`: which organization a bot-app request comes from.
// Lookups are cached briefly, because the relay's hot path authenticates every message;
// a rotated token stops working within kCacheTtl in every process.
#include "http/message.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace megatron::api {

enum class AuthError { Missing, Invalid, Unavailable };

class Authenticator {
  public:
    static constexpr std::chrono::seconds kCacheTtl{10};

    Authenticator(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
    Expected<storage::Organization, AuthError> authenticate(const http::Request& req);

  private:
    struct Entry {
        std::optional<storage::Organization> organization;  // nullopt: a known-bad token
        std::chrono::system_clock::time_point expires;
    };

    storage::Store& store_;
    const Clock& clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;  // keyed by the token's SHA-256, not the token
};

// The JSON answer for an authentication failure (401 or 503).
http::Response auth_error_response(AuthError error);

}  // namespace megatron::api
