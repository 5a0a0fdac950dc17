#pragma once
// Every way a Slack call can fail, as one typed error: Slack's own {"ok": false} answers
// mapped to codes a caller can act on, plus HTTP and transport failures. The raw error
// string and Slack's warnings stay attached for logs. Never carries a token.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::slack {

enum class SlackErrorCode {
    // Slack's answers ({"ok": false, "error": ...})
    NotInChannel,
    ChannelNotFound,
    IsArchived,
    AlreadyArchived,
    NotArchived,
    NameTaken,
    InvalidName,  // invalid_name, invalid_name_required/_punctuation/_maxlength/_specials
    InvalidAuth,
    NotAuthed,
    TokenRevoked,
    TokenExpired,
    AccountInactive,
    RateLimited,  // HTTP 429 (retry_after set) or a "ratelimited"/"rate_limited" answer
    MsgTooLong,
    NoText,
    TooManyAttachments,
    InvalidBlocks,
    UserNotFound,
    UserNotInChannel,
    MessageNotFound,
    CantUpdateMessage,
    CantDeleteMessage,
    FileNotFound,
    MissingScope,
    InvalidArguments,
    MethodDeprecated,
    UnknownMethod,
    ExpiredUrl,  // a response_url used too often or too late
    OtherSlackError,
    // Failures around Slack's answer
    ServerError,       // HTTP 5xx
    HttpError,         // another unexpected HTTP status
    Timeout,           // no complete answer in time
    ConnectionFailed,  // could not connect, or the connection dropped
    InvalidResponse,   // not the JSON Slack answers with
    TooLarge,          // answer or download over its size limit
    DownloadRefused,   // url_private answered with Slack's sign-in page: token not accepted
    UntrustedUrl,      // refused to send a token to a host that is not Slack's
    LocalError,        // could not write a downloaded file, etc.
};

std::string_view to_string(SlackErrorCode code);
// Slack's error string -> code (unknown strings -> OtherSlackError).
SlackErrorCode code_from_slack_error(std::string_view error);

struct SlackError {
    SlackErrorCode code = SlackErrorCode::OtherSlackError;
    std::string error;   // Slack's raw error string, or a short transport description
    std::string method;  // "chat.postMessage", "url_private", "response_url", ...
    long http_status = 0;
    std::vector<std::string> warnings;  // "warning" and response_metadata.warnings
    std::vector<std::string> messages;  // response_metadata.messages (argument problems)
    // From Retry-After on 429, so a queue can hold back the whole channel.
    std::optional<std::chrono::seconds> retry_after;
    int attempts = 1;
    // True when the request may have been carried out although no answer arrived (a timeout
    // or a dropped connection on a request that was not retried): check before repeating.
    bool outcome_unknown = false;
    // True when a customer workspace's token was refused and no working new one could be had
    // from the bot app (refresh_workspace failed or its token was refused too): the job
    // should try again later rather than give up, the bot app may answer then.
    bool refresh_failed = false;

    // Authentication problems: the token is wrong, revoked or its account is gone.
    bool is_auth_error() const;
    // The errors after which the original asked the bot app for new credentials
    // (invalid_auth, token_revoked, token_expired, account_inactive).
    bool asks_for_new_credentials() const;
    // Worth trying again later (rate limits, 5xx, timeouts, connection failures).
    bool is_transient() const;
    // One line for logs: method, code, Slack's error, status, warnings. Never a token.
    std::string describe() const;
};

}  // namespace megatron::slack
