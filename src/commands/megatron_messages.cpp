#include "commands/megatron_messages.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
#include "util/strings.hpp"

#include <boost/json.hpp>

namespace megatron::commands {
namespace {

namespace json = boost::json;
using slack::blocks::ActionTarget;

json::object section(const std::string& markdown) {
    return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", markdown}}}};
}

}  // namespace

json::value sent_by_footer(const std::string& agent_name, json::value attachments) {
    json::array list = attachments.is_array() ? attachments.as_array() : json::array{};
    list.push_back(
        json::object{{"text", ""}, {"footer", "sent by " + strings::escape_slack(agent_name)}});
    return list;
}

json::array not_paused_warning_blocks(const std::string& workspace_id, const std::string& user_id) {
    return {section("*Bot is not paused.*\nThe bot for this user is not paused. It will "
                    "continue to answer the customer while you write."),
            slack::blocks::pause_toggle_block(ActionTarget{workspace_id, user_id}, false)};
}

json::array paused_reminder_blocks(const std::string& workspace_id, const std::string& user_id) {
    return {section("*Paused*\nThe bot for this user is paused. It will not respond to the "
                    "customer until it is unpaused."),
            slack::blocks::pause_toggle_block(ActionTarget{workspace_id, user_id}, true)};
}

json::array pause_state_blocks(const std::string& workspace_id, const std::string& user_id,
                               const std::string& customer_name, bool paused) {
    return {section(std::string("Bot *") + (paused ? "paused" : "unpaused") +
                    "* for user: " + customer_name + "."),
            slack::blocks::pause_toggle_block(ActionTarget{workspace_id, user_id}, paused)};
}

}  // namespace megatron::commands
