#include "render.hpp"

#include <boost/json/array.hpp>

namespace megatron::slack_sim {
namespace {

std::string extension_of(const std::string& name) {
    auto dot = name.rfind('.');
    return dot == std::string::npos ? std::string{} : name.substr(dot + 1);
}

}  // namespace

boost::json::object user_json(const User& user) {
    boost::json::object profile{
        {"avatar_hash", "g" + user.id},
        {"display_name", user.display_name},
        {"display_name_normalized", user.display_name},
        {"real_name", user.real_name},
        {"real_name_normalized", user.real_name},
        {"email", user.email},
        {"team", user.team_id},
        {"status_text", ""},
        {"status_emoji", ""},
    };
    for (const char* size : {"24", "32", "48", "72", "192", "512"}) {
        profile[std::string("image_") + size] =
            user.image_url.empty() ? std::string{} : user.image_url + "_" + size + ".png";
    }
    profile["image_original"] = user.image_url.empty() ? std::string{} : user.image_url + ".png";
    if (user.is_bot) profile["bot_id"] = user.bot_id;
    return {
        {"id", user.id},
        {"team_id", user.team_id},
        {"name", user.name},
        {"deleted", user.deleted},
        {"color", "9f69e7"},
        {"real_name", user.real_name},
        {"tz", "America/Los_Angeles"},
        {"tz_label", "Pacific Standard Time"},
        {"tz_offset", -28800},
        {"profile", std::move(profile)},
        {"is_admin", false},
        {"is_owner", false},
        {"is_primary_owner", false},
        {"is_restricted", false},
        {"is_ultra_restricted", false},
        {"is_bot", user.is_bot},
        {"is_app_user", false},
        {"updated", 1502138686},
        {"has_2fa", false},
    };
}

boost::json::object channel_json(const Channel& channel, const std::string& viewer_user_id) {
    if (channel.is_im) {
        return {{"id", channel.id},       {"created", channel.created}, {"is_im", true},
                {"is_org_shared", false}, {"user", channel.im_user},    {"is_user_deleted", false},
                {"priority", 0},          {"is_archived", false}};
    }
    boost::json::object topic{{"value", ""}, {"creator", ""}, {"last_set", 0}};
    return {
        {"id", channel.id},
        {"name", channel.name},
        {"name_normalized", channel.name},
        {"is_channel", !channel.is_private},
        {"is_group", channel.is_private},
        {"is_im", false},
        {"is_mpim", false},
        {"is_private", channel.is_private},
        {"created", channel.created},
        {"creator", channel.creator},
        {"is_archived", channel.is_archived},
        {"is_general", channel.is_general},
        {"unlinked", 0},
        {"is_shared", false},
        {"is_ext_shared", false},
        {"is_org_shared", false},
        {"is_pending_ext_shared", false},
        {"pending_shared", boost::json::array{}},
        {"is_member", channel.members.contains(viewer_user_id)},
        {"previous_names", boost::json::array{}},
        {"topic", topic},
        {"purpose", topic},
    };
}

boost::json::object message_json(const Message& message, const std::string& team_id,
                                 bool include_metadata) {
    boost::json::object out{{"type", "message"}, {"text", message.text}, {"ts", message.ts}};
    if (!message.user.empty()) out["user"] = message.user;
    if (!message.bot_id.empty()) out["bot_id"] = message.bot_id;
    out["team"] = team_id;
    if (!message.subtype.empty()) out["subtype"] = message.subtype;
    if (!message.username.empty()) out["username"] = message.username;
    if (!message.icon_url.empty())
        out["icons"] = boost::json::object{{"image_48", message.icon_url}};
    if (!message.blocks.is_null()) out["blocks"] = message.blocks;
    if (!message.attachments.is_null()) out["attachments"] = message.attachments;
    if (!message.files.is_null()) out["files"] = message.files;
    if (!message.thread_ts.empty()) out["thread_ts"] = message.thread_ts;
    if (!message.edited_ts.empty()) {
        out["edited"] = boost::json::object{{"user", message.user}, {"ts", message.edited_ts}};
    }
    if (!message.reactions.empty()) {
        boost::json::array reactions;  // as conversations.history shows them
        for (const auto& [name, users] : message.reactions) {
            boost::json::array who(users.begin(), users.end());
            reactions.push_back({{"name", name},
                                 {"users", std::move(who)},
                                 {"count", static_cast<std::int64_t>(users.size())}});
        }
        out["reactions"] = std::move(reactions);
    }
    if (include_metadata && !message.metadata.is_null()) out["metadata"] = message.metadata;
    return out;
}

std::string file_url_private(const File& file, const std::string& base_url) {
    return base_url + "/files-pri/" + file.team_id + "-" + file.id + "/" + file.name;
}

std::string file_url_private_download(const File& file, const std::string& base_url) {
    return base_url + "/files-pri/" + file.team_id + "-" + file.id + "/download/" + file.name;
}

boost::json::object file_json(const File& file, const std::string& base_url,
                              const std::string& domain) {
    boost::json::array channels;
    for (const auto& c : file.channels) channels.push_back(boost::json::value(c));
    auto ext = extension_of(file.name);
    return {
        {"id", file.id},
        {"created", file.created},
        {"timestamp", file.created},
        {"name", file.name},
        {"title", file.title},
        {"mimetype", file.mimetype},
        {"filetype", ext.empty() ? "binary" : ext},
        {"pretty_type", ext},
        {"user", file.user},
        {"editable", false},
        {"size", file.content.size()},
        {"mode", "hosted"},
        {"is_external", false},
        {"external_type", ""},
        {"is_public", !file.channels.empty()},
        {"public_url_shared", false},
        {"display_as_bot", false},
        {"username", ""},
        {"url_private", file_url_private(file, base_url)},
        {"url_private_download", file_url_private_download(file, base_url)},
        {"permalink",
         "https://" + domain + ".slack.com/files/" + file.user + "/" + file.id + "/" + file.name},
        {"channels", std::move(channels)},
        {"groups", boost::json::array{}},
        {"ims", boost::json::array{}},
        {"comments_count", 0},
    };
}

}  // namespace megatron::slack_sim
