#include "platforms/slack/interpreter/slash_command.hpp"

#include "util/strings.hpp"

#include <array>
#include <map>

namespace megatron::slack::interpreter {
namespace {

using Form = std::map<std::string, std::string>;

std::string field(const Form& form, const std::string& key) {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
}

struct VerbInfo {
    ControlVerb verb;
    std::string_view word;
    std::string_view description;
};

constexpr std::array<VerbInfo, 5> kVerbs{{
    {ControlVerb::Open, "open", "open an engagement channel with a customer"},
    {ControlVerb::Close, "close", "close the engagement channel"},
    {ControlVerb::Pause, "pause", "pause the bot for a customer (agents answer)"},
    {ControlVerb::Unpause, "unpause", "let the bot answer a customer again"},
    {ControlVerb::ClearContext, "clear-context", "make the bot forget a customer's context"},
}};

Expected<SlashCommand, ParseError> from_fields(const Form& form) {
    SlashCommand cmd;
    cmd.team_id = field(form, "team_id");
    cmd.team_domain = field(form, "team_domain");
    cmd.enterprise_id = field(form, "enterprise_id");
    cmd.api_app_id = field(form, "api_app_id");
    cmd.channel_id = field(form, "channel_id");
    cmd.channel_name = field(form, "channel_name");
    cmd.user_id = field(form, "user_id");
    cmd.user_name = field(form, "user_name");
    cmd.command = field(form, "command");
    cmd.text = field(form, "text");
    cmd.response_url = field(form, "response_url");
    cmd.trigger_id = field(form, "trigger_id");
    for (const auto& [name, value] :
         {std::pair{"team_id", &cmd.team_id}, std::pair{"channel_id", &cmd.channel_id},
          std::pair{"user_id", &cmd.user_id}, std::pair{"response_url", &cmd.response_url}}) {
        if (value->empty())
            return unexpected(ParseError{ParseError::Kind::MissingField, name, "required"});
    }
    return cmd;
}

}  // namespace

Expected<SlashCommand, ParseError> parse_slash_command(std::string_view form_body) {
    return from_fields(strings::parse_form(form_body));
}

Expected<SlashCommand, ParseError> parse_slash_command_object(const boost::json::object& fields) {
    Form form;
    for (const auto& [key, value] : fields) {
        if (value.is_string()) form.emplace(std::string(key), std::string(value.as_string()));
    }
    return from_fields(form);
}

std::string_view to_string(ControlVerb verb) {
    for (const auto& info : kVerbs) {
        if (info.verb == verb) return info.word;
    }
    return "unknown";
}

std::optional<ControlVerb> control_verb_from(std::string_view word) {
    auto lower = strings::to_lower(word);
    for (const auto& info : kVerbs) {
        if (info.word == lower) return info.verb;
    }
    return std::nullopt;
}

Expected<MegatronCommand, ParseError> parse_megatron_command(std::string_view text) {
    auto trimmed = strings::trim(text);
    auto words = strings::split_whitespace(trimmed);
    if (words.empty()) return MegatronCommand{UnknownCommand{}};
    const auto& first = words.front();
    if (strings::to_lower(first) == "do") {
        auto rest = strings::trim(std::string_view(trimmed).substr(first.size()));
        if (rest.empty()) {
            return unexpected(
                ParseError{ParseError::Kind::InvalidValue, "text", "do needs the text to send"});
        }
        return MegatronCommand{DoCommand{std::move(rest)}};
    }
    auto verb = control_verb_from(first);
    if (!verb) return MegatronCommand{UnknownCommand{first}};
    if (words.size() > 2) {
        return unexpected(ParseError{ParseError::Kind::InvalidValue, "text",
                                     "too many arguments: expected at most one user"});
    }
    ControlCommand control{*verb, std::nullopt};
    if (words.size() == 2) {
        // Slack may send a mention as "<@U123|name>" or "@name"; keep what names the user.
        std::string user = words[1];
        if (user.size() > 3 && user.starts_with("<@") && user.ends_with(">")) {
            user = user.substr(2, user.size() - 3);
            if (auto bar = user.find('|'); bar != std::string::npos) user = user.substr(bar + 1);
        } else if (user.starts_with("@") && user.size() > 1) {
            user = user.substr(1);
        }
        control.target_user = std::move(user);
    }
    return MegatronCommand{std::move(control)};
}

std::string command_help_text() {
    std::string out = "I don't recognize that command. I know these:\n";
    for (const auto& info : kVerbs) {
        out += "• `/megatron ";
        out += info.word;
        out += " [user]`: ";
        out += info.description;
        out += "\n";
    }
    out +=
        "• `/megatron do <text>`: send <text> to the bot as a command for this channel's "
        "customer\n";
    out +=
        "Without a user, a command targets the customer of the engagement channel it is typed in.";
    return out;
}

}  // namespace megatron::slack::interpreter
