#pragma once
// How a bot app can tell that an App Command really comes from Megatron. Built like Slack's
// request signing (docs/app-commands.md):
//   X-Megatron-Request-Timestamp: <Unix seconds>
//   X-Megatron-Signature: v0=<hex HMAC-SHA256(key = the organization's verification token,
//                                             msg = "v0:" + timestamp + ":" + raw body)>
// The body also carries megatron_verification_token as the original's bodies did, so existing
// bot apps keep working; new ones should check the signature and the timestamp instead.
#include "util/secret.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace megatron::app_commands {

inline constexpr std::string_view kTimestampHeader = "X-Megatron-Request-Timestamp";
inline constexpr std::string_view kSignatureHeader = "X-Megatron-Signature";

std::string sign(const Secret& verification_token, std::string_view timestamp,
                 std::string_view body);

// The receiving side's check (for bot apps written in C++, and for tests): the signature
// matches in constant time and the timestamp is within `tolerance` of now.
bool signature_valid(const Secret& verification_token, const std::optional<std::string>& timestamp,
                     const std::optional<std::string>& signature, std::string_view body,
                     std::int64_t now_seconds,
                     std::chrono::seconds tolerance = std::chrono::seconds(300));

}  // namespace megatron::app_commands
