#include "api/authentication.hpp"

#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace megatron::api {
namespace {

constexpr std::string_view kScheme = "MegatronToken ";
constexpr std::size_t kMaxCacheEntries = 10000;

}  // namespace

Expected<storage::Organization, AuthError> Authenticator::authenticate(const http::Request& req) {
    auto header = req[boost::beast::http::field::authorization];
    if (header.empty()) return unexpected(AuthError::Missing);
    std::string_view value(header.data(), header.size());
    if (!strings::starts_with_icase(value, kScheme)) return unexpected(AuthError::Invalid);
    auto token = strings::trim(value.substr(kScheme.size()));
    if (token.empty()) return unexpected(AuthError::Invalid);

    auto key = crypto::sha256_hex(token);
    auto now = clock_.now();
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end() && it->second.expires > now) {
            if (!it->second.organization) return unexpected(AuthError::Invalid);
            return *it->second.organization;
        }
    }
    auto found = store_.organization_for_token(token);
    if (!found) return unexpected(AuthError::Unavailable);
    {
        std::lock_guard lock(mutex_);
        // A flood of random tokens must not grow the cache without bound.
        if (cache_.size() >= kMaxCacheEntries) cache_.clear();
        cache_[key] = Entry{*found, now + kCacheTtl};
    }
    if (!*found) return unexpected(AuthError::Invalid);
    return **found;
}

http::Response auth_error_response(AuthError error) {
    switch (error) {
        case AuthError::Missing:
            return http::error_response(http::Status::unauthorized, "missing_authorization");
        case AuthError::Invalid:
            return http::error_response(http::Status::unauthorized, "invalid_token");
        case AuthError::Unavailable:
            return http::error_response(http::Status::service_unavailable, "storage_unavailable");
    }
    return http::error_response(http::Status::unauthorized, "invalid_token");
}

}  // namespace megatron::api
