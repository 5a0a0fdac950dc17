// POST /megatron/outgoing/: the bot replied to a customer. Mirrored into the customer's
// engagement channel as the bot, with card data masked before it is even stored.
#include "api/endpoint.hpp"
#include "commands/channel_context.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "commands/text/card_masking.hpp"

#include <boost/json.hpp>

namespace megatron::api {
namespace {

// Bot apps send attachments as a list or as that list serialised into a JSON string.
Expected<boost::json::value, ApiError> attachments_of(const boost::json::object& body) {
    auto value = json_fields::value_or_null(body, "message.attachments");
    if (value.is_null() || value.is_array()) return value;
    if (value.is_string()) {
        if (value.as_string().empty()) return boost::json::value();
        auto decoded = parse_json_text(value.as_string());
        if (decoded && (decoded->is_array() || decoded->is_null())) return *decoded;
    }
    return unexpected(invalid_field("message.attachments", "list or JSON string of a list"));
}

}  // namespace

Expected<http::Response, ApiError> outgoing(ApiContext& context,
                                            const storage::Organization& organization,
                                            const boost::json::object& body,
                                            const http::RequestContext&) {
    auto user = json_fields::required<std::string>(body, "user", field_error);
    if (!user) return unexpected(user.error());
    auto message = json_fields::required<const boost::json::object*>(body, "message", field_error);
    if (!message) return unexpected(message.error());
    auto ts = json_fields::required<std::string>(body, "ts", field_error);
    if (!ts) return unexpected(ts.error());
    auto text = json_fields::optional<std::string>(body, "message.text", field_error);
    if (!text) return unexpected(text.error());
    auto attachments = attachments_of(body);
    if (!attachments) return unexpected(attachments.error());

    auto channel = context.store.find_channel_for_organization_customer(organization.id, *user);
    if (!channel) return unexpected(storage_unavailable());
    if (!*channel || (*channel)->is_archived) return ok_response({{"track", false}});

    commands::relay::MirrorBotMessage job;
    job.channel_id = (*channel)->id;
    job.text = text->value_or("");
    job.attachments = std::move(*attachments);
    job.blocks = json_fields::value_or_null(body, "message.blocks");
    job.ts = *ts;
    job.text = text::mask_card_numbers(job.text);
    text::mask_blocks_or_attachments(job.attachments);
    text::mask_blocks_or_attachments(job.blocks);
    auto enqueued =
        enqueue(context.queue, {commands::relay::kMirrorBotMessageKind,
                                commands::channel_ordering_key(job.channel_id),
                                "outgoing:" + std::to_string(job.channel_id) + ":" + job.ts,
                                commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response({{"track", true}});
}

}  // namespace megatron::api
