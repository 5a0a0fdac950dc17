#include "platforms/slack/connection/errors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <utility>

namespace megatron::slack {
namespace {

constexpr std::array<std::pair<SlackErrorCode, std::string_view>, 37> kNames = {{
    {SlackErrorCode::NotInChannel, "not_in_channel"},
    {SlackErrorCode::ChannelNotFound, "channel_not_found"},
    {SlackErrorCode::IsArchived, "is_archived"},
    {SlackErrorCode::AlreadyArchived, "already_archived"},
    {SlackErrorCode::NotArchived, "not_archived"},
    {SlackErrorCode::NameTaken, "name_taken"},
    {SlackErrorCode::InvalidName, "invalid_name"},
    {SlackErrorCode::InvalidAuth, "invalid_auth"},
    {SlackErrorCode::NotAuthed, "not_authed"},
    {SlackErrorCode::TokenRevoked, "token_revoked"},
    {SlackErrorCode::TokenExpired, "token_expired"},
    {SlackErrorCode::AccountInactive, "account_inactive"},
    {SlackErrorCode::RateLimited, "ratelimited"},
    {SlackErrorCode::MsgTooLong, "msg_too_long"},
    {SlackErrorCode::NoText, "no_text"},
    {SlackErrorCode::TooManyAttachments, "too_many_attachments"},
    {SlackErrorCode::InvalidBlocks, "invalid_blocks"},
    {SlackErrorCode::UserNotFound, "user_not_found"},
    {SlackErrorCode::UserNotInChannel, "user_not_in_channel"},
    {SlackErrorCode::MessageNotFound, "message_not_found"},
    {SlackErrorCode::CantUpdateMessage, "cant_update_message"},
    {SlackErrorCode::CantDeleteMessage, "cant_delete_message"},
    {SlackErrorCode::FileNotFound, "file_not_found"},
    {SlackErrorCode::MissingScope, "missing_scope"},
    {SlackErrorCode::InvalidArguments, "invalid_arguments"},
    {SlackErrorCode::MethodDeprecated, "method_deprecated"},
    {SlackErrorCode::UnknownMethod, "unknown_method"},
    {SlackErrorCode::ExpiredUrl, "expired_url"},
    {SlackErrorCode::OtherSlackError, "other_slack_error"},
    {SlackErrorCode::ServerError, "server_error"},
    {SlackErrorCode::HttpError, "http_error"},
    {SlackErrorCode::Timeout, "timeout"},
    {SlackErrorCode::ConnectionFailed, "connection_failed"},
    {SlackErrorCode::InvalidResponse, "invalid_response"},
    {SlackErrorCode::TooLarge, "too_large"},
    {SlackErrorCode::DownloadRefused, "download_refused"},
    {SlackErrorCode::UntrustedUrl, "untrusted_url"},
}};

// Slack errors that share a code with another spelling.
constexpr std::array<std::pair<std::string_view, SlackErrorCode>, 9> kAliases = {{
    {"rate_limited", SlackErrorCode::RateLimited},
    {"invalid_name_required", SlackErrorCode::InvalidName},
    {"invalid_name_punctuation", SlackErrorCode::InvalidName},
    {"invalid_name_maxlength", SlackErrorCode::InvalidName},
    {"invalid_name_specials", SlackErrorCode::InvalidName},
    {"used_url", SlackErrorCode::ExpiredUrl},
    {"invalid_attachments", SlackErrorCode::InvalidArguments},
    {"invalid_metadata_format", SlackErrorCode::InvalidArguments},
    {"users_list_not_supplied", SlackErrorCode::InvalidArguments},
}};

}  // namespace

std::string_view to_string(SlackErrorCode code) {
    if (code == SlackErrorCode::LocalError) return "local_error";
    for (const auto& [c, name] : kNames) {
        if (c == code) return name;
    }
    return "unknown";
}

SlackErrorCode code_from_slack_error(std::string_view error) {
    for (const auto& [c, name] : kNames) {
        if (name == error && c < SlackErrorCode::OtherSlackError) return c;
    }
    for (const auto& [name, c] : kAliases) {
        if (name == error) return c;
    }
    return SlackErrorCode::OtherSlackError;
}

bool SlackError::is_auth_error() const {
    return code == SlackErrorCode::InvalidAuth || code == SlackErrorCode::NotAuthed ||
           code == SlackErrorCode::TokenRevoked || code == SlackErrorCode::TokenExpired ||
           code == SlackErrorCode::AccountInactive;
}

bool SlackError::asks_for_new_credentials() const {
    return code == SlackErrorCode::InvalidAuth || code == SlackErrorCode::TokenRevoked ||
           code == SlackErrorCode::TokenExpired || code == SlackErrorCode::AccountInactive;
}

bool SlackError::is_transient() const {
    return code == SlackErrorCode::RateLimited || code == SlackErrorCode::ServerError ||
           code == SlackErrorCode::Timeout || code == SlackErrorCode::ConnectionFailed;
}

std::string SlackError::describe() const {
    std::string out = fmt::format("slack {} failed: {}", method, to_string(code));
    if (!error.empty() && error != to_string(code)) out += fmt::format(" ({})", error);
    if (http_status != 0) out += fmt::format(", HTTP {}", http_status);
    if (retry_after) out += fmt::format(", retry after {}s", retry_after->count());
    if (attempts > 1) out += fmt::format(", {} attempts", attempts);
    if (outcome_unknown) out += ", outcome unknown";
    if (refresh_failed) out += ", no fresh credentials yet";
    if (!warnings.empty()) out += fmt::format(", warnings: {}", fmt::join(warnings, ","));
    if (!messages.empty()) out += fmt::format(", messages: {}", fmt::join(messages, "; "));
    return out;
}

}  // namespace megatron::slack
