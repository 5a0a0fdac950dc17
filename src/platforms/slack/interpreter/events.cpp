#include "platforms/slack/interpreter/events.hpp"

#include "platforms/slack/interpreter/parse_error.hpp"
#include "util/json_fields.hpp"

namespace megatron::slack::interpreter {
namespace {

using boost::json::object;
using json_fields::string_or_empty;
using json_fields::Token;
using json_fields::value_or_null;

std::string join(std::string_view path, std::string_view key) {
    return std::string(path) + "." + std::string(key);
}

bool is_bot(const object& message) {
    return !string_or_empty(message, "bot_id").empty() ||
           string_or_empty(message, "subtype") == "bot_message";
}

Expected<std::vector<SharedFile>, ParseError> files_of(const object& event, std::string_view path) {
    std::vector<SharedFile> files;
    auto list =
        json_fields::optional<const boost::json::array*>(event, "files", AsParseError(path));
    if (!list) return unexpected(list.error());
    if (!*list) return files;
    for (const auto& item : ***list) {
        if (!item.is_object()) return unexpected(wrong_type(join(path, "files[]"), "an object"));
        const auto& f = item.as_object();
        auto id = json_fields::required<Token>(f, "id", AsParseError(join(path, "files[]")));
        if (!id) return unexpected(id.error());
        files.push_back({*id, string_or_empty(f, "name"), string_or_empty(f, "title"),
                         string_or_empty(f, "mimetype"), string_or_empty(f, "filetype"),
                         string_or_empty(f, "url_private"),
                         string_or_empty(f, "url_private_download"),
                         json_fields::integer(f, "size").value_or(0)});
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
        auto v = json_fields::required<Token>(event, key, AsParseError(path));
        if (!v) return unexpected(v.error());
        *out = *v;
    }
    for (auto [key, out] : {std::pair{"text", &b.text}, std::pair{"thread_ts", &b.thread_ts}}) {
        auto v = json_fields::optional<Token>(event, key, AsParseError(path));
        if (!v) return unexpected(v.error());
        *out = v->value_or("");
    }
    return b;
}

Expected<MessageEvent, ParseError> message_changed(const object& event, std::string_view path) {
    auto channel = json_fields::required<Token>(event, "channel", AsParseError(path));
    if (!channel) return unexpected(channel.error());
    auto message = json_fields::required<const object*>(event, "message", AsParseError(path));
    if (!message) return unexpected(message.error());
    if (is_bot(**message)) {
        auto bot = string_or_empty(**message, "bot_id");
        return MessageEvent{BotMessage{*channel, bot, "message_changed"}};
    }
    auto message_path = join(path, "message");
    MessageChanged out{*channel, "", "", "", "", nullptr, nullptr, ""};
    for (auto [key, field] :
         {std::pair{"user", &out.user}, std::pair{"ts", &out.ts}, std::pair{"text", &out.text},
          std::pair{"thread_ts", &out.thread_ts}}) {
        auto v = json_fields::optional<Token>(**message, key, AsParseError(message_path));
        if (!v) return unexpected(v.error());
        *field = v->value_or("");
    }
    // The edited message keeps its ts; previous_message.ts names it too (older payloads have
    // no previous_message, some newer ones no message.ts).
    auto previous =
        json_fields::optional<const object*>(event, "previous_message", AsParseError(path));
    if (!previous) return unexpected(previous.error());
    if (*previous) {
        auto previous_ts = json_fields::optional<Token>(
            ***previous, "ts", AsParseError(join(path, "previous_message")));
        if (!previous_ts) return unexpected(previous_ts.error());
        out.previous_ts = previous_ts->value_or("");
    }
    if (out.previous_ts.empty()) out.previous_ts = out.ts;
    if (out.previous_ts.empty()) {
        return unexpected(missing(join(path, "previous_message.ts")));
    }
    out.blocks = value_or_null(**message, "blocks");
    out.attachments = value_or_null(**message, "attachments");
    return MessageEvent{std::move(out)};
}

Expected<MessageEvent, ParseError> message_event(const object& event, std::string_view path) {
    auto read_subtype = json_fields::optional<Token>(event, "subtype", AsParseError(path));
    if (!read_subtype) return unexpected(read_subtype.error());
    auto subtype = read_subtype->value_or("");
    if (is_bot(event)) {
        return MessageEvent{BotMessage{string_or_empty(event, "channel"),
                                       string_or_empty(event, "bot_id"), subtype}};
    }
    if (subtype == "message_changed") return message_changed(event, path);
    if (subtype == "message_deleted") {
        auto channel = json_fields::required<Token>(event, "channel", AsParseError(path));
        if (!channel) return unexpected(channel.error());
        auto deleted = json_fields::required<Token>(event, "deleted_ts", AsParseError(path));
        if (!deleted) return unexpected(deleted.error());
        // Slack often names the deleted message's bot only inside previous_message: a mirror
        // of the customer's or the bot's message (posted by Megatron's bot) must not become
        // a delete on the customer's side.
        auto previous =
            json_fields::optional<const object*>(event, "previous_message", AsParseError(path));
        if (!previous) return unexpected(previous.error());
        if (*previous && is_bot(***previous)) {
            return MessageEvent{
                BotMessage{*channel, string_or_empty(***previous, "bot_id"), subtype}};
        }
        auto thread = *previous ? string_or_empty(***previous, "thread_ts") : std::string();
        return MessageEvent{MessageDeleted{*channel, *deleted, thread}};
    }
    const auto* files_value = json_fields::find(event, "files");
    bool has_files = files_value != nullptr && !files_value->is_null();
    if (subtype == "file_share" || (subtype.empty() && has_files)) {
        auto b = basics(event, path);
        if (!b) return unexpected(b.error());
        auto files = files_of(event, path);
        if (!files) return unexpected(files.error());
        return MessageEvent{
            FileShare{b->channel, b->user, b->text, b->ts, b->thread_ts, std::move(*files)}};
    }
    if (subtype.empty() || subtype == "thread_broadcast") {
        auto b = basics(event, path);
        if (!b) return unexpected(b.error());
        return MessageEvent{AgentMessage{
            b->channel, b->user, b->text, b->ts, b->thread_ts, value_or_null(event, "blocks"),
            value_or_null(event, "attachments"), subtype == "thread_broadcast"}};
    }
    return MessageEvent{IgnoredEvent{"message", subtype}};
}

// reaction_added / reaction_removed: a reaction on a message names it by item.channel and
// item.ts; one on a file (item.type "file") is ignored.
Expected<MessageEvent, ParseError> reaction_event(const object& event, const std::string& type,
                                                  std::string_view path) {
    auto item = json_fields::required<const object*>(event, "item", AsParseError(path));
    if (!item) return unexpected(item.error());
    if (string_or_empty(**item, "type") != "message") return MessageEvent{IgnoredEvent{type, ""}};
    auto channel = json_fields::required<Token>(event, "item.channel", AsParseError(path));
    if (!channel) return unexpected(channel.error());
    auto ts = json_fields::required<Token>(event, "item.ts", AsParseError(path));
    if (!ts) return unexpected(ts.error());
    auto user = json_fields::required<Token>(event, "user", AsParseError(path));
    if (!user) return unexpected(user.error());
    auto reaction = json_fields::required<Token>(event, "reaction", AsParseError(path));
    if (!reaction) return unexpected(reaction.error());
    return MessageEvent{ReactionChanged{*channel, *user, *reaction, *ts, type == "reaction_added"}};
}

}  // namespace

Expected<MessageEvent, ParseError> parse_inner_event(const object& event, std::string_view path) {
    auto type = json_fields::required<Token>(event, "type", AsParseError(path));
    if (!type) return unexpected(type.error());
    if (*type == "reaction_added" || *type == "reaction_removed") {
        return reaction_event(event, *type, path);
    }
    if (*type != "message")
        return MessageEvent{IgnoredEvent{*type, string_or_empty(event, "subtype")}};
    return message_event(event, path);
}

Expected<EventsApiBody, ParseError> parse_events_body(std::string_view json) {
    auto body = parse_object(json, "");
    if (!body) return unexpected(body.error());
    return parse_events_object(*body);
}

Expected<EventsApiBody, ParseError> parse_events_object(const boost::json::object& object) {
    const auto* body = &object;
    auto type = json_fields::required<Token>(*body, "type", AsParseError());
    if (!type) return unexpected(type.error());
    if (*type == "url_verification") {
        auto challenge = json_fields::required<Token>(*body, "challenge", AsParseError());
        if (!challenge) return unexpected(challenge.error());
        return EventsApiBody{UrlVerification{*challenge}};
    }
    if (*type != "event_callback") return EventsApiBody{OtherEnvelope{*type}};

    auto event_id = json_fields::required<Token>(*body, "event_id", AsParseError());
    if (!event_id) return unexpected(event_id.error());
    auto team_id = json_fields::optional<Token>(*body, "team_id", AsParseError());
    if (!team_id) return unexpected(team_id.error());
    auto inner = json_fields::required<const boost::json::object*>(*body, "event", AsParseError());
    if (!inner) return unexpected(inner.error());
    auto event = parse_inner_event(**inner, "event");
    if (!event) return unexpected(event.error());
    EventCallback out{team_id->value_or(""),
                      string_or_empty(*body, "enterprise_id"),
                      string_or_empty(*body, "api_app_id"),
                      *event_id,
                      json_fields::integer(*body, "event_time").value_or(0),
                      std::move(*event)};
    return EventsApiBody{std::move(out)};
}

}  // namespace megatron::slack::interpreter
