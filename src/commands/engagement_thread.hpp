#pragma once
// Threads mode (issue 21): an engagement is a thread in the organization's support channel,
// under a parent message Megatron keeps up to date (the customer, their workspace, the bot's
// state, and the buttons that replace slash commands, which Slack does not allow in threads).
// Shared by the control commands (open, pause, close...), the relay (notes) and the scheduled
// tasks (idle close, profile refresh), so it lives at commands/.
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/store.hpp"
#include "util/expected.hpp"

#include <boost/json/array.hpp>

#include <string>
#include <string_view>

namespace megatron::commands {

// What the parent message shows.
struct ThreadParent {
    storage::Profile customer;
    std::string workspace_name;
    std::string workspace_id;  // the customer's team id (the buttons' target)
    std::string user_id;       // the customer's user id
    bool paused = false;
    std::string paused_by;  // the agent's user id, when known
    bool closed = false;
};

// The parent's fallback text and its blocks (avatar, state, buttons).
std::string thread_parent_text(const ThreadParent& parent);
boost::json::array thread_parent_blocks(const ThreadParent& parent);

// The parent as the engagement's stored state says it should look.
ThreadParent thread_parent_of(const storage::Channel& engagement,
                              const storage::CustomerWorkspace& workspace,
                              const storage::Profile& customer);

// Rewrites the engagement's parent message in place (chat.update). No-op in channel mode.
Expected<void, slack::SlackError> update_thread_parent(slack::WebApiClient& client,
                                                       const storage::Integration& integration,
                                                       const storage::Channel& engagement,
                                                       const ThreadParent& parent);

// Whether an agent's thread reply is an internal note (starts with the note prefix).
bool is_internal_note(std::string_view text, std::string_view note_prefix);

// A post into the engagement: its channel, and its thread in threads mode.
slack::PostMessage post_into(const storage::Channel& engagement);

}  // namespace megatron::commands
