// POST /megatron/register-workspace/: the bot app tells Megatron about a customer workspace
// (created, or name/domain/token updated). Stored at once; no Slack work is involved.
#include "api/endpoint.hpp"
#include "util/strings.hpp"

namespace megatron::api {

Expected<http::Response, ApiError> register_workspace(ApiContext& context,
                                                      const storage::Organization& organization,
                                                      const boost::json::object& body,
                                                      const http::RequestContext&) {
    auto platform_type = json_fields::required<std::string>(body, "platform_type", field_error);
    if (!platform_type) return unexpected(platform_type.error());
    if (strings::to_lower(*platform_type) != "slack") {
        return unexpected(
            ApiError{http::Status::bad_request, "unknown_platform_type", "platform_type", "slack"});
    }
    storage::WorkspaceRegistration registration;
    registration.platform_type = storage::PlatformType::Slack;
    for (auto [field, target] :
         {std::pair{"platform_id", &registration.platform_id},
          std::pair{"name", &registration.name}, std::pair{"domain", &registration.domain}}) {
        auto value = json_fields::required<std::string>(body, field, field_error);
        if (!value) return unexpected(value.error());
        *target = std::move(*value);
    }
    auto token = json_fields::required<std::string>(body, "connection_token", field_error);
    if (!token) return unexpected(token.error());
    registration.bot_token = Secret(std::move(*token));

    auto workspace = context.store.upsert_workspace(organization.id, registration);
    if (!workspace) {
        if (workspace.error().kind == storage::StorageError::Kind::Conflict) {
            // Another organization's workspace: not this token's to change.
            return unexpected(
                ApiError{http::Status::conflict, "workspace_taken", "platform_id", {}});
        }
        return unexpected(storage_unavailable());
    }
    return ok_response({{"workspace_id", workspace->id}});
}

}  // namespace megatron::api
