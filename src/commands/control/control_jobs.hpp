#pragma once
// The Slack side's job kinds and their payloads: what the Slack interpreter enqueues (an
// agent's message, edit or deletion in an engagement channel; a slash command or a button)
// and the control handlers run. Payloads never carry a token; handlers look credentials up
// when they run. The response_url is a capability, so it is never logged.
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace megatron::commands::control {

inline constexpr const char* kRelayAgentMessageKind = "control.relay_agent_message";
inline constexpr const char* kRelayAgentEditKind = "control.relay_agent_edit";
inline constexpr const char* kRelayAgentDeleteKind = "control.relay_agent_delete";
inline constexpr const char* kControlCommandKind = "control.command";

// An agent wrote (or edited, or deleted) in an engagement channel.
struct AgentMessageJob {
    std::int64_t channel_id = 0;  // Megatron's channel
    std::string agent_id;         // the agent's user id in the support workspace
    std::string ts;               // the agent's message ts (for a deletion: the deleted ts)
    std::string previous_ts;      // edits only: the ts the mapping knows
    std::string text;
    boost::json::value attachments;  // null when absent
    boost::json::value blocks;       // null when absent
};

// A slash command or a click: who asked, where, for whom, and where to answer.
struct ControlJob {
    std::string verb;  // open, close, pause, unpause, clear-context, do
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
};

std::string to_payload(const AgentMessageJob& job);
std::string to_payload(const ControlJob& job);
std::optional<AgentMessageJob> agent_message_from(const std::string& payload);
std::optional<ControlJob> control_job_from(const std::string& payload);

}  // namespace megatron::commands::control
