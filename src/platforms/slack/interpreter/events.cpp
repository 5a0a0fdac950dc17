#include "platforms/slack/interpreter/events.hpp"

#include "platforms/slack/interpreter/json_fields.hpp"

namespace megatron::slack::interpreter {
namespace {

using boost::json::object;
using detail::string_or_empty;

std::string join(std::string_view path, std::string_view key) {
    return std::string(path) + "." + std::string(key);
}

Expected<std::string, ParseError> required(const object& o, std::string_view key,
                                           std::string_view path) {
    return detail::required_string(o, key, join(path, key));
}

Expected<std::string, ParseError> optional(const object& o, std::string_view key,
                                           std::string_view path) {
    return detail::optional_string(o, key, join(path, key));
}

boost::json::value value_or_null(const object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v == nullptr ? boost::json::value() : *v;
}

bool is_bot(const object& message) {
    return !string_or_empty(message, "bot_id").empty() ||
           string_or_empty(message, "subtype") == "bot_message";
}

std::int64_t int_or_zero(const object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return 0;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    return 0;
}

Expected<std::vector<SharedFile>, ParseError> files_of(const object& event, std::string_view path) {
    std::vector<SharedFile> files;
    const auto* list = event.if_contains("files");
    if (list == nullptr || list->is_null()) return files;
    if (!list->is_array()) return unexpected(detail::wrong_type(join(path, "files"), "an array"));
    for (const auto& item : list->as_array()) {
        if (!item.is_object()) {
            return unexpected(detail::wrong_type(join(path, "files[]"), "an object"));
        }
        const auto& f = item.as_object();
        auto id = detail::required_string(f, "id", join(path, "files[].id"));
        if (!id) return unexpected(id.error());
        files.push_back({*id, string_or_empty(f, "name"), string_or_empty(f, "title"),
                         string_or_empty(f, "mimetype"), string_or_empty(f, "filetype"),
                         string_or_empty(f, "url_private"),
                         string_or_empty(f, "url_private_download"), int_or_zero(f, "size")});
    }
    return files;
}

// Reads the fields every relayed message has; `channel`, `user`, `ts` are required.
struct Basics {
    std::string channel, user, ts, text, thread_ts;
};

Expected<Basics, ParseError> basics(const object& event, std::string_view path) {
    Basics b;
    for (auto [key, out] :
         {std::pair{"channel", &b.channel}, std::pair{"user", &b.user}, std::pair{"ts", &b.ts}}) {
        auto v = required(event, key, path);
        if (!v) return unexpected(v.error());
        *out = *v;
    }
    for (auto [key, out] : {std::pair{"text", &b.text}, std::pair{"thread_ts", &b.thread_ts}}) {
        auto v = optional(event, key, path);
        if (!v) return unexpected(v.error());
        *out = *v;
    }
    return b;
}

Expected<MessageEvent, ParseError> message_changed(const object& event, std::string_view path) {
    auto channel = required(event, "channel", path);
    if (!channel) return unexpected(channel.error());
    auto message = detail::required_object(event, "message", join(path, "message"));
    if (!message) return unexpected(message.error());
    if (is_bot(**message)) {
        auto bot = string_or_empty(**message, "bot_id");
        return MessageEvent{BotMessage{*channel, bot, "message_changed"}};
    }
    auto message_path = join(path, "message");
    MessageChanged out{*channel, "", "", "", "", nullptr, nullptr};
    for (auto [key, field] :
         {std::pair{"user", &out.user}, std::pair{"ts", &out.ts}, std::pair{"text", &out.text}}) {
        auto v = optional(**message, key, message_path);
        if (!v) return unexpected(v.error());
        *field = *v;
    }
    // The edited message keeps its ts; previous_message.ts names it too (older payloads have
    // no previous_message, some newer ones no message.ts).
    auto previous =
        detail::optional_object(event, "previous_message", join(path, "previous_message"));
    if (!previous) return unexpected(previous.error());
    if (*previous != nullptr) {
        auto previous_ts = optional(**previous, "ts", join(path, "previous_message"));
        if (!previous_ts) return unexpected(previous_ts.error());
        out.previous_ts = *previous_ts;
    }
    if (out.previous_ts.empty()) out.previous_ts = out.ts;
    if (out.previous_ts.empty()) {
        return unexpected(detail::missing(join(path, "previous_message.ts")));
    }
    out.blocks = value_or_null(**message, "blocks");
    out.attachments = value_or_null(**message, "attachments");
    return MessageEvent{std::move(out)};
}

Expected<MessageEvent, ParseError> message_event(const object& event, std::string_view path) {
    auto subtype = optional(event, "subtype", path);
    if (!subtype) return unexpected(subtype.error());
    if (is_bot(event)) {
        return MessageEvent{BotMessage{string_or_empty(event, "channel"),
                                       string_or_empty(event, "bot_id"), *subtype}};
    }
    if (*subtype == "message_changed") return message_changed(event, path);
    if (*subtype == "message_deleted") {
        auto channel = required(event, "channel", path);
        if (!channel) return unexpected(channel.error());
        auto deleted = required(event, "deleted_ts", path);
        if (!deleted) return unexpected(deleted.error());
        // Slack often names the deleted message's bot only inside previous_message: a mirror
        // of the customer's or the bot's message (posted by Megatron's bot) must not become
        // a delete on the customer's side.
        auto previous =
            detail::optional_object(event, "previous_message", join(path, "previous_message"));
        if (!previous) return unexpected(previous.error());
        if (*previous != nullptr && is_bot(**previous)) {
            return MessageEvent{
                BotMessage{*channel, string_or_empty(**previous, "bot_id"), *subtype}};
        }
        return MessageEvent{MessageDeleted{*channel, *deleted}};
    }
    bool has_files = event.contains("files") && !event.at("files").is_null();
    if (*subtype == "file_share" || (subtype->empty() && has_files)) {
        auto b = basics(event, path);
        if (!b) return unexpected(b.error());
        auto files = files_of(event, path);
        if (!files) return unexpected(files.error());
        return MessageEvent{
            FileShare{b->channel, b->user, b->text, b->ts, b->thread_ts, std::move(*files)}};
    }
    if (subtype->empty() || *subtype == "thread_broadcast") {
        auto b = basics(event, path);
        if (!b) return unexpected(b.error());
        return MessageEvent{AgentMessage{
            b->channel, b->user, b->text, b->ts, b->thread_ts, value_or_null(event, "blocks"),
            value_or_null(event, "attachments"), *subtype == "thread_broadcast"}};
    }
    return MessageEvent{IgnoredEvent{"message", *subtype}};
}

// reaction_added / reaction_removed: a reaction on a message names it by item.channel and
// item.ts; one on a file (item.type "file") is ignored.
Expected<MessageEvent, ParseError> reaction_event(const object& event, const std::string& type,
                                                  std::string_view path) {
    auto item = detail::required_object(event, "item", join(path, "item"));
    if (!item) return unexpected(item.error());
    if (string_or_empty(**item, "type") != "message") return MessageEvent{IgnoredEvent{type, ""}};
    auto item_path = join(path, "item");
    auto channel = required(**item, "channel", item_path);
    if (!channel) return unexpected(channel.error());
    auto ts = required(**item, "ts", item_path);
    if (!ts) return unexpected(ts.error());
    auto user = required(event, "user", path);
    if (!user) return unexpected(user.error());
    auto reaction = required(event, "reaction", path);
    if (!reaction) return unexpected(reaction.error());
    return MessageEvent{ReactionChanged{*channel, *user, *reaction, *ts, type == "reaction_added"}};
}

}  // namespace

Expected<MessageEvent, ParseError> parse_inner_event(const object& event, std::string_view path) {
    auto type = required(event, "type", path);
    if (!type) return unexpected(type.error());
    if (*type == "reaction_added" || *type == "reaction_removed") {
        return reaction_event(event, *type, path);
    }
    if (*type != "message")
        return MessageEvent{IgnoredEvent{*type, string_or_empty(event, "subtype")}};
    return message_event(event, path);
}

Expected<EventsApiBody, ParseError> parse_events_body(std::string_view json) {
    auto body = detail::parse_object(json, "");
    if (!body) return unexpected(body.error());
    return parse_events_object(*body);
}

Expected<EventsApiBody, ParseError> parse_events_object(const boost::json::object& object) {
    const auto* body = &object;
    auto type = detail::required_string(*body, "type", "type");
    if (!type) return unexpected(type.error());
    if (*type == "url_verification") {
        auto challenge = detail::required_string(*body, "challenge", "challenge");
        if (!challenge) return unexpected(challenge.error());
        return EventsApiBody{UrlVerification{*challenge}};
    }
    if (*type != "event_callback") return EventsApiBody{OtherEnvelope{*type}};

    auto event_id = detail::required_string(*body, "event_id", "event_id");
    if (!event_id) return unexpected(event_id.error());
    auto team_id = detail::optional_string(*body, "team_id", "team_id");
    if (!team_id) return unexpected(team_id.error());
    auto inner = detail::required_object(*body, "event", "event");
    if (!inner) return unexpected(inner.error());
    auto event = parse_inner_event(**inner, "event");
    if (!event) return unexpected(event.error());
    EventCallback out{
        *team_id,  string_or_empty(*body, "enterprise_id"), string_or_empty(*body, "api_app_id"),
        *event_id, int_or_zero(*body, "event_time"),        std::move(*event)};
    return EventsApiBody{std::move(out)};
}

}  // namespace megatron::slack::interpreter
