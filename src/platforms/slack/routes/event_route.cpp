// POST /megatron/slack/event/: url_verification, and agents' messages, edits and deletions in
// engagement channels, each stored as a job keyed by Slack's event_id: a redelivered event
// finds its job already there and nothing happens twice. Bot messages (Megatron's own posts
// included) and other events are acknowledged and ignored.
#include "commands/channel_context.hpp"
#include "commands/engagement_thread.hpp"
#include "commands/files/file_jobs.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "platforms/slack/interpreter/events.hpp"
#include "platforms/slack/routes/engagement_jobs.hpp"
#include "platforms/slack/routes/intake.hpp"
#include "platforms/slack/routes/verified.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace megatron::slack::routes {
namespace {

namespace json = boost::json;
using namespace commands::relay;

struct Relayable {
    const char* kind;
    std::string channel;
    AgentMessageJob job;
    std::optional<commands::files::TransferFilesJob> files;  // set for messages with files
    std::string thread_ts;      // the thread the message is in ("" outside one)
    bool thread_reply = false;  // a reply in a thread, not also sent to the channel
    bool new_message = false;   // a message or files (an edit or delete follows its mapping)
};

// An agent's message with files: one files.transfer job carries the text and the files.
commands::files::TransferFilesJob transfer_of(const interpreter::FileShare& share) {
    commands::files::TransferFilesJob job;
    job.direction = commands::files::Direction::ToCustomer;
    job.user = share.user;
    job.ts = share.ts;
    job.text = share.text;
    for (const auto& f : share.files) {
        job.files.push_back(
            {f.id, f.name, f.title, f.mimetype, f.url_private, f.url_private_download, f.size});
    }
    return job;
}

bool in_thread(const std::string& thread_ts, const std::string& ts) {
    return !thread_ts.empty() && thread_ts != ts;
}

std::optional<Relayable> relayable(const interpreter::MessageEvent& event) {
    if (const auto* m = std::get_if<interpreter::AgentMessage>(&event)) {
        return Relayable{kRelayAgentMessageKind,
                         m->channel,
                         {0, m->user, m->ts, "", m->text, m->attachments, m->blocks},
                         std::nullopt,
                         m->thread_ts,
                         in_thread(m->thread_ts, m->ts) && !m->broadcast,
                         true};
    }
    if (const auto* m = std::get_if<interpreter::MessageChanged>(&event)) {
        return Relayable{kRelayAgentEditKind,
                         m->channel,
                         {0, m->user, m->ts, m->previous_ts, m->text, m->attachments, m->blocks},
                         std::nullopt,
                         m->thread_ts};
    }
    if (const auto* m = std::get_if<interpreter::MessageDeleted>(&event)) {
        return Relayable{kRelayAgentDeleteKind,
                         m->channel,
                         {0, "", m->deleted_ts, "", "", {}, {}},
                         std::nullopt,
                         m->thread_ts};
    }
    if (const auto* m = std::get_if<interpreter::FileShare>(&event)) {
        bool reply = in_thread(m->thread_ts, m->ts);
        if (m->files.empty()) {
            return Relayable{kRelayAgentMessageKind,
                             m->channel,
                             {0, m->user, m->ts, "", m->text, nullptr, nullptr},
                             std::nullopt,
                             m->thread_ts,
                             reply,
                             true};
        }
        return Relayable{commands::files::kTransferFilesKind,
                         m->channel,
                         {0, m->user, m->ts, "", m->text, nullptr, nullptr},
                         transfer_of(*m),
                         m->thread_ts,
                         reply,
                         true};
    }
    return std::nullopt;  // bot messages, other events
}

// Whether the message stays in the support workspace. In an engagement channel a thread
// reply is the agents' internal talk (unless also sent to the channel); in a thread
// engagement every reply is the conversation, except notes starting with the organization's
// note prefix.
storage::StorageResult<bool> stays_internal(storage::Store& store, const Relayable& relay,
                                            const storage::Channel& engagement) {
    if (!engagement.is_thread()) return relay.thread_reply;
    if (!relay.new_message) return false;
    auto settings = store.engagement_settings(engagement.organization_id);
    if (!settings) return unexpected(settings.error());
    return commands::is_internal_note(relay.job.text, settings->note_prefix);
}

// Stores `kind` with `payload` as the channel's next job, keyed by the event id.
IntakeAnswer enqueue_event(SlackRouteContext& context, const interpreter::EventCallback& callback,
                           const char* kind, const storage::Channel& engagement,
                           std::string payload) {
    // The event id is the idempotency key: enqueue and de-duplication are one durable step,
    // so a crash between them cannot lose the event nor act on it twice.
    auto enqueued = context.queue.enqueue({kind, commands::engagement_ordering_key(engagement),
                                           "slack-event:" + callback.event_id, std::move(payload)});
    if (!enqueued) {
        spdlog::error("cannot enqueue a Slack event: {}", enqueued.error().message);
        // Not acknowledged: Slack delivers the event again later.
        return IntakeAnswer::failed("queue_unavailable");
    }
    return IntakeAnswer::acknowledged();
}

// An agent's reaction reaches the customer only on the mirror of the customer's own message;
// a reaction on a message known to be something else (Megatron's delivery marks on agents'
// messages among them) stays internal, decided here so it costs no job. A message with no
// mapping yet may be a mirror whose job has posted it but not yet stored it: the reaction
// job queues behind that job on the channel and decides once it has run.
IntakeAnswer take_reaction(SlackRouteContext& context, const interpreter::EventCallback& callback,
                           const interpreter::ReactionChanged& reaction) {
    auto channel = engagement_channel(context.store, callback.team_id, reaction.channel);
    if (!channel) return IntakeAnswer::failed("storage_unavailable");
    if (!*channel) {
        // Threads mode: the reaction names the message, and its mapping names the thread.
        auto integration =
            context.store.find_integration(storage::PlatformType::Slack, callback.team_id);
        if (!integration) return IntakeAnswer::failed("storage_unavailable");
        if (!*integration) return IntakeAnswer::acknowledged();
        channel = context.store.find_engagement_of_message((*integration)->id, reaction.channel,
                                                           reaction.item_ts);
        if (!channel) return IntakeAnswer::failed("storage_unavailable");
    }
    if (!*channel || (*channel)->is_archived) return IntakeAnswer::acknowledged();
    auto mapping = context.store.find_message_by_integration_id((*channel)->id, reaction.item_ts);
    if (!mapping) return IntakeAnswer::failed("storage_unavailable");
    if (*mapping && (*mapping)->origin != storage::MessageOrigin::Customer) {
        return IntakeAnswer::acknowledged();
    }
    AgentReactionJob job{(*channel)->id, reaction.user, reaction.item_ts, reaction.reaction,
                         reaction.added ? kReactionAdded : kReactionRemoved};
    return enqueue_event(context, callback, kRelayAgentReactionKind, **channel,
                         commands::payload::write(job));
}

}  // namespace

