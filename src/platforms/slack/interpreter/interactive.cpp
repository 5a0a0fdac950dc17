#include "platforms/slack/interpreter/interactive.hpp"

#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/json_fields.hpp"
#include "util/strings.hpp"

namespace megatron::slack::interpreter {
namespace {

using boost::json::object;
using json_fields::string_or_empty;
using json_fields::Token;

std::string before_bar(const std::string& s) {
    return s.substr(0, s.find('|'));
}

ActionType action_type_of(std::string_view name) {
    if (name == "button") return ActionType::Button;
    if (name == "select" || name.ends_with("_select")) return ActionType::Select;
    return ActionType::Other;
}

// The first action, which is the one clicked (Slack sends exactly one).
Expected<const object*, ParseError> first_action(const object& payload) {
    auto actions =
        json_fields::required<const boost::json::array*>(payload, "actions", AsParseError());
    if (!actions) return unexpected(actions.error());
    const auto& list = **actions;
    if (list.empty()) return unexpected(missing("actions[0]"));
    if (!list.front().is_object()) return unexpected(wrong_type("actions[0]", "an object"));
    return &list.front().as_object();
}

// Legacy select: selected_options[0].value.
std::string legacy_selected_value(const object& action) {
    auto options = json_fields::value_or_null(action, "selected_options");
    if (!options.is_array() || options.as_array().empty()) return {};
    const auto& first = options.as_array().front();
    return first.is_object() ? string_or_empty(first.as_object(), "value") : std::string();
}

// Block Kit select: selected_option.value (static/external), or the picked user/channel.
std::string block_selected_value(const object& action) {
    if (const auto* option = json_fields::find(action, "selected_option");
        option && option->is_object()) {
        return string_or_empty(option->as_object(), "value");
    }
    for (const char* key : {"selected_user", "selected_conversation", "selected_channel"}) {
        if (auto v = string_or_empty(action, key); !v.empty()) return v;
    }
    return {};
}

Expected<void, ParseError> read_common(const object& payload, InteractiveAction& out) {
    auto type = json_fields::required<Token>(payload, "type", AsParseError());
    if (!type) return unexpected(type.error());
    out.type = *type;

    auto user = json_fields::required<const object*>(payload, "user", AsParseError());
    if (!user) return unexpected(user.error());
    auto user_id = json_fields::required<Token>(**user, "id", AsParseError("user"));
    if (!user_id) return unexpected(user_id.error());
    out.user_id = *user_id;
    out.user_name = string_or_empty(**user, "username");
    if (out.user_name.empty()) out.user_name = string_or_empty(**user, "name");

    auto team = json_fields::optional<const object*>(payload, "team", AsParseError());
    if (!team) return unexpected(team.error());
    if (*team) {
        out.team_id = string_or_empty(***team, "id");
        out.team_domain = string_or_empty(***team, "domain");
    }
    if (out.team_id.empty()) out.team_id = string_or_empty(**user, "team_id");

    auto channel = json_fields::optional<const object*>(payload, "channel", AsParseError());
    if (!channel) return unexpected(channel.error());
    if (*channel) out.channel_id = string_or_empty(***channel, "id");
    auto container = json_fields::optional<const object*>(payload, "container", AsParseError());
    if (!container) return unexpected(container.error());
    if (*container) {
        if (out.channel_id.empty()) out.channel_id = string_or_empty(***container, "channel_id");
        out.message_ts = string_or_empty(***container, "message_ts");
    }
    if (out.message_ts.empty()) out.message_ts = string_or_empty(payload, "message_ts");

    auto response_url = json_fields::optional<Token>(payload, "response_url", AsParseError());
    if (!response_url) return unexpected(response_url.error());
    out.response_url = response_url->value_or("");
    out.trigger_id = string_or_empty(payload, "trigger_id");
    return {};
}

Expected<void, ParseError> read_legacy(const object& payload, InteractiveAction& out) {
    auto callback = json_fields::required<Token>(payload, "callback_id", AsParseError());
    if (!callback) return unexpected(callback.error());
    out.callback_id = *callback;
    out.command = before_bar(out.callback_id);
    auto action = first_action(payload);
    if (!action) return unexpected(action.error());
    out.action_type_name = string_or_empty(**action, "type");
    out.action_type = action_type_of(out.action_type_name);
    out.value = out.action_type == ActionType::Select ? legacy_selected_value(**action)
                                                      : string_or_empty(**action, "value");
    return {};
}

Expected<void, ParseError> read_block_actions(const object& payload, InteractiveAction& out) {
    auto action = first_action(payload);
    if (!action) return unexpected(action.error());
    auto action_id =
        json_fields::required<Token>(**action, "action_id", AsParseError("actions[0]"));
    if (!action_id) return unexpected(action_id.error());
    out.action_id = *action_id;
    out.command = before_bar(out.action_id);
    out.block_id = string_or_empty(**action, "block_id");
    out.action_type_name = string_or_empty(**action, "type");
    out.action_type = action_type_of(out.action_type_name);
    out.value = out.action_type == ActionType::Select ? block_selected_value(**action)
                                                      : string_or_empty(**action, "value");
    return {};
}

// A message shortcut: the callback_id names it, `message` is the message it was used on.
Expected<void, ParseError> read_message_action(const object& payload, InteractiveAction& out) {
    auto callback = json_fields::required<Token>(payload, "callback_id", AsParseError());
    if (!callback) return unexpected(callback.error());
    out.callback_id = *callback;
    out.command = *callback;
    auto message = json_fields::required<const object*>(payload, "message", AsParseError());
    if (!message) return unexpected(message.error());
    auto ts = json_fields::required<Token>(**message, "ts", AsParseError("message"));
    if (!ts) return unexpected(ts.error());
    out.message_ts = *ts;
    out.message_thread_ts = string_or_empty(**message, "thread_ts");
    out.message_text = string_or_empty(**message, "text");
    if (out.channel_id.empty()) return unexpected(missing("channel.id"));
    return {};
}

}  // namespace

Expected<InteractiveAction, ParseError> parse_interactive_payload(std::string_view json) {
    auto payload = parse_object(json, "payload");
    if (!payload) return unexpected(payload.error());
    return parse_interactive_object(*payload);
}

Expected<InteractiveAction, ParseError> parse_interactive_object(const object& object) {
    const auto* payload = &object;
    InteractiveAction out;
    if (auto common = read_common(*payload, out); !common) return unexpected(common.error());
    if (out.type == "interactive_message") {
        out.kind = InteractionKind::InteractiveMessage;
        if (auto r = read_legacy(*payload, out); !r) return unexpected(r.error());
    } else if (out.type == "message_action") {
        out.kind = InteractionKind::MessageAction;
        if (auto r = read_message_action(*payload, out); !r) return unexpected(r.error());
        return out;
    } else if (out.type == "block_actions") {
        out.kind = InteractionKind::BlockActions;
        if (auto r = read_block_actions(*payload, out); !r) return unexpected(r.error());
    } else {
        return out;  // Other: acknowledged, not acted on
    }
    // Legacy actions always sit on a message in a channel. Block Kit actions may come from a
    // view (App Home, modal) with neither; Megatron's own buttons are never there, so those
    // parse and the Command refuses what it cannot answer.
    if (out.kind == InteractionKind::InteractiveMessage) {
        if (out.response_url.empty()) return unexpected(missing("response_url"));
        if (out.channel_id.empty()) return unexpected(missing("channel.id"));
    }
    out.target = parse_action_target(out.value);
    return out;
}

Expected<InteractiveAction, ParseError> parse_interactive_body(std::string_view form_body) {
    auto form = strings::parse_form(form_body);
    auto payload = form.find("payload");
    if (payload == form.end() || payload->second.empty()) {
        return unexpected(missing("payload"));
    }
    return parse_interactive_payload(payload->second);
}

}  // namespace megatron::slack::interpreter
