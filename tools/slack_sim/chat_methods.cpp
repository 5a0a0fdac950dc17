// chat.postMessage / update / postEphemeral / delete, and the channel rules they share.
#include "method_handlers.hpp"
#include "render.hpp"
#include "wire.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

namespace megatron::slack_sim {

std::size_t utf8_length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Channel& dm_with(SimData& data, const Workspace& ws, const std::string& user_id) {
    auto key = std::make_pair(ws.id, user_id);
    if (auto it = data.dms.find(key); it != data.dms.end()) return data.channels.at(it->second);
    Channel dm;
    dm.id = data.new_id('D');
    dm.team_id = ws.id;
    dm.is_im = true;
    dm.im_user = user_id;
    dm.created = unix_now();
    dm.members = {ws.bot_user_id, user_id};
    auto id = dm.id;
    data.dms[key] = id;
    return data.channels.emplace(id, std::move(dm)).first->second;
}

Channel* readable_channel(SimData& data, const Workspace& ws, const std::string& id,
                          std::string& error) {
    auto* channel = data.find_channel(id);
    bool member = channel != nullptr && channel->members.contains(ws.bot_user_id);
    if (channel == nullptr || channel->team_id != ws.id ||
        ((channel->is_private || channel->is_im) && !member)) {
        error = "channel_not_found";
        return nullptr;
    }
    if (!member) {
        error = "not_in_channel";
        return nullptr;
    }
    return channel;
}

Channel* postable_channel(SimData& data, const Workspace& ws, const std::string& id,
                          std::string& error) {
    if (const User* user = data.find_user(id); user != nullptr && user->team_id == ws.id) {
        return &dm_with(data, ws, user->id);  // posting to a user id writes into the DM
    }
    Channel* channel = readable_channel(data, ws, id, error);
    if (channel == nullptr) return nullptr;
    if (channel->is_archived) {
        error = "is_archived";
        return nullptr;
    }
    return channel;
}

namespace {

// Blocks, attachments and metadata as Slack checks them; empty string when all is well.
struct MessageContent {
    boost::json::value blocks;
    boost::json::value attachments;
    boost::json::value metadata;
};

std::string read_content(const boost::json::object& args, MessageContent& out) {
    auto blocks = arg_json(args, "blocks");
    if (!blocks || !(blocks->is_null() || blocks->is_array())) return "invalid_blocks";
    if (blocks->is_array() && blocks->as_array().size() > 50) return "invalid_blocks";
    auto attachments = arg_json(args, "attachments");
    if (!attachments || !(attachments->is_null() || attachments->is_array())) {
        return "invalid_attachments";
    }
    if (attachments->is_array() && attachments->as_array().size() > 100) {
        return "too_many_attachments";
    }
    auto metadata = arg_json(args, "metadata");
    if (!metadata) return "invalid_metadata_format";
    if (!metadata->is_null()) {
        const auto* obj = metadata->if_object();
        if (obj == nullptr || !obj->contains("event_type") || !obj->at("event_type").is_string() ||
            (obj->contains("event_payload") && !obj->at("event_payload").is_object())) {
            return "invalid_metadata_format";
        }
    }
    out.blocks = std::move(*blocks);
    out.attachments = std::move(*attachments);
    out.metadata = std::move(*metadata);
    return {};
}

bool has_any(const boost::json::value& v) {
    return v.is_array() && !v.as_array().empty();
}

// Slack truncates rather than refuses long text in posts (changelog 2018), with a warning.
std::string truncated(std::string text, std::vector<std::string>& warnings) {
    if (utf8_length(text) <= kMaxTextChars) return text;
    std::size_t chars = 0;
    std::size_t cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80 && chars++ == kMaxTextChars)
            break;
    }
    text.resize(cut);
    warnings.emplace_back("message_truncated");
    return text;
}

Message* find_message(Channel& channel, const std::string& ts) {
    auto it = std::find_if(channel.messages.begin(), channel.messages.end(),
                           [&](const Message& m) { return m.ts == ts; });
    return it == channel.messages.end() ? nullptr : &*it;
}

}  // namespace

