#pragma once
// Whose customer a Megatron button or menu option is about, and its wire form
// "<workspace_id>-<user_id>" (as the original wrote it). Here, in the leaf, because the
// commands write it into buttons and the interpreter reads it back from clicks.
#include <optional>
#include <string>
#include <string_view>

namespace megatron::slack::blocks {

struct ActionTarget {
    std::string workspace_id;  // the customer's workspace (team) id
    std::string user_id;       // the customer's user id in that workspace
    bool operator==(const ActionTarget&) const = default;
};

// "<workspace_id>-<user_id>" -> target; nullopt unless both halves are non-empty. Slack ids
// contain no '-', so the first '-' separates them.
std::optional<ActionTarget> parse_action_target(std::string_view value);
std::string format_action_target(const ActionTarget& target);

}  // namespace megatron::slack::blocks
