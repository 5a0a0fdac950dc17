#include "platforms/slack/connection/parsing.hpp"

#include "platforms/slack/connection/web_api_client.hpp"
#include "util/json_fields.hpp"

#include <boost/json/array.hpp>

namespace megatron::slack::detail {
using json_fields::object_or_empty;
using json_fields::value_or_null;

ChannelInfo channel_from_json(const boost::json::object& c) {
    return {
        json_fields::string_or_empty(c, "id"),      json_fields::string_or_empty(c, "name"),
        json_fields::flag(c, "is_private"),         json_fields::flag(c, "is_archived"),
        json_fields::flag(c, "is_member"),          json_fields::flag(c, "is_im"),
        json_fields::string_or_empty(c, "creator"), json_fields::integer(c, "created").value_or(0)};
}

std::optional<MessageMetadata> metadata_from_json(const boost::json::value* metadata) {
    if (metadata == nullptr || !metadata->is_object()) return std::nullopt;
    const auto& m = metadata->as_object();
    return MessageMetadata{json_fields::string_or_empty(m, "event_type"),
                           object_or_empty(m, "event_payload")};
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
    out.blocks = value_or_null(m, "blocks");
    out.attachments = value_or_null(m, "attachments");
    out.files = value_or_null(m, "files");
    out.metadata = metadata_from_json(json_fields::find(m, "metadata"));
    out.edited = m.contains("edited");
    return out;
}

UserProfile user_from_json(const boost::json::object& u) {
    const auto& p = object_or_empty(u, "profile");
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
    out.is_bot = json_fields::flag(u, "is_bot");
    out.deleted = json_fields::flag(u, "deleted");
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
            json_fields::integer(f, "size").value_or(0)};
}

std::vector<std::string> warnings_of(const boost::json::object& answer) {
    std::vector<std::string> out;
    for (const auto& item : json_fields::list_or_empty(answer, "response_metadata.warnings")) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace megatron::slack::detail
