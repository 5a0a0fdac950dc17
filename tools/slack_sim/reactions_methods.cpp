// reactions.add / reactions.remove, as Slack's method reference describes them: channel +
// timestamp name the message, name is the emoji without colons; adding a reaction the caller
// already made answers already_reacted, removing one it never made answers no_reaction.
#include "method_handlers.hpp"
#include "wire.hpp"

#include <algorithm>

namespace megatron::slack_sim {
namespace {

Message* find_message(Channel& channel, const std::string& ts) {
    auto it = std::find_if(channel.messages.begin(), channel.messages.end(),
                           [&](const Message& m) { return m.ts == ts; });
    return it == channel.messages.end() ? nullptr : &*it;
}

// Slack's emoji names: lower-case letters, digits, '_', '-', '+', and a skin-tone suffix
// "::skin-tone-N". An empty or otherwise odd name answers invalid_name.
bool valid_emoji_name(const std::string& name) {
    if (name.empty() || name.size() > 100) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '+' || c == ':';
    });
}

// The bot's reaction on a message of a channel it can read: the shared steps of both methods.
boost::json::object react(SimData& data, MethodCall& call, bool on) {
    auto name = *arg_string(call.args, "name");
    auto channel_id = arg_string(call.args, "channel").value_or("");
    auto ts = arg_string(call.args, "timestamp").value_or("");
    if (channel_id.empty() || ts.empty()) return slack_error("no_item_specified");
    if (!valid_emoji_name(name)) return slack_error("invalid_name");
    std::string error;
    Channel* channel = readable_channel(data, call.workspace, channel_id, error);
    if (channel == nullptr) return slack_error(error);
    Message* message = find_message(*channel, ts);
    if (message == nullptr) return slack_error("message_not_found");
    if (!set_reaction(*message, name, call.workspace.bot_user_id, on)) {
        return slack_error(on ? "already_reacted" : "no_reaction");
    }
    return {{"ok", true}};
}

}  // namespace

bool set_reaction(Message& message, const std::string& name, const std::string& user, bool on) {
    auto entry = std::find_if(message.reactions.begin(), message.reactions.end(),
                              [&](const auto& r) { return r.first == name; });
    if (on) {
        if (entry == message.reactions.end()) {
            message.reactions.emplace_back(name, std::vector<std::string>{user});
            return true;
        }
        auto& users = entry->second;
        if (std::find(users.begin(), users.end(), user) != users.end()) return false;
        users.push_back(user);
        return true;
    }
    if (entry == message.reactions.end()) return false;
    auto& users = entry->second;
    auto it = std::find(users.begin(), users.end(), user);
    if (it == users.end()) return false;
    users.erase(it);
    if (users.empty()) message.reactions.erase(entry);
    return true;
}

boost::json::object reactions_add(SimData& data, MethodCall& call) {
    return react(data, call, true);
}

boost::json::object reactions_remove(SimData& data, MethodCall& call) {
    return react(data, call, false);
}

}  // namespace megatron::slack_sim
