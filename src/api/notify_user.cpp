// POST /megatron/notify-user/: an ephemeral message to one person (an agent) in one of the
// organization's engagement channels, as the original sent it: {"message", "user_id",
// "channel_id", "platform_type"?}.
#include "api/endpoint.hpp"
#include "api/outreach_fields.hpp"
#include "commands/outreach/outreach_jobs.hpp"
#include "util/strings.hpp"

namespace megatron::api {

Expected<http::Response, ApiError> notify_user(ApiContext& context,
                                               const storage::Organization& organization,
                                               const boost::json::object& body,
                                               const http::RequestContext&) {
    auto message_body =
        json_fields::required<const boost::json::object*>(body, "message", field_error);
    if (!message_body) return unexpected(message_body.error());
    auto user = json_fields::required<std::string>(body, "user_id", field_error);
    if (!user) return unexpected(user.error());
    auto channel_id = json_fields::required<std::string>(body, "channel_id", field_error);
    if (!channel_id) return unexpected(channel_id.error());
    auto platform_type = json_fields::optional<std::string>(body, "platform_type", field_error);
    if (!platform_type) return unexpected(platform_type.error());
    if (strings::to_lower(platform_type->value_or("slack")) != "slack") {
        return unexpected(
            ApiError{http::Status::bad_request, "unknown_platform_type", "platform_type", "slack"});
    }
    auto message = outreach_message(**message_body, "message");
    if (!message) return unexpected(message.error());
    if (!has_content(*message)) return unexpected(missing_field("message.text"));
    auto key = request_key(organization, body, "notify-user");
    if (!key) return unexpected(key.error());

    // Only the organization's own engagement channels, in any of its support workspaces.
    auto integrations = context.store.integrations_for(organization.id);
    if (!integrations) return unexpected(storage_unavailable());
    std::optional<storage::Channel> channel;
    for (const auto& integration : *integrations) {
        auto found = context.store.find_channel_by_platform_channel(integration.id, *channel_id);
        if (!found) return unexpected(storage_unavailable());
        if (*found) {
            channel = std::move(**found);
            break;
        }
    }
    if (!channel) {
        return unexpected(
            ApiError{http::Status::bad_request, "channel_not_found", "channel_id", {}});
    }

    commands::outreach::EphemeralNoticeJob job{channel->integration_id,
                                               channel->platform_channel_id, *user, *message};
    auto enqueued = enqueue(context.queue, {commands::outreach::kEphemeralNoticeKind,
                                            "notice:" + std::to_string(channel->id), *key,
                                            commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response({{"track", true}});
}

}  // namespace megatron::api
