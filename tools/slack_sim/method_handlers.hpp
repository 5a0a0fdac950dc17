#pragma once
// Internal to the simulator: one function per Web API method. Each runs under the store's
// lock with the caller's workspace resolved and required arguments already present, and
// returns Slack's JSON answer ({"ok": true, ...} or {"ok": false, "error": ...}).
#include "store.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace megatron::slack_sim {

struct MethodCall {
    const boost::json::object& args;
    const Workspace& workspace;
    const std::string& base_url;
    std::vector<std::string> warnings;  // handlers add Slack's warnings here
};

using MethodHandler = boost::json::object (*)(SimData&, MethodCall&);

struct MethodSpec {
    const char* name;
    std::vector<const char*> required;
    MethodHandler handler;
};

// All implemented methods.
const std::vector<MethodSpec>& method_specs();

boost::json::object slack_error(std::string_view error);

// Shared helpers of the handlers.
// The DM between the workspace's bot and `user_id`, created on first use.
Channel& dm_with(SimData& data, const Workspace& ws, const std::string& user_id);
// Where the bot may post: a channel id, or a user id meaning the DM with that user. On
// failure sets `error` to Slack's error and returns nullptr.
Channel* postable_channel(SimData& data, const Workspace& ws, const std::string& id,
                          std::string& error);
// A channel the bot may read (history, update, delete) or nullptr with `error` set.
Channel* readable_channel(SimData& data, const Workspace& ws, const std::string& id,
                          std::string& error);
std::size_t utf8_length(std::string_view s);
constexpr std::size_t kMaxTextChars = 40000;

boost::json::object conversations_open(SimData&, MethodCall&);
boost::json::object conversations_history(SimData&, MethodCall&);
boost::json::object conversations_replies(SimData&, MethodCall&);
boost::json::object conversations_list(SimData&, MethodCall&);
boost::json::object conversations_create(SimData&, MethodCall&);
boost::json::object conversations_archive(SimData&, MethodCall&);
boost::json::object conversations_unarchive(SimData&, MethodCall&);
boost::json::object conversations_join(SimData&, MethodCall&);
boost::json::object conversations_invite(SimData&, MethodCall&);
boost::json::object chat_post_message(SimData&, MethodCall&);
boost::json::object chat_update(SimData&, MethodCall&);
boost::json::object chat_post_ephemeral(SimData&, MethodCall&);
boost::json::object chat_delete(SimData&, MethodCall&);
boost::json::object reactions_add(SimData&, MethodCall&);
boost::json::object reactions_remove(SimData&, MethodCall&);
boost::json::object users_info(SimData&, MethodCall&);
boost::json::object files_info(SimData&, MethodCall&);
boost::json::object files_get_upload_url_external(SimData&, MethodCall&);
boost::json::object files_complete_upload_external(SimData&, MethodCall&);

// Adds (true) or removes `user`'s reaction `name` on `message`; false when it was already so
// (Slack's already_reacted / no_reaction).
bool set_reaction(Message& message, const std::string& name, const std::string& user, bool on);

// Validates a channel name as conversations.create does; empty string when valid.
std::string channel_name_error(std::string_view name);

}  // namespace megatron::slack_sim
