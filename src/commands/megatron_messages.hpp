#pragma once
// Megatron's own texts and Block Kit messages (the original's wording where it had one):
// control replies, the relay's footer and warnings, the scheduled reminder. Shared by every
// command folder, so it lives at commands/.
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace megatron::commands {

inline constexpr std::string_view kPausedForCustomer =
    "Hey, there! I've been paused so a support agent can talk with you. I'll let you know when "
    "I'm back online";
inline constexpr std::string_view kUnpausedForCustomer =
    "Hey, there! I've been unpaused and I'm back online to help you with everything I can. ";
inline constexpr std::string_view kSpecifyUser = "Please specify a user for this command.";
inline constexpr std::string_view kNoOpenChannel = "Couldn't find an open channel.";
inline constexpr std::string_view kChannelClosed = "Got it! The channel was closed.";
inline constexpr std::string_view kThreadClosed = "Got it! The thread was closed.";

// The attachment that ends every message an agent sends to a customer.
boost::json::value sent_by_footer(const std::string& agent_name, boost::json::value attachments);

// "Bot is not paused." warning with a Pause button, posted into the engagement channel.
boost::json::array not_paused_warning_blocks(const std::string& workspace_id,
                                             const std::string& user_id);
// "Paused" reminder with an Unpause button.
boost::json::array paused_reminder_blocks(const std::string& workspace_id,
                                          const std::string& user_id);
// The answer to pause/unpause: "Bot *paused* for user: <name>." and the toggle button.
boost::json::array pause_state_blocks(const std::string& workspace_id, const std::string& user_id,
                                      const std::string& customer_name, bool paused);

}  // namespace megatron::commands
