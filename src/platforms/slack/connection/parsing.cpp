#include "platforms/slack/connection/parsing.hpp"

#include "platforms/slack/connection/web_api_client.hpp"
#include "util/json_fields.hpp"

#include <boost/json/array.hpp>

namespace megatron::slack::detail {
namespace {

const boost::json::object& object_at(const boost::json::object& o, std::string_view key) {
    static const boost::json::object empty;
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? v->as_object() : empty;
}

boost::json::value value_at(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v == nullptr ? boost::json::value{} : *v;
}

}  // namespace

ChannelInfo channel_from_json(const boost::json::object& c) {
    return {json_fields::string_or_empty(c, "id"),
            json_fields::string_or_empty(c, "name"),
            json_bool(c, "is_private"),
            json_bool(c, "is_archived"),
            json_bool(c, "is_member"),
            json_bool(c, "is_im"),
            json_fields::string_or_empty(c, "creator"),
            json_int(c, "created")};
}

std::optional<MessageMetadata> metadata_from_json(const boost::json::value* metadata) {
    if (metadata == nullptr || !metadata->is_object()) return std::nullopt;
    const auto& m = metadata->as_object();
    return MessageMetadata{json_fields::string_or_empty(m, "event_type"),
                           object_at(m, "event_payload")};
}

boost::json::object metadata_to_json(const MessageMetadata& metadata) {
    return {{"event_type", metadata.event_type}, {"event_payload", metadata.event_payload}};
}

HistoryMessage message_from_json(const boost::json::object& m) {
    HistoryMessage out;
    out.ts = json_fields::string_or_empty(m, "ts");
    out.type = json_fields::string_or_empty(m, "type");
    out.subtype = json_fields::string_or_empty(m, "subtype");
    out.user = json_fields::string_or_empty(m, "user");
    out.bot_id = json_fields::string_or_empty(m, "bot_id");
    out.text = json_fields::string_or_empty(m, "text");
    out.thread_ts = json_fields::string_or_empty(m, "thread_ts");
    out.username = json_fields::string_or_empty(m, "username");
    out.blocks = value_at(m, "blocks");
    out.attachments = value_at(m, "attachments");
    out.files = value_at(m, "files");
    out.metadata = metadata_from_json(m.if_contains("metadata"));
    out.edited = m.contains("edited");
    return out;
}

UserProfile user_from_json(const boost::json::object& u) {
    const auto& p = object_at(u, "profile");
    UserProfile out;
    out.id = json_fields::string_or_empty(u, "id");
    out.team_id = json_fields::string_or_empty(u, "team_id");
    out.name = json_fields::string_or_empty(u, "name");
    out.real_name = json_fields::string_or_empty(p, "real_name");
    if (out.real_name.empty()) out.real_name = json_fields::string_or_empty(u, "real_name");
    out.display_name = json_fields::string_or_empty(p, "display_name");
    out.email = json_fields::string_or_empty(p, "email");
    out.image_24 = json_fields::string_or_empty(p, "image_24");
    out.image_48 = json_fields::string_or_empty(p, "image_48");
    out.image_72 = json_fields::string_or_empty(p, "image_72");
    out.image_192 = json_fields::string_or_empty(p, "image_192");
    out.image_512 = json_fields::string_or_empty(p, "image_512");
    out.tz = json_fields::string_or_empty(u, "tz");
    out.is_bot = json_bool(u, "is_bot");
    out.deleted = json_bool(u, "deleted");
    return out;
}

FileInfo file_from_json(const boost::json::object& f) {
    return {json_fields::string_or_empty(f, "id"),
            json_fields::string_or_empty(f, "name"),
            json_fields::string_or_empty(f, "title"),
            json_fields::string_or_empty(f, "mimetype"),
            json_fields::string_or_empty(f, "filetype"),
            json_fields::string_or_empty(f, "user"),
            json_fields::string_or_empty(f, "url_private"),
            json_fields::string_or_empty(f, "url_private_download"),
            json_fields::string_or_empty(f, "permalink"),
            json_int(f, "size")};
}

std::vector<std::string> warnings_of(const boost::json::object& answer) {
    std::vector<std::string> out;
    const auto& meta = object_at(answer, "response_metadata");
    if (const auto* w = meta.if_contains("warnings"); w != nullptr && w->is_array()) {
        for (const auto& item : w->as_array()) {
            if (item.is_string()) out.emplace_back(item.as_string());
        }
    }
    return out;
}

}  // namespace megatron::slack::detail
