#pragma once
// Button presses and menu choices (Slack's "interactive" requests): a form body whose single
// field payload= holds JSON. Two generations are understood:
//   - legacy attachments, type "interactive_message": the command is callback_id (text before
//     an optional '|'), the target is the action's value or selected_options[0].value;
//   - Block Kit, type "block_actions": the command is the action_id (text before an optional
//     '|', so ids can stay unique per message), the target is value or selected_option.value.
// Megatron's own buttons and menus carry the target as "<workspace_id>-<user_id>" (as the
// original did): Pause/Unpause, "Open engagement channel", and the menu that picks among
// several users that search_user found. Other payload types (view_submission, ...) parse as
// InteractionKind::Other so the route can acknowledge and ignore them.
//   - message shortcuts, type "message_action" (threads mode, issue 21): the command is the
//     callback_id ("megatron_pause", ...), and the message it was used on is message_ts,
//     message_thread_ts and message_text.
#include "platforms/slack/blocks/action_target.hpp"
#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace megatron::slack::interpreter {

enum class InteractionKind { InteractiveMessage, BlockActions, MessageAction, Other };
enum class ActionType { Button, Select, Other };

// The target of Megatron's own buttons lives in the Block Kit leaf (the commands write it);
// the interpreter reads it back from clicks.
using blocks::ActionTarget;
using blocks::format_action_target;
using blocks::parse_action_target;

struct InteractiveAction {
    InteractionKind kind = InteractionKind::Other;
    std::string type;  // the payload's "type" as sent
    std::string team_id;
    std::string team_domain;
    std::string user_id;  // the agent who clicked
    std::string user_name;
    std::string channel_id;  // where the message with the button is; empty for Other and for
                             // Block Kit actions in a view (App Home, modal)
    std::string message_ts;
    std::string response_url;  // always set for InteractiveMessage; may be empty otherwise
    std::string trigger_id;
    std::string callback_id;  // legacy only
    std::string action_id;    // Block Kit only
    std::string block_id;     // Block Kit only
    std::string command;      // "pause", "unpause", "open", ... (see above)
    ActionType action_type = ActionType::Other;
    std::string action_type_name;  // "button", "select", "static_select", ...
    std::string value;             // the button value or the chosen option's value
    std::optional<ActionTarget> target;
    // MessageAction only: the message the shortcut was used on.
    std::string message_thread_ts;  // its thread (empty for a message outside one)
    std::string message_text;
};

// From the raw form body ("payload=<url-encoded JSON>").
Expected<InteractiveAction, ParseError> parse_interactive_body(std::string_view form_body);
// From the payload JSON itself (already decoded).
Expected<InteractiveAction, ParseError> parse_interactive_payload(std::string_view json);
// From the payload already parsed (Socket Mode's envelope payload).
Expected<InteractiveAction, ParseError> parse_interactive_object(
    const boost::json::object& payload);

}  // namespace megatron::slack::interpreter