boost::json::object chat_post_message(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        postable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);
    MessageContent content;
    if (auto bad = read_content(call.args, content); !bad.empty()) return slack_error(bad);
    auto text = arg_string(call.args, "text").value_or("");
    if (text.empty() && !has_any(content.blocks) && !has_any(content.attachments)) {
        return slack_error("no_text");
    }
    Message message;
    message.ts = data.new_ts();
    message.user = call.workspace.bot_user_id;
    message.bot_id = call.workspace.bot_id;
    message.text = truncated(std::move(text), call.warnings);
    message.blocks = std::move(content.blocks);
    message.attachments = std::move(content.attachments);
    message.metadata = std::move(content.metadata);
    message.username = arg_string(call.args, "username").value_or("");
    message.icon_url = arg_string(call.args, "icon_url").value_or("");
    message.thread_ts = arg_string(call.args, "thread_ts").value_or("");
    channel->messages.push_back(message);
    auto json = message_json(message, channel->team_id, true);
    json["app_id"] = call.workspace.app_id;
    return {
        {"ok", true}, {"channel", channel->id}, {"ts", message.ts}, {"message", std::move(json)}};
}

boost::json::object chat_update(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        readable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);
    Message* message = find_message(*channel, *arg_string(call.args, "ts"));
    if (message == nullptr) return slack_error("message_not_found");
    if (message->bot_id != call.workspace.bot_id) return slack_error("cant_update_message");
    if (channel->is_archived) return slack_error("is_archived");
    MessageContent content;
    if (auto bad = read_content(call.args, content); !bad.empty()) return slack_error(bad);
    auto text = arg_string(call.args, "text");
    if (text && utf8_length(*text) > kMaxTextChars) return slack_error("msg_too_long");
    if (!text && !has_any(content.blocks) && !has_any(content.attachments)) {
        return slack_error("no_text");
    }
    // Omitted blocks/attachments keep their old value; an empty array removes them.
    if (text) message->text = *text;
    if (!content.blocks.is_null()) message->blocks = std::move(content.blocks);
    if (!content.attachments.is_null()) message->attachments = std::move(content.attachments);
    if (!content.metadata.is_null()) message->metadata = std::move(content.metadata);
    message->edited_ts = data.new_ts();
    auto json = message_json(*message, channel->team_id, true);
    return {{"ok", true},
            {"channel", channel->id},
            {"ts", message->ts},
            {"text", message->text},
            {"message", std::move(json)}};
}

boost::json::object chat_post_ephemeral(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        postable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);
    auto user_id = *arg_string(call.args, "user");
    const User* user = data.find_user(user_id);
    if (user == nullptr || user->team_id != call.workspace.id) return slack_error("user_not_found");
    if (!channel->members.contains(user_id)) return slack_error("user_not_in_channel");
    MessageContent content;
    if (auto bad = read_content(call.args, content); !bad.empty()) return slack_error(bad);
    auto text = arg_string(call.args, "text").value_or("");
    if (text.empty() && !has_any(content.blocks) && !has_any(content.attachments)) {
        return slack_error("no_text");
    }
    EphemeralMessage message;
    message.message_ts = data.new_ts();
    message.user = user_id;
    message.text = truncated(std::move(text), call.warnings);
    message.blocks = std::move(content.blocks);
    message.attachments = std::move(content.attachments);
    channel->ephemeral.push_back(message);
    return {{"ok", true}, {"message_ts", message.message_ts}};
}

boost::json::object chat_delete(SimData& data, MethodCall& call) {
    std::string error;
    Channel* channel =
        readable_channel(data, call.workspace, *arg_string(call.args, "channel"), error);
    if (channel == nullptr) return slack_error(error);
    auto ts = *arg_string(call.args, "ts");
    Message* message = find_message(*channel, ts);
    if (message == nullptr) return slack_error("message_not_found");
    if (message->bot_id != call.workspace.bot_id) return slack_error("cant_delete_message");
    std::erase_if(channel->messages, [&](const Message& m) { return m.ts == ts; });
    return {{"ok", true}, {"channel", channel->id}, {"ts", ts}};
}

}  // namespace megatron::slack_sim
