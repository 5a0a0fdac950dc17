#pragma once
// The App Commands Megatron sends to an organization's command_url, as typed requests and
// answers, and their JSON bodies (field names are the original's; bot apps depend on them).
#include "util/secret.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace megatron::app_commands {

// Where an organization's bot app listens, and the token that authenticates Megatron to it:
// the body's megatron_verification_token, also the key of X-Megatron-Signature.
struct Endpoint {
    std::string command_url;
    Secret verification_token;
};

// The endpoint for pause, clear-context, search_user and push_message: they carry
// MEGATRON_VERIFICATION_TOKEN when it is set (`global_token`), as the original sent them, else
// the organization's own token. refresh_workspace always carries the organization's token.
Endpoint command_endpoint(std::string command_url, const Secret& global_token,
                          const std::string& organization_token);

// {"command":"pause", "channel_id", "team_id", "user_id", "paused"}
struct PauseRequest {
    std::string channel_id;  // the customer's DM channel with the bot
    std::string team_id;     // the customer's workspace id
    std::string user_id;     // the customer's user id
    bool paused = true;      // false = unpause
};

// {"command":"clear-context", "platform_user_id"}
struct ClearContextRequest {
    std::string platform_user_id;
};

// {"command":"search_user", "targeted_user_name"} -> {"users":[...]}
struct SearchUserRequest {
    std::string targeted_user_name;
};

struct FoundUser {
    std::string username;
    std::string platform_user_id;
    std::string platform_team_id;
};

// {"command":"refresh_workspace", "workspace_platform_id"} -> {"ok":true,"data":{...}}
struct RefreshWorkspaceRequest {
    std::string workspace_platform_id;
};

struct WorkspaceCredentials {
    std::string name;
    std::string domain;
    Secret connection_token;  // the customer workspace's bot token
};

// {"command":"push_message", "message", "channel_id", "platform_user_id", "platform_channel_id"}
struct PushMessageRequest {
    boost::json::object message;      // e.g. {"text": "..."} (the text of /megatron do)
    std::string channel_id;           // the customer's DM channel with the bot
    std::string platform_user_id;     // the customer
    std::string platform_channel_id;  // the engagement channel it was typed in
};

// Bodies without the token; the client adds "megatron_verification_token".
boost::json::object to_json(const PauseRequest& request);
boost::json::object to_json(const ClearContextRequest& request);
boost::json::object to_json(const SearchUserRequest& request);
boost::json::object to_json(const RefreshWorkspaceRequest& request);
boost::json::object to_json(const PushMessageRequest& request);

}  // namespace megatron::app_commands
