// POST /megatron/edit/: a customer edited a message. The mirrored copy is updated by a job
// that runs after any pending mirror of the same channel.
#include "api/endpoint.hpp"
#include "commands/channel_context.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/slack_post_once.hpp"
#include "util/crypto.hpp"

#include <boost/json.hpp>

namespace megatron::api {
namespace {

// Megatron's own posts into a customer's DM (an agent's words) must not be mirrored back:
// they carry Megatron's metadata, or (the original's marker) a "sent by ..." footer.
bool sent_by_megatron(const boost::json::object& body) {
    auto event_type = json_fields::value_or_null(body, "message.metadata.event_type");
    if (event_type.is_string() && event_type.as_string() == commands::kPostMetadataEvent) {
        return true;
    }
    if (json_fields::value_or_null(body, "message.bot_id").is_null()) return false;
    auto attachments = json_fields::value_or_null(body, "message.attachments");
    if (!attachments.is_array() || attachments.as_array().empty()) return false;
    const auto& last = attachments.as_array().back();
    if (!last.is_object()) return false;
    return json_fields::string_or_empty(last.as_object(), "footer").starts_with("sent by");
}

}  // namespace

Expected<http::Response, ApiError> edit(ApiContext& context,
                                        const storage::Organization& organization,
                                        const boost::json::object& body,
                                        const http::RequestContext&) {
    auto message = customer_message_fields(body);
    if (!message) return unexpected(message.error());
    auto previous_ts = json_fields::required<std::string>(body, "previous_message.ts", field_error);
    if (!previous_ts) return unexpected(previous_ts.error());
    if (sent_by_megatron(body)) return ok_response({{"track", false}});

    auto channel =
        context.store.find_channel_for_organization_customer(organization.id, message->user);
    if (!channel) return unexpected(storage_unavailable());
    if (!*channel || (*channel)->is_archived) return ok_response({{"track", false}});

    commands::relay::UpdateMirroredMessage job;
    job.channel_id = (*channel)->id;
    job.previous_ts = *previous_ts;
    job.ts = message->ts;
    job.text = message->text;
    job.attachments = json_fields::value_or_null(body, "message.attachments");
    // Slack keeps the ts of an edited message, so the edit is told apart by its content.
    auto version = crypto::sha256_hex(commands::payload::write(job)).substr(0, 16);
    auto enqueued = enqueue(context.queue, {commands::relay::kUpdateMirroredMessageKind,
                                            commands::channel_ordering_key(job.channel_id),
                                            "edit:" + std::to_string(job.channel_id) + ":" +
                                                job.previous_ts + ":" + version,
                                            commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response({{"track", true}});
}

}  // namespace megatron::api