IntakeAnswer take_event(SlackRouteContext& context, const interpreter::EventsApiBody& body) {
    if (const auto* handshake = std::get_if<interpreter::UrlVerification>(&body)) {
        return {"", json::object{{"challenge", handshake->challenge}}};
    }
    const auto* callback = std::get_if<interpreter::EventCallback>(&body);
    if (callback == nullptr) return IntakeAnswer::acknowledged();
    if (const auto* reaction = std::get_if<interpreter::ReactionChanged>(&callback->event)) {
        return take_reaction(context, *callback, *reaction);
    }
    auto relay = relayable(callback->event);
    if (!relay) return IntakeAnswer::acknowledged();

    auto channel =
        engagement_of(context.store, callback->team_id, relay->channel, relay->thread_ts);
    if (!channel) return IntakeAnswer::failed("storage_unavailable");
    if (!*channel || (*channel)->is_archived) return IntakeAnswer::acknowledged();
    auto internal = stays_internal(context.store, *relay, **channel);
    if (!internal) return IntakeAnswer::failed("storage_unavailable");
    if (*internal) return IntakeAnswer::acknowledged();
    relay->job.channel_id = (*channel)->id;
    if (relay->files) relay->files->channel_id = (*channel)->id;
    auto payload = relay->files ? commands::payload::write(*relay->files)
                                : commands::payload::write(relay->job);
    return enqueue_event(context, *callback, relay->kind, **channel, std::move(payload));
}

namespace {

http::Response on_event(SlackRouteContext& context, const http::Request& request) {
    auto body = interpreter::parse_events_body(request.body());
    if (!body) return http::error_response(http::Status::bad_request, "invalid_event");
    return to_http(take_event(context, *body));
}

}  // namespace

void add_event_route(http::Router& router, SlackRouteContext& context) {
    router.add(http::Verb::post, "/megatron/slack/event/",
               verified(context, [&context](const http::Request& request, http::RequestContext&) {
                   return on_event(context, request);
               }));
}

}  // namespace megatron::slack::routes
