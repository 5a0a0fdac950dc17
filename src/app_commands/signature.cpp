#include "app_commands/signature.hpp"

#include "util/crypto.hpp"

#include <charconv>

namespace megatron::app_commands {

std::string sign(const Secret& verification_token, std::string_view timestamp,
                 std::string_view body) {
    std::string base = "v0:";
    base.append(timestamp).append(":").append(body);
    return "v0=" + crypto::hmac_sha256_hex(verification_token.reveal(), base);
}

bool signature_valid(const Secret& verification_token, const std::optional<std::string>& timestamp,
                     const std::optional<std::string>& signature, std::string_view body,
                     std::int64_t now_seconds, std::chrono::seconds tolerance) {
    if (!timestamp || !signature || verification_token.empty()) return false;
    std::int64_t ts = 0;
    const auto* end = timestamp->data() + timestamp->size();
    auto [ptr, ec] = std::from_chars(timestamp->data(), end, ts);
    if (ec != std::errc() || ptr != end || timestamp->empty() || timestamp->size() > 18) {
        return false;
    }
    auto distance = now_seconds > ts ? now_seconds - ts : ts - now_seconds;
    if (distance > tolerance.count()) return false;
    return crypto::constant_time_equal(sign(verification_token, *timestamp, body), *signature);
}

}  // namespace megatron::app_commands
