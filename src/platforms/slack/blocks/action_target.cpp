#include "platforms/slack/blocks/action_target.hpp"

namespace megatron::slack::blocks {

std::optional<ActionTarget> parse_action_target(std::string_view value) {
    auto dash = value.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == value.size())
        return std::nullopt;
    auto user = value.substr(dash + 1);
    if (user.find('-') != std::string_view::npos) return std::nullopt;
    return ActionTarget{std::string(value.substr(0, dash)), std::string(user)};
}

std::string format_action_target(const ActionTarget& target) {
    return target.workspace_id + "-" + target.user_id;
}

}  // namespace megatron::slack::blocks
