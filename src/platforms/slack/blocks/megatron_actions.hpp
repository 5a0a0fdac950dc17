#pragma once
// Megatron's own buttons and menus: action_id "<command>|<workspace>-<user>" (unique per
// message, as Slack requires), value "<workspace>-<user>". Commands place these blocks in
// messages; the interpreter's parse_interactive_* turns a click back into {command, target}
// (tests/platforms/slack/interpreter/megatron_actions_test round-trips the two so they
// cannot drift apart).
#include "platforms/slack/blocks/action_target.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::slack::blocks {

// The commands a button or menu can carry.
inline constexpr std::string_view kPauseCommand = "pause";
inline constexpr std::string_view kUnpauseCommand = "unpause";
inline constexpr std::string_view kOpenCommand = "open";
inline constexpr std::string_view kCloseCommand = "close";
inline constexpr std::string_view kClearContextCommand = "clear-context";
// Issue 19: claim a help request (the click names the post by its channel and ts); keep a
// quiet paused channel paused (resets hand-back's timer).
inline constexpr std::string_view kClaimCommand = "claim";
inline constexpr std::string_view kKeepPausedCommand = "keep-paused";

// The message shortcuts (threads mode, issue 21): Slack allows no slash command in a thread,
// so each command is also a shortcut on a message of the engagement. The app manifest
// declares them; the interactive route maps a callback_id back to its command.
struct MessageShortcut {
    std::string_view callback_id;
    std::string_view name;  // what the agent sees in the message's menu
    std::string_view command;
    std::string_view description;
};
inline constexpr std::array<MessageShortcut, 5> kMessageShortcuts{{
    {"megatron_pause", "Megatron: pause", kPauseCommand, "Pause the bot for this customer"},
    {"megatron_unpause", "Megatron: unpause", kUnpauseCommand, "Let the bot answer again"},
    {"megatron_close", "Megatron: close", kCloseCommand, "Close this engagement"},
    {"megatron_clear_context", "Megatron: clear context", kClearContextCommand,
     "Reset the bot's memory of this customer"},
    {"megatron_do", "Megatron: do ...", "do", "Hand the bot this message's text as a command"},
}};

// A Block Kit button element.
boost::json::object action_button(std::string_view command, std::string_view label,
                                  const ActionTarget& target, std::string_view style = {});

// An actions block with the Pause button (when the bot is answering) or the Unpause button.
boost::json::object pause_toggle_block(const ActionTarget& target, bool currently_paused);

// An actions block with the "Open engagement channel" button, and the Claim button after it
// when `claimable` (a help request nobody has claimed yet).
boost::json::object open_channel_block(const ActionTarget& target, bool claimable = false);

// An actions block with the Keep paused button of hand-back's warning.
boost::json::object keep_paused_block(const ActionTarget& target);

// The Retry button of a failed delivery's note: re-queues the dead relay job `job_id`.
// action_id "retry_delivery|<job id>", value "<job id>".
inline constexpr std::string_view kRetryDeliveryCommand = "retry_delivery";
boost::json::object retry_delivery_block(std::int64_t job_id);

struct UserChoice {
    std::string label;  // e.g. "alice (acme)"
    ActionTarget target;
};

// A section with a static_select listing the users search_user found; choosing one runs
// `command` for that user. Slack allows at most 100 options; more are cut.
boost::json::object user_select_block(std::string_view command, std::string_view prompt,
                                      const std::vector<UserChoice>& choices);

}  // namespace megatron::slack::blocks
