#include "platforms/slack/connection/method_scopes.hpp"

#include <algorithm>
#include <array>

namespace megatron::slack {
namespace {

// Bot scopes as Slack's method reference pages list them (docs.slack.dev/reference/methods/
// <method>), narrowed to Megatron's use: engagement channels are public channels in the
// support workspace, and the customer side is the chatbot's DM (im) with each customer.
constexpr std::array<std::string_view, 1> kChatWrite{"chat:write"};
// Mirrors of customer and bot messages carry the customer's name and avatar (username,
// icon_url), which Slack allows only with chat:write.customize.
constexpr std::array<std::string_view, 2> kChatWriteCustomize{"chat:write", "chat:write.customize"};
constexpr std::array<std::string_view, 1> kImWrite{"im:write"};
constexpr std::array<std::string_view, 1> kChannelsHistory{"channels:history"};
constexpr std::array<std::string_view, 1> kImHistory{"im:history"};
constexpr std::array<std::string_view, 1> kChannelsManage{"channels:manage"};
constexpr std::array<std::string_view, 1> kChannelsJoin{"channels:join"};
constexpr std::array<std::string_view, 1> kChannelsRead{"channels:read"};
constexpr std::array<std::string_view, 1> kUsersRead{"users:read"};
constexpr std::array<std::string_view, 1> kFilesRead{"files:read"};
constexpr std::array<std::string_view, 1> kFilesWrite{"files:write"};
constexpr std::array<std::string_view, 1> kConnectionsWrite{"connections:write"};
constexpr std::array<std::string_view, 1> kReactionsWrite{"reactions:write"};

constexpr auto S = TokenOwner::Support;
constexpr auto C = TokenOwner::Customer;
constexpr auto A = TokenOwner::App;

// One row per method and token owner: the same method can need other scopes on each side.
constexpr std::array<MethodScopes, 30> kMethods{{
    {"chat.postMessage", S, kChatWriteCustomize, "mirrors, notices and help requests"},
    {"chat.postMessage", C, kChatWrite, "agents' messages and broadcasts to customers"},
    {"chat.update", S, kChatWrite, "customers' edits follow to the mirror"},
    {"chat.update", C, kChatWrite, "agents' edits follow to the DM"},
    {"chat.delete", S, kChatWrite, "mirrors of deleted customer messages"},
    {"chat.delete", C, kChatWrite, "an agent's deleted message leaves the DM"},
    {"chat.postEphemeral", S, kChatWrite, "answers only the agent sees"},
    {"conversations.open", C, kImWrite, "the chatbot's DM with a customer"},
    {"conversations.history", S, kChannelsHistory, "exactly-once look-back before a post"},
    {"conversations.history", C, kImHistory, "imported history; look-back in the DM"},
    {"conversations.replies", S, kChannelsHistory, "exactly-once look-back in a thread"},
    {"conversations.create", S, kChannelsManage, "engagement channels"},
    {"conversations.archive", S, kChannelsManage, "closing an engagement"},
    {"conversations.unarchive", S, kChannelsManage, "re-opening an engagement"},
    {"conversations.invite", S, kChannelsManage, "the agent who opens it joins"},
    {"conversations.list", S, kChannelsRead,
     "CUSTOMER_SERVICE_CHANNEL by name; adopting a channel"},
    {"conversations.join", S, kChannelsJoin, "the bot joins the channel it posts to"},
    {"users.info", S, kUsersRead, "agents' names"},
    {"users.info", C, kUsersRead, "customers' names and avatars"},
    {"files.info", S, kFilesRead, "files agents send (and downloading them)"},
    {"files.info", C, kFilesRead, "files customers send (and downloading them)"},
    {"files.getUploadURLExternal", S, kFilesWrite, "customers' files into the channel"},
    {"files.getUploadURLExternal", C, kFilesWrite, "agents' files into the DM"},
    {"files.completeUploadExternal", S, kFilesWrite, "customers' files into the channel"},
    {"files.completeUploadExternal", C, kFilesWrite, "agents' files into the DM"},
    {"reactions.add", S, kReactionsWrite, "delivery marks on agents' messages"},
    {"reactions.remove", S, kReactionsWrite, "a delivery mark replaced by the next one"},
    {"reactions.add", C, kReactionsWrite, "agents' reactions on the customer's messages"},
    {"reactions.remove", C, kReactionsWrite, "an agent's reaction taken back"},
    {"apps.connections.open", A, kConnectionsWrite, "Socket Mode: the WebSocket URL"},
}};

}  // namespace

std::span<const MethodScopes> method_scopes() {
    return kMethods;
}

const MethodScopes* find_method_scopes(std::string_view method) {
    auto it = std::find_if(kMethods.begin(), kMethods.end(),
                           [&](const MethodScopes& m) { return m.method == method; });
    return it == kMethods.end() ? nullptr : &*it;
}

std::vector<std::string> bot_scopes(TokenOwner owner) {
    std::vector<std::string> out;
    for (const auto& m : kMethods) {
        if (m.owner != owner) continue;
        out.insert(out.end(), m.scopes.begin(), m.scopes.end());
    }
    if (owner == TokenOwner::Support) {
        out.emplace_back("commands");        // the /megatron command
        out.emplace_back("reactions:read");  // the reaction_added / reaction_removed events
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace megatron::slack
