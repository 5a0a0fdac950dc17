// What the visitor does on the page, carried out as the simulated Slack: a customer or an
// agent types (a message event, or the /megatron slash command), an agent clicks a button
// (an interactive payload), or Slack misbehaves (a fault). Bad input is an ActionError.
#include "playground/playground.hpp"

#include "util/strings.hpp"

#include <boost/json.hpp>

namespace megatron::playground {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxText = 4000;  // Slack's own limit for a message's text

const Person* find_person(const std::vector<Person>& people, const std::string& id_or_name) {
    for (const auto& person : people) {
        if (person.id == id_or_name || person.name == id_or_name) return &person;
    }
    return nullptr;
}

Expected<std::string, ActionError> checked_text(const std::string& text) {
    auto trimmed = strings::trim(text);
    if (trimmed.empty()) return unexpected(ActionError{"empty_text"});
    if (trimmed.size() > kMaxText) return unexpected(ActionError{"text_too_long"});
    return trimmed;
}

// The agent, when both they and the channel (a support workspace channel) exist.
Expected<const Person*, ActionError> agent_in_channel(const Cast& cast,
                                                      const slack_sim::Simulator& sim,
                                                      const std::string& agent,
                                                      const std::string& channel) {
    const Person* person = find_person(cast.agents, agent);
    if (person == nullptr) return unexpected(ActionError{"unknown_agent"});
    auto view = sim.channel(channel);
    if (!view || view->team_id != cast.support_team || view->is_im) {
        return unexpected(ActionError{"unknown_channel"});
    }
    return person;
}

std::string member(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Expected<void, ActionError> Playground::customer_says(const std::string& customer,
                                                      const std::string& text) {
    const Person* person = find_person(cast_.customers, customer);
    if (person == nullptr) return unexpected(ActionError{"unknown_customer"});
    auto checked = checked_text(text);
    if (!checked) return unexpected(checked.error());
    sim_.user_says(person->dm, person->id, *checked);
    return {};
}

Expected<void, ActionError> Playground::agent_says(const std::string& agent,
                                                   const std::string& channel,
                                                   const std::string& text) {
    auto found = agent_in_channel(cast_, sim_, agent, channel);
    if (!found) return unexpected(found.error());
    const Person* person = *found;
    auto checked = checked_text(text);
    if (!checked) return unexpected(checked.error());
    // "/megatron open carla" is Slack's slash command, not a message.
    constexpr std::string_view kCommand = "/megatron";
    if (checked->starts_with(kCommand) &&
        (checked->size() == kCommand.size() || checked->at(kCommand.size()) == ' ')) {
        sim_.add_member(channel, person->id);
        sim_.slash_command(channel, person->id, std::string(kCommand),
                           strings::trim(checked->substr(kCommand.size())));
        return {};
    }
    if (checked->starts_with('/')) return unexpected(ActionError{"unknown_command"});
    sim_.add_member(channel, person->id);
    sim_.user_says(channel, person->id, *checked);
    return {};
}

// A block_actions payload as Slack sends it for a button (value) or a menu (selected_option).
Expected<void, ActionError> Playground::agent_clicks(const std::string& agent,
                                                     const std::string& channel,
                                                     const json::object& action) {
    auto found = agent_in_channel(cast_, sim_, agent, channel);
    if (!found) return unexpected(found.error());
    auto action_id = member(action, "action_id");
    if (action_id.empty()) return unexpected(ActionError{"missing_action_id"});
    auto type = member(action, "type");
    json::object clicked{{"action_id", action_id},
                         {"block_id", member(action, "block_id")},
                         {"type", type.empty() ? "button" : type}};
    if (type == "static_select") {
        clicked["selected_option"] = json::object{{"value", member(action, "value")}};
    } else {
        clicked["value"] = member(action, "value");
    }
    json::object payload{{"type", "block_actions"},
                         {"actions", json::array{clicked}},
                         {"message", json::object{{"ts", member(action, "message_ts")}}},
                         {"container", json::object{{"type", "message"},
                                                    {"message_ts", member(action, "message_ts")},
                                                    {"channel_id", channel}}}};
    sim_.interactive(channel, (*found)->id, std::move(payload));
    return {};
}

Expected<void, ActionError> Playground::inject_fault(const std::string& fault) {
    if (fault == "rate_limited") {
        slack_sim::Fault storm;
        storm.kind = slack_sim::FaultKind::RateLimited;
        storm.method = "*";
        storm.times = -1;
        storm.retry_after_seconds = 1;
        storm.lasts = std::chrono::seconds(10);
        sim_.inject(storm);
        return {};
    }
    if (fault == "token_revoked") {
        sim_.invalidate_token(bot_.current_token(), "token_revoked");
        return {};
    }
    if (fault == "clear") {
        sim_.clear_faults();
        return {};
    }
    return unexpected(ActionError{"unknown_fault"});
}

}  // namespace megatron::playground
