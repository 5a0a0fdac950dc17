#pragma once
// The control job kind and its payload: what the Slack routes enqueue for a slash command or
// a button, and the control handler runs (the agent's messages are relay jobs, relay_jobs.hpp).
// Payloads never carry a token; handlers look credentials up when they run. The response_url is a
// capability, so it is never logged.
#include "commands/job_payload.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <string>

namespace megatron::commands::control {

// Requests are read by Boost.JSON (job_payload.hpp).
using payload::tag_invoke;

inline constexpr const char* kControlCommandKind = "control.command";

// A slash command or a click: who asked, where, for whom, and where to answer.
struct ControlJob {
    std::string verb;  // open, close, pause, unpause, clear-context, do, claim, keep-paused
    std::int64_t integration_id = 0;
    std::string channel;  // where the agent typed or clicked (support workspace channel id)
    std::string agent_id;
    std::string response_url;
    // The target: an explicit customer (buttons, menus), a name for search_user, or neither
    // (the customer of the engagement channel `channel`).
    std::string target_workspace_id;
    std::string target_user_id;
    std::string target_name;
    std::string text;  // do <text>
    // Through what the agent asked (storage/audit_log.hpp's audit_via): "slash_command",
    // "button"; empty in jobs queued before the audit log existed.
    std::string via;
    // The message whose button was clicked (claim: the help request's post); "" otherwise.
    std::string message_ts;
};
BOOST_DESCRIBE_STRUCT(ControlJob, (),
                      (verb, integration_id, channel, agent_id, response_url, target_workspace_id,
                       target_user_id, target_name, text, via, message_ts))

// A verb and the integration it came from are what a control job cannot run without.
bool complete(const ControlJob& job);

}  // namespace megatron::commands::control
