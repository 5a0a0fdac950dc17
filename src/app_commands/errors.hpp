#pragma once
// What can go wrong talking to a bot app. Never carries the token, the body or the URL (a
// command_url may hold credentials in its query).
#include <string>

namespace megatron::app_commands {

struct AppCommandError {
    enum class Kind {
        NoCommandUrl,  // the organization has not configured one
        Timeout,       // no complete answer in time
        Unreachable,   // could not connect
        HttpStatus,    // answered, but not 200
        BadAnswer,     // 200, but the body is not the JSON this command expects
        Refused,       // 200 with {"ok": false}
        Transport,     // any other transport failure
    };
    Kind kind = Kind::Transport;
    long status = 0;     // the HTTP status for HttpStatus (and BadAnswer/Refused)
    std::string detail;  // short description, safe to log

    // Worth trying again later (the job queue decides when): the bot app may recover.
    bool retryable() const;
    std::string message() const;
};

std::string to_string(AppCommandError::Kind kind);

}  // namespace megatron::app_commands
