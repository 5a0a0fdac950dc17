#pragma once
// The relay's job kinds and their payloads, both directions: what the bot-app API enqueues
// (customer and bot -> engagement channel) and what the Slack routes enqueue (agent ->
// customer); the relay handlers run them. Payloads name Megatron's channel by id and never carry a
// token (handlers look credentials up when they run).
#include "commands/job_payload.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace megatron::commands::relay {

// Requests are read by Boost.JSON (job_payload.hpp).
using payload::tag_invoke;

inline constexpr const char* kMirrorCustomerMessageKind = "relay.mirror_customer_message";
inline constexpr const char* kMirrorBotMessageKind = "relay.mirror_bot_message";
inline constexpr const char* kUpdateMirroredMessageKind = "relay.update_mirrored_message";
// Agent -> customer (the Slack routes enqueue them for an engagement channel's messages).
inline constexpr const char* kRelayAgentMessageKind = "relay.agent_message";
inline constexpr const char* kRelayAgentEditKind = "relay.agent_edit";
inline constexpr const char* kRelayAgentDeleteKind = "relay.agent_delete";
// An agent's reaction on the mirror of a customer's message, carried to the customer's own.
inline constexpr const char* kRelayAgentReactionKind = "relay.agent_reaction";
// The same kinds' names before the agent relay joined relay/: still run, so jobs queued by an
// older Megatron are not lost on upgrade.
inline constexpr const char* kLegacyRelayAgentMessageKind = "control.relay_agent_message";
inline constexpr const char* kLegacyRelayAgentEditKind = "control.relay_agent_edit";
inline constexpr const char* kLegacyRelayAgentDeleteKind = "control.relay_agent_delete";

// A customer's message to the bot, to be shown in the engagement channel under the
// customer's name and avatar.
struct MirrorCustomerMessage {
    std::int64_t channel_id = 0;  // Megatron's channel
    std::string user;             // the customer's user id in the customer workspace
    std::string text;
    std::string ts;                  // the customer's message ts
    boost::json::value attachments;  // null when absent
    boost::json::value files;        // null when absent
};
BOOST_DESCRIBE_STRUCT(MirrorCustomerMessage, (), (channel_id, user, text, ts, attachments, files))

// The bot's reply, shown in the engagement channel as the bot.
struct MirrorBotMessage {
    std::int64_t channel_id = 0;
    std::string text;
    boost::json::value attachments;  // a list (a JSON string is decoded by the API)
    boost::json::value blocks;
    std::string ts;  // the bot's message ts in the customer's DM (may be empty)
};
BOOST_DESCRIBE_STRUCT(MirrorBotMessage, (), (channel_id, text, attachments, blocks, ts))

// A customer edited a message that was mirrored: update the copy and the mapping.
struct UpdateMirroredMessage {
    std::int64_t channel_id = 0;
    std::string previous_ts;  // the customer's message as it was mapped
    std::string ts;           // the customer's message ts now
    std::string text;
    boost::json::value attachments;
};
BOOST_DESCRIBE_STRUCT(UpdateMirroredMessage, (), (channel_id, previous_ts, ts, text, attachments))

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
BOOST_DESCRIBE_STRUCT(AgentMessageJob, (),
                      (channel_id, agent_id, ts, previous_ts, text, attachments, blocks))

// An agent added (or removed) a reaction on a message of an engagement channel.
struct AgentReactionJob {
    std::int64_t channel_id = 0;
    std::string agent_id;
    std::string ts;        // the reacted-to message in the engagement channel
    std::string reaction;  // emoji name
    std::string change;    // kReactionAdded or kReactionRemoved
};
BOOST_DESCRIBE_STRUCT(AgentReactionJob, (), (channel_id, agent_id, ts, reaction, change))
inline constexpr const char* kReactionAdded = "added";
inline constexpr const char* kReactionRemoved = "removed";

// What each kind cannot run without (job_payload.hpp refuses a payload lacking it).
bool complete(const MirrorCustomerMessage& job);
bool complete(const MirrorBotMessage& job);
bool complete(const UpdateMirroredMessage& job);
bool complete(const AgentMessageJob& job);
bool complete(const AgentReactionJob& job);

}  // namespace megatron::commands::relay
