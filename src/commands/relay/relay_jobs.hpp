#pragma once
// The relay's job kinds and their payloads: what the bot-app API enqueues and the relay
// handlers run. Payloads name Megatron's channel by id and never carry a token (handlers
// look credentials up when they run).
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace megatron::commands::relay {

inline constexpr const char* kMirrorCustomerMessageKind = "relay.mirror_customer_message";
inline constexpr const char* kMirrorBotMessageKind = "relay.mirror_bot_message";
inline constexpr const char* kUpdateMirroredMessageKind = "relay.update_mirrored_message";

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

// The bot's reply, shown in the engagement channel as the bot.
struct MirrorBotMessage {
    std::int64_t channel_id = 0;
    std::string text;
    boost::json::value attachments;  // a list (a JSON string is decoded by the API)
    boost::json::value blocks;
    std::string ts;  // the bot's message ts in the customer's DM (may be empty)
};

// A customer edited a message that was mirrored: update the copy and the mapping.
struct UpdateMirroredMessage {
    std::int64_t channel_id = 0;
    std::string previous_ts;  // the customer's message as it was mapped
    std::string ts;           // the customer's message ts now
    std::string text;
    boost::json::value attachments;
};

std::string to_payload(const MirrorCustomerMessage& job);
std::string to_payload(const MirrorBotMessage& job);
std::string to_payload(const UpdateMirroredMessage& job);

// nullopt when the payload is not what the kind expects.
std::optional<MirrorCustomerMessage> mirror_customer_message_from(const std::string& payload);
std::optional<MirrorBotMessage> mirror_bot_message_from(const std::string& payload);
std::optional<UpdateMirroredMessage> update_mirrored_message_from(const std::string& payload);

}  // namespace megatron::commands::relay
