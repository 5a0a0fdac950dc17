#include "platforms/slack/interpreter/verification.hpp"

#include "util/crypto.hpp"
#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <limits>

namespace megatron::slack::interpreter {
namespace {

std::optional<std::int64_t> parse_seconds(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty() || text.size() > 18) return std::nullopt;  // 18 digits cannot overflow
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

std::string token_of_json(std::string_view text) {
    auto value = json_fields::parse_object(text);
    return value ? json_fields::string_or_empty(*value, "token") : std::string();
}

// The legacy token wherever Slack puts it for the three kinds of requests.
std::string legacy_token_of(std::string_view body) {
    auto trimmed = strings::trim(body);
    if (!trimmed.empty() && trimmed.front() == '{') return token_of_json(trimmed);
    auto form = strings::parse_form(body);
    if (auto payload = form.find("payload"); payload != form.end()) {
        return token_of_json(payload->second);
    }
    auto token = form.find("token");
    return token == form.end() ? std::string() : token->second;
}

Expected<void, VerificationError> verify_signature(const SignatureHeaders& headers,
                                                   std::string_view raw_body,
                                                   std::int64_t now_seconds,
                                                   const VerificationConfig& config) {
    if (!headers.timestamp || !headers.signature) {
        return unexpected(VerificationError::MissingHeaders);
    }
    auto timestamp = parse_seconds(*headers.timestamp);
    if (!timestamp) return unexpected(VerificationError::BadTimestamp);
    auto distance = now_seconds > *timestamp ? now_seconds - *timestamp : *timestamp - now_seconds;
    if (distance > config.tolerance.count()) return unexpected(VerificationError::StaleTimestamp);
    auto expected = slack_signature(config.signing_secret, *headers.timestamp, raw_body);
    if (!crypto::constant_time_equal(expected, *headers.signature)) {
        return unexpected(VerificationError::SignatureMismatch);
    }
    return {};
}

}  // namespace

std::string to_string(VerificationError error) {
    switch (error) {
        case VerificationError::NotConfigured:
            return "no Slack signing secret or token configured";
        case VerificationError::MissingHeaders:
            return "missing Slack signature headers";
        case VerificationError::BadTimestamp:
            return "malformed Slack request timestamp";
        case VerificationError::StaleTimestamp:
            return "Slack request timestamp too far from now";
        case VerificationError::SignatureMismatch:
            return "Slack signature mismatch";
        case VerificationError::TokenMismatch:
            return "Slack verification token mismatch";
    }
    return "unknown verification error";
}

std::string slack_signature(const Secret& signing_secret, std::string_view timestamp,
                            std::string_view raw_body) {
    std::string base = "v0:";
    base.append(timestamp).append(":").append(raw_body);
    return "v0=" + crypto::hmac_sha256_hex(signing_secret.reveal(), base);
}

Expected<void, VerificationError> verify(const SignatureHeaders& headers, std::string_view raw_body,
                                         std::int64_t now_seconds,
                                         const VerificationConfig& config) {
    if (!config.signing_secret.empty()) {
        return verify_signature(headers, raw_body, now_seconds, config);
    }
    if (config.legacy_token.empty()) return unexpected(VerificationError::NotConfigured);
    auto token = legacy_token_of(raw_body);
    if (token.empty() || !crypto::constant_time_equal(token, config.legacy_token.reveal())) {
        return unexpected(VerificationError::TokenMismatch);
    }
    return {};
}

}  // namespace megatron::slack::interpreter
