// users.info, files.info and the external upload flow (getUploadURLExternal, then the bytes
// to upload_url, then completeUploadExternal).
#include "method_handlers.hpp"
#include "render.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "wire.hpp"

#include <boost/json/array.hpp>

#include <charconv>

namespace megatron::slack_sim {
namespace {

// Slack infers a file's type from its name; the common ones Megatron's limits care about.
std::string mimetype_from_name(const std::string& name) {
    auto dot = name.rfind('.');
    auto ext = dot == std::string::npos ? std::string{} : strings::to_lower(name.substr(dot + 1));
    if (ext == "png") return "image/png";
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "gif") return "image/gif";
    if (ext == "pdf") return "application/pdf";
    if (ext == "txt") return "text/plain";
    if (ext == "csv") return "text/csv";
    return "application/octet-stream";
}

}  // namespace

boost::json::object users_info(SimData& data, MethodCall& call) {
    const User* user = data.find_user(*arg_string(call.args, "user"));
    if (user == nullptr || user->team_id != call.workspace.id) return slack_error("user_not_found");
    return {{"ok", true}, {"user", user_json(*user)}};
}

boost::json::object files_info(SimData& data, MethodCall& call) {
    auto it = data.files.find(*arg_string(call.args, "file"));
    if (it == data.files.end() || it->second.team_id != call.workspace.id ||
        !it->second.completed) {
        return slack_error("file_not_found");
    }
    return {{"ok", true},
            {"file", file_json(it->second, call.base_url, call.workspace.domain)},
            {"comments", boost::json::array{}},
            {"response_metadata", boost::json::object{{"next_cursor", ""}}}};
}

boost::json::object files_get_upload_url_external(SimData& data, MethodCall& call) {
    auto length_text = *arg_string(call.args, "length");
    std::size_t length = 0;
    auto [ptr, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec != std::errc{} || ptr != length_text.data() + length_text.size() || length == 0) {
        return slack_error("invalid_arguments");
    }
    File file;
    file.id = data.new_id('F');
    file.team_id = call.workspace.id;
    file.name = *arg_string(call.args, "filename");
    file.title = file.name;
    file.mimetype = mimetype_from_name(file.name);
    file.user = call.workspace.bot_user_id;
    file.created = unix_now();
    file.declared_length = length;
    auto key = crypto::random_hex(12);
    data.upload_urls[key] = file.id;
    auto id = file.id;
    data.files.emplace(id, std::move(file));
    return {{"ok", true}, {"upload_url", call.base_url + "/upload/v1/" + key}, {"file_id", id}};
}

boost::json::object files_complete_upload_external(SimData& data, MethodCall& call) {
    auto files = arg_json(call.args, "files");
    if (!files || !files->is_array() || files->as_array().empty()) {
        return slack_error("invalid_arguments");
    }
    std::vector<File*> targets;
    for (const auto& entry : files->as_array()) {
        const auto* obj = entry.if_object();
        if (obj == nullptr || !obj->contains("id") || !obj->at("id").is_string()) {
            return slack_error("invalid_arguments");
        }
        auto it = data.files.find(std::string(obj->at("id").as_string()));
        // Completing is allowed once, after the bytes arrived.
        if (it == data.files.end() || it->second.team_id != call.workspace.id ||
            !it->second.uploaded || it->second.completed) {
            return slack_error("file_not_found");
        }
        if (obj->contains("title") && obj->at("title").is_string()) {
            it->second.title = std::string(obj->at("title").as_string());
        }
        targets.push_back(&it->second);
    }
    Channel* channel = nullptr;
    if (auto channel_id = arg_string(call.args, "channel_id")) {
        std::string error;
        channel = postable_channel(data, call.workspace, *channel_id, error);
        if (channel == nullptr) return slack_error(error);
    }
    boost::json::array out;
    boost::json::array shared;
    for (File* file : targets) {
        file->completed = true;
        if (channel != nullptr) file->channels.push_back(channel->id);
        out.push_back(file_json(*file, call.base_url, call.workspace.domain));
        shared.push_back(file_json(*file, call.base_url, call.workspace.domain));
    }
    if (channel != nullptr) {
        Message message;
        message.ts = data.new_ts();
        message.user = call.workspace.bot_user_id;
        message.bot_id = call.workspace.bot_id;
        message.text = arg_string(call.args, "initial_comment").value_or("");
        // As on Slack, blocks count only without initial_comment.
        if (message.text.empty()) {
            if (auto blocks = arg_json(call.args, "blocks"); blocks && blocks->is_array()) {
                message.blocks = std::move(*blocks);
            }
        }
        message.thread_ts = arg_string(call.args, "thread_ts").value_or("");
        message.subtype = "file_share";
        message.files = std::move(shared);
        channel->messages.push_back(std::move(message));
    }
    return {{"ok", true}, {"files", std::move(out)}};
}

}  // namespace megatron::slack_sim
