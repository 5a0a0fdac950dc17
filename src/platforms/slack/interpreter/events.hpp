#pragma once
// Events API bodies (JSON): the url_verification handshake and event_callback envelopes whose
// inner event is a message in an engagement channel. Each message kind the relay acts on has
// its own struct; everything else parses into a kind the route acknowledges and ignores, so
// Slack never sees a 500 for an event we do not care about.
//
// Bot messages are recognised the way the original did, so Megatron never relays its own
// posts back: a bot_id on the event, subtype bot_message, or (for message_changed) a bot_id or
// bot_message subtype on the new message.
#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/expected.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace megatron::slack::interpreter {

// A plain message typed by an agent.
struct AgentMessage {
    std::string channel;
    std::string user;
    std::string text;
    std::string ts;
    std::string thread_ts;
    boost::json::value blocks;       // null when absent
    boost::json::value attachments;  // null when absent
    // subtype thread_broadcast: a thread reply the agent also sent to the channel, so it is
    // relayed although thread_ts != ts (other thread replies are the agents' internal notes).
    bool broadcast = false;
};

struct SharedFile {
    std::string id;
    std::string name;
    std::string title;
    std::string mimetype;
    std::string filetype;
    std::string url_private;
    std::string url_private_download;
    std::int64_t size = 0;
};

// A message with files (subtype file_share, or files without a subtype).
struct FileShare {
    std::string channel;
    std::string user;
    std::string text;
    std::string ts;
    std::string thread_ts;
    std::vector<SharedFile> files;
};

// An agent edited a message: the mapping is found by previous_ts.
struct MessageChanged {
    std::string channel;
    std::string user;         // who wrote the message (message.user)
    std::string ts;           // message.ts (may be absent in some payloads)
    std::string previous_ts;  // the ts Megatron stored: previous_message.ts, else message.ts
    std::string text;
    boost::json::value blocks;
    boost::json::value attachments;
    std::string thread_ts;  // message.thread_ts: the edited message's thread, if any
};

struct MessageDeleted {
    std::string channel;
    std::string deleted_ts;
    std::string thread_ts;  // previous_message.thread_ts: the deleted message's thread, if any
};

// reaction_added / reaction_removed on a message (item.type "message"); reactions on files
// and other items parse as IgnoredEvent.
struct ReactionChanged {
    std::string channel;   // item.channel
    std::string user;      // who reacted
    std::string reaction;  // the emoji name
    std::string item_ts;   // the message reacted to
    bool added = true;     // false for reaction_removed
};

// Posted by a bot (possibly Megatron itself): never relayed.
struct BotMessage {
    std::string channel;
    std::string bot_id;
    std::string subtype;
};

// Another event type or message subtype (channel_join, reaction_added, ...).
struct IgnoredEvent {
    std::string type;
    std::string subtype;
};

using MessageEvent = std::variant<AgentMessage, FileShare, MessageChanged, MessageDeleted,
                                  BotMessage, ReactionChanged, IgnoredEvent>;

struct UrlVerification {
    std::string challenge;  // echoed back as the answer
};

struct EventCallback {
    std::string team_id;
    std::string enterprise_id;
    std::string api_app_id;
    std::string event_id;  // unique per event: the deduplication key
    std::int64_t event_time = 0;
    MessageEvent event;
};

// Envelopes other than the two above (app_rate_limited, ...).
struct OtherEnvelope {
    std::string type;
};

using EventsApiBody = std::variant<UrlVerification, EventCallback, OtherEnvelope>;

// The raw request body of an Events API POST.
Expected<EventsApiBody, ParseError> parse_events_body(std::string_view json);
// The same, already parsed (Socket Mode's envelope payload).
Expected<EventsApiBody, ParseError> parse_events_object(const boost::json::object& body);

// The inner "event" object alone (also what Socket Mode delivers inside its envelope).
// `path` prefixes field names in errors ("event").
Expected<MessageEvent, ParseError> parse_inner_event(const boost::json::object& event,
                                                     std::string_view path = "event");

}  // namespace megatron::slack::interpreter
