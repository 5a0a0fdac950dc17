// POST /megatron/message/<user_id>/: a DM from the bot to one customer; the body is the
// message itself ({"text"?, "attachments"?, "blocks"?}). The original looked the user up
// among its own accounts; here <user_id> is the customer's Slack user id, and the workspace
// is, in this order: the body's "workspace_id" (a Slack team id of the organization), the
// workspace of the customer's engagement channel, a workspace where Megatron has seen the
// customer, or the organization's only workspace. Otherwise 400 user_not_found.
#include "api/endpoint.hpp"
#include "api/outreach_fields.hpp"
#include "commands/outreach/outreach_jobs.hpp"

#include <algorithm>
#include <cctype>

namespace megatron::api {
namespace {

ApiError user_not_found() {
    return {http::Status::bad_request, "user_not_found", "user_id", {}};
}

Expected<std::optional<storage::CustomerWorkspace>, ApiError> workspace_of_customer(
    ApiContext& context, const storage::Organization& organization, const std::string& user) {
    using Found = std::optional<storage::CustomerWorkspace>;
    auto channel = context.store.find_channel_for_organization_customer(organization.id, user);
    if (!channel) return unexpected(storage_unavailable());
    if (*channel) {
        auto workspace = context.store.workspace((*channel)->workspace_id);
        if (!workspace) return unexpected(storage_unavailable());
        return Found{std::move(*workspace)};
    }
    auto workspaces = context.store.workspaces_for(organization.id);
    if (!workspaces) return unexpected(storage_unavailable());
    for (const auto& workspace : *workspaces) {
        auto seen = context.store.find_platform_user(workspace.id, user);
        if (!seen) return unexpected(storage_unavailable());
        if (*seen) return Found{workspace};
    }
    if (workspaces->size() == 1) return Found{workspaces->front()};
    return Found{};
}

}  // namespace

Expected<http::Response, ApiError> message_user(ApiContext& context,
                                                const storage::Organization& organization,
                                                const boost::json::object& body,
                                                const http::RequestContext& request) {
    auto param = request.params.find("user_id");
    // The original's route took [0-9A-Za-z]+ only; Slack user ids are of that form.
    if (param == request.params.end() || param->second.empty() ||
        !std::all_of(param->second.begin(), param->second.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0; })) {
        return unexpected(user_not_found());
    }
    const auto& user = param->second;
    auto message = outreach_message(body, "");
    if (!message) return unexpected(message.error());
    if (!has_content(*message)) return unexpected(missing_field("text"));
    auto workspace_id = json_fields::optional<std::string>(body, "workspace_id", field_error);
    if (!workspace_id) return unexpected(workspace_id.error());
    auto key = request_key(organization, body, "message");
    if (!key) return unexpected(key.error());

    std::optional<storage::CustomerWorkspace> workspace;
    if (*workspace_id) {
        auto found = organization_workspace(context, organization, **workspace_id);
        if (!found) return unexpected(found.error());
        if (!*found) {
            return unexpected(
                ApiError{http::Status::bad_request, "unknown_workspace", "workspace_id", {}});
        }
        workspace = std::move(*found);
    } else {
        auto found = workspace_of_customer(context, organization, user);
        if (!found) return unexpected(found.error());
        workspace = std::move(*found);
    }
    if (!workspace) return unexpected(user_not_found());

    commands::outreach::DirectMessageJob job{workspace->id, user, *message};
    auto enqueued =
        enqueue(context.queue, {commands::outreach::kDirectMessageKind,
                                commands::outreach::dm_ordering_key(job.workspace_id, job.user),
                                *key, commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response();
}

}  // namespace megatron::api
