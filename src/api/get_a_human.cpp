// POST /megatron/get-a-human/: a customer asked the bot for a person. A help request with an
// "Open engagement channel" button goes to CUSTOMER_SERVICE_CHANNEL (an id, or a name resolved
// once: commands/outreach/support_channels.hpp) in the organization's support workspace; an agent's
// click opens the customer's engagement channel (the Slack interpreter's "open" action). Body as
// the original's: {"requesting_user": {"slack_id", "with_team_domain"?}, "workspace_id"}
// (workspace_id: the customer's Slack team id).
#include "api/endpoint.hpp"
#include "api/outreach_fields.hpp"
#include "commands/outreach/outreach_jobs.hpp"

namespace megatron::api {

using commands::outreach::ChannelLookupError;

Expected<http::Response, ApiError> get_a_human(ApiContext& context,
                                               const storage::Organization& organization,
                                               const boost::json::object& body,
                                               const http::RequestContext&) {
    auto user = json_fields::required<std::string>(body, "requesting_user.slack_id", field_error);
    if (!user) return unexpected(user.error());
    auto name =
        json_fields::optional<std::string>(body, "requesting_user.with_team_domain", field_error);
    if (!name) return unexpected(name.error());
    auto workspace_id = json_fields::required<std::string>(body, "workspace_id", field_error);
    if (!workspace_id) return unexpected(workspace_id.error());
    auto key = request_key(organization, body, "get-a-human");
    if (!key) return unexpected(key.error());

    auto workspace = organization_workspace(context, organization, *workspace_id);
    if (!workspace) return unexpected(workspace.error());
    if (!*workspace) {
        return unexpected(
            ApiError{http::Status::bad_request, "unknown_workspace", "workspace_id", {}});
    }
    auto integrations = context.store.integrations_for(organization.id);
    if (!integrations) return unexpected(storage_unavailable());
    if (integrations->empty()) {
        return unexpected(ApiError{http::Status::conflict, "no_support_workspace", {}, {}});
    }
    const auto& integration = integrations->front();
    // Never empty: config gives the original's default.
    const auto& configured = context.config.customer_service_channel;
    auto resolved = context.support_channels.resolve(integration, configured);
    if (!resolved) {
        // Logged by the lookup; the bot app is told in one line what is wrong.
        bool missing = resolved.error().kind == ChannelLookupError::Kind::NotFound;
        return unexpected(
            ApiError{http::Status::service_unavailable,
                     missing ? "customer_service_channel_not_found" : "slack_unavailable",
                     {},
                     {}});
    }
    const auto& channel = *resolved;

    commands::outreach::HelpRequestJob job{integration.id, channel, name->value_or(*user),
                                           *workspace_id, *user};
    auto enqueued =
        enqueue(context.queue, {commands::outreach::kHelpRequestKind,
                                "support-channel:" + std::to_string(integration.id) + ":" + channel,
                                *key, commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response();
}

}  // namespace megatron::api
