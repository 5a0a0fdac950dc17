#pragma once
// The /megatron slash command: the form Slack posts, and the words typed after it.
//
//   /megatron open|close|pause|unpause|clear-context [user]   -> ControlCommand
//   /megatron do <text>                                       -> DoCommand
//   anything else                                             -> UnknownCommand (reply: help)
//
// Without a user a ControlCommand targets the customer of the engagement channel it was typed
// in (the Command resolves that); with one, the bot app's search_user finds who is meant.
#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace megatron::slack::interpreter {

// The form fields of a slash command request (application/x-www-form-urlencoded).
struct SlashCommand {
    std::string team_id;  // required
    std::string team_domain;
    std::string enterprise_id;
    std::string api_app_id;
    std::string channel_id;  // required: where it was typed
    std::string channel_name;
    std::string user_id;  // required: the agent
    std::string user_name;
    std::string command;       // "/megatron" (whatever the app named it)
    std::string text;          // words after the command, possibly empty
    std::string response_url;  // required: answers go there (valid 30 minutes, 5 uses)
    std::string trigger_id;
};

Expected<SlashCommand, ParseError> parse_slash_command(std::string_view form_body);
// The same fields as a JSON object (Socket Mode's envelope payload).
Expected<SlashCommand, ParseError> parse_slash_command_object(const boost::json::object& fields);

enum class ControlVerb { Open, Close, Pause, Unpause, ClearContext };

std::string_view to_string(ControlVerb verb);
std::optional<ControlVerb> control_verb_from(std::string_view word);

struct ControlCommand {
    ControlVerb verb = ControlVerb::Open;
    std::optional<std::string> target_user;  // a name for search_user; none = this channel's
};

struct DoCommand {
    std::string text;  // everything after "do", inner spacing kept, ends trimmed
};

struct UnknownCommand {
    std::string word;  // what was typed first (empty when nothing was)
};

using MegatronCommand = std::variant<ControlCommand, DoCommand, UnknownCommand>;

// ParseError (InvalidValue, field "text") when a control verb gets more than one user word,
// or "do" has no text.
Expected<MegatronCommand, ParseError> parse_megatron_command(std::string_view text);

// The reply to an unknown command: every command with a one-line description.
std::string command_help_text();

}  // namespace megatron::slack::interpreter
