#pragma once
// Is this request really from Slack? Checked before anything else looks at the body.
//
// With a signing secret: X-Slack-Signature must equal "v0=" + hex(HMAC-SHA256(secret,
// "v0:" + X-Slack-Request-Timestamp + ":" + raw body)), compared in constant time, and the
// timestamp must be within `tolerance` of now (replay protection). Without a signing secret,
// the legacy verification token in the body (form field `token`, the `token` of a payload=
// JSON, or the `token` of a JSON body) must equal the configured token. With neither
// configured every request is refused: an unverified relay would let anyone speak as an agent.
#include "util/expected.hpp"
#include "util/secret.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace megatron::slack::interpreter {

struct VerificationConfig {
    Secret signing_secret;  // SLACK_SIGNING_SECRET
    Secret legacy_token;    // MEGATRON_VERIFICATION_TOKEN, used only without a signing secret
    std::chrono::seconds tolerance{300};
};

// The two headers Slack signs with, as received (absent = nullopt).
struct SignatureHeaders {
    std::optional<std::string> timestamp;  // X-Slack-Request-Timestamp
    std::optional<std::string> signature;  // X-Slack-Signature
};

enum class VerificationError {
    NotConfigured,   // neither a signing secret nor a legacy token is configured
    MissingHeaders,  // signing secret set, but a signature header is absent
    BadTimestamp,    // timestamp header is not a number of seconds
    StaleTimestamp,  // more than `tolerance` away from now
    SignatureMismatch,
    TokenMismatch,  // legacy token absent or different
};

std::string to_string(VerificationError error);

// The check itself; `now_seconds` is Unix time (pass Clock::now_seconds()).
Expected<void, VerificationError> verify(const SignatureHeaders& headers, std::string_view raw_body,
                                         std::int64_t now_seconds,
                                         const VerificationConfig& config);

// "v0=<hex>" for a body and timestamp (what Slack sends; the simulator and tests sign with it).
std::string slack_signature(const Secret& signing_secret, std::string_view timestamp,
                            std::string_view raw_body);

}  // namespace megatron::slack::interpreter
