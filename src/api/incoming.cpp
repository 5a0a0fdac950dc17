// POST /megatron/incoming/: a customer wrote to the bot. Mirrored into the customer's open
// engagement channel (by a job, in order per channel); otherwise "track": false.
#include "api/endpoint.hpp"
#include "commands/channel_context.hpp"
#include "commands/files/file_jobs.hpp"
#include "commands/relay/relay_jobs.hpp"

namespace megatron::api {

Expected<http::Response, ApiError> incoming(ApiContext& context,
                                            const storage::Organization& organization,
                                            const boost::json::object& body,
                                            const http::RequestContext&) {
    auto message = customer_message_fields(body);
    if (!message) return unexpected(message.error());

    auto channel =
        context.store.find_channel_for_organization_customer(organization.id, message->user);
    if (!channel) return unexpected(storage_unavailable());
    if (!*channel || (*channel)->is_archived) {
        return ok_response({{"track", false}});
    }

    commands::relay::MirrorCustomerMessage job;
    job.channel_id = (*channel)->id;
    job.user = message->user;
    job.text = message->text;
    job.ts = message->ts;
    job.attachments = json_fields::value_or_null(body, "message.attachments");
    job.files = json_fields::value_or_null(body, "message.files");
    // A bot app retrying the same message (same customer ts) gets the same job.
    auto idempotency_key = "incoming:" + std::to_string(job.channel_id) + ":" + job.ts;
    // With files, one files.transfer job carries the text and the files (docs/files.md).
    if (auto files = commands::files::files_from_json(job.files); !files.empty()) {
        commands::files::TransferFilesJob transfer{commands::files::Direction::ToSupport,
                                                   job.channel_id,
                                                   job.user,
                                                   job.ts,
                                                   job.text,
                                                   std::move(files)};
        auto enqueued =
            enqueue(context.queue, {commands::files::kTransferFilesKind,
                                    commands::channel_ordering_key(job.channel_id), idempotency_key,
                                    commands::payload::write(transfer)});
        if (!enqueued) return unexpected(enqueued.error());
        return ok_response({{"track", true}});
    }
    auto enqueued =
        enqueue(context.queue, {commands::relay::kMirrorCustomerMessageKind,
                                commands::channel_ordering_key(job.channel_id),
                                "incoming:" + std::to_string(job.channel_id) + ":" + job.ts,
                                commands::payload::write(job)});
    if (!enqueued) return unexpected(enqueued.error());
    return ok_response({{"track", true}});
}

}  // namespace megatron::api
