#include "app_commands/requests.hpp"

namespace megatron::app_commands {

Endpoint command_endpoint(std::string command_url, const Secret& global_token,
                          const std::string& organization_token) {
    if (!global_token.empty()) return {std::move(command_url), global_token};
    return {std::move(command_url), Secret(organization_token)};
}

boost::json::object to_json(const PauseRequest& r) {
    return {{"command", "pause"},
            {"channel_id", r.channel_id},
            {"team_id", r.team_id},
            {"user_id", r.user_id},
            {"paused", r.paused}};
}

boost::json::object to_json(const ClearContextRequest& r) {
    return {{"command", "clear-context"}, {"platform_user_id", r.platform_user_id}};
}

boost::json::object to_json(const SearchUserRequest& r) {
    return {{"command", "search_user"}, {"targeted_user_name", r.targeted_user_name}};
}

boost::json::object to_json(const RefreshWorkspaceRequest& r) {
    return {{"command", "refresh_workspace"}, {"workspace_platform_id", r.workspace_platform_id}};
}

boost::json::object to_json(const PushMessageRequest& r) {
    return {{"command", "push_message"},
            {"message", r.message},
            {"channel_id", r.channel_id},
            {"platform_user_id", r.platform_user_id},
            {"platform_channel_id", r.platform_channel_id}};
}

}  // namespace megatron::app_commands
