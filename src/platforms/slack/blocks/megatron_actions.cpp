#include "platforms/slack/blocks/megatron_actions.hpp"

#include <algorithm>

namespace megatron::slack::blocks {
namespace {

constexpr std::size_t kMaxOptions = 100;  // Slack's limit for a static_select

boost::json::object plain_text(std::string_view text) {
    return {{"type", "plain_text"}, {"text", text}, {"emoji", true}};
}

std::string action_id(std::string_view command, const ActionTarget& target) {
    return std::string(command) + "|" + format_action_target(target);
}

}  // namespace

boost::json::object action_button(std::string_view command, std::string_view label,
                                  const ActionTarget& target, std::string_view style) {
    boost::json::object button{{"type", "button"},
                               {"action_id", action_id(command, target)},
                               {"text", plain_text(label)},
                               {"value", format_action_target(target)}};
    if (!style.empty()) button["style"] = style;
    return button;
}

boost::json::object pause_toggle_block(const ActionTarget& target, bool currently_paused) {
    auto button = currently_paused
                      ? action_button(kUnpauseCommand, "Unpause Bot", target, "primary")
                      : action_button(kPauseCommand, "Pause Bot", target, "danger");
    return {{"type", "actions"}, {"elements", boost::json::array{std::move(button)}}};
}

boost::json::object open_channel_block(const ActionTarget& target, bool claimable) {
    boost::json::array elements{
        action_button(kOpenCommand, "Open engagement channel", target, "primary")};
    if (claimable) elements.push_back(action_button(kClaimCommand, "Claim", target));
    return {{"type", "actions"}, {"elements", std::move(elements)}};
}

boost::json::object keep_paused_block(const ActionTarget& target) {
    return {{"type", "actions"},
            {"elements", boost::json::array{
                             action_button(kKeepPausedCommand, "Keep paused", target, "primary")}}};
}

boost::json::object retry_delivery_block(std::int64_t job_id) {
    const auto id = std::to_string(job_id);
    boost::json::object button{{"type", "button"},
                               {"action_id", std::string(kRetryDeliveryCommand) + "|" + id},
                               {"text", plain_text("Retry")},
                               {"value", id},
                               {"style", "primary"}};
    return {{"type", "actions"}, {"elements", boost::json::array{std::move(button)}}};
}

boost::json::object user_select_block(std::string_view command, std::string_view prompt,
                                      const std::vector<UserChoice>& choices) {
    boost::json::array options;
    for (std::size_t i = 0; i < std::min(choices.size(), kMaxOptions); ++i) {
        // Option texts are limited to 75 characters by Slack.
        auto label = choices[i].label.substr(0, 75);
        options.push_back(
            {{"text", plain_text(label)}, {"value", format_action_target(choices[i].target)}});
    }
    return {{"type", "section"},
            {"text", {{"type", "mrkdwn"}, {"text", prompt}}},
            {"accessory",
             {{"type", "static_select"},
              {"action_id", std::string(command) + "|select"},
              {"placeholder", plain_text("Select a user")},
              {"options", std::move(options)}}}};
}

}  // namespace megatron::slack::blocks
