#include "platforms/slack/connection/file_transfer.hpp"

#include "platforms/slack/connection/parsing.hpp"
#include "util/json_fields.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>

namespace megatron::slack {

Expected<DownloadedFile, SlackError> download_private_file(WebApiClient& client,
                                                           const Credentials& credentials,
                                                           const std::string& url_private,
                                                           const std::string& destination,
                                                           std::size_t max_bytes) {
    if (!client.is_trusted_host(url_private)) {
        return unexpected(
            SlackError{SlackErrorCode::UntrustedUrl, "host is not Slack's", "url_private"});
    }
    http::ClientRequest req;
    req.method = "GET";
    req.url = url_private;
    req.headers.emplace_back("Authorization", "Bearer " + credentials.token.reveal());
    req.connect_timeout = client.options().connect_timeout;
    req.total_timeout = client.options().total_timeout * 4;  // files are bigger than API answers
    req.download_to_path = destination;
    req.max_body_bytes = max_bytes;
    auto res = client.send("url_private", std::move(req), Replay::Safe, client.options().retry);
    auto fail = [&](SlackError e) {
        std::remove(destination.c_str());
        return unexpected(std::move(e));
    };
    if (!res) return fail(std::move(res.error()));
    if (res->status != 200) {
        return fail(SlackError{
            res->status == 404 ? SlackErrorCode::FileNotFound : SlackErrorCode::HttpError,
            "http_" + std::to_string(res->status), "url_private", res->status});
    }
    auto content_type = strings::to_lower(res->header("content-type"));
    // Slack answers a request it does not accept with its HTML sign-in page and HTTP 200.
    if (content_type.starts_with("text/html")) {
        return fail(SlackError{SlackErrorCode::DownloadRefused, "sign-in page instead of the file",
                               "url_private", res->status});
    }
    return DownloadedFile{destination, res->body_bytes, content_type};
}

Expected<std::string, SlackError> send_file_bytes(WebApiClient& client,
                                                  const Credentials& credentials,
                                                  const UploadSource& source) {
    std::error_code ec;
    auto length = std::filesystem::file_size(source.path, ec);
    if (ec) {
        return unexpected(SlackError{SlackErrorCode::InvalidArguments, "file to upload unreadable",
                                     "files.getUploadURLExternal"});
    }
    ApiCall get_url{"files.getUploadURLExternal",
                    Replay::Safe,
                    {{"filename", source.filename}, {"length", std::to_string(length)}}};
    if (!source.alt_text.empty()) get_url.form.emplace_back("alt_txt", source.alt_text);
    auto ticket = client.call(credentials, get_url);
    if (!ticket) return unexpected(std::move(ticket.error()));
    auto upload_url = json_fields::string_or_empty(*ticket, "upload_url");
    auto file_id = json_fields::string_or_empty(*ticket, "file_id");
    if (upload_url.empty() || file_id.empty()) {
        return unexpected(SlackError{SlackErrorCode::InvalidResponse, "no upload_url",
                                     "files.getUploadURLExternal", 200});
    }

    // upload_url is pre-signed: it needs no token, so none is sent. The body streams from
    // the file; a repeat only overwrites the same uncompleted file.
    http::ClientRequest put;
    put.method = "POST";
    put.url = upload_url;
    put.upload_from_path = source.path.string();
    put.headers.emplace_back("Content-Type", "application/octet-stream");
    put.connect_timeout = client.options().connect_timeout;
    put.total_timeout = client.options().total_timeout * 4;
    auto sent = client.send("upload_url", std::move(put), Replay::Safe, client.options().retry);
    if (!sent) return unexpected(std::move(sent.error()));
    if (sent->status != 200) {
        return unexpected(SlackError{SlackErrorCode::HttpError,
                                     "http_" + std::to_string(sent->status), "upload_url",
                                     sent->status});
    }
    return file_id;
}

Expected<std::vector<UploadedFile>, SlackError> complete_upload(WebApiClient& client,
                                                                const Credentials& credentials,
                                                                const CompleteUpload& request) {
    boost::json::array files;
    for (const auto& f : request.files) {
        boost::json::object entry{{"id", f.id}};
        if (!f.title.empty()) entry["title"] = f.title;
        files.push_back(std::move(entry));
    }
    ApiCall complete{"files.completeUploadExternal",
                     Replay::Unsafe,  // callable once: a repeat would fail or share twice
                     {{"files", boost::json::serialize(files)}}};
    if (!request.channel_id.empty()) complete.form.emplace_back("channel_id", request.channel_id);
    if (!request.thread_ts.empty()) complete.form.emplace_back("thread_ts", request.thread_ts);
    if (!request.initial_comment.empty()) {
        complete.form.emplace_back("initial_comment", request.initial_comment);
    }
    if (!request.blocks.is_null()) {
        complete.form.emplace_back("blocks", boost::json::serialize(request.blocks));
    }
    auto done = client.call(credentials, complete);
    if (!done) return unexpected(std::move(done.error()));
    std::vector<UploadedFile> out;
    for (const auto& f : request.files) out.push_back({f.id, f.title, {}, {}});
    for (const auto& item : json_fields::list_or_empty(*done, "files")) {
        if (!item.is_object()) continue;
        auto info = detail::file_from_json(item.as_object());
        for (auto& o : out) {
            if (o.id != info.id) continue;
            if (!info.title.empty()) o.title = info.title;
            o.permalink = info.permalink;
            o.url_private = info.url_private;
        }
    }
    return out;
}

Expected<UploadedFile, SlackError> upload_file(WebApiClient& client, const Credentials& credentials,
                                               const UploadFile& file) {
    auto file_id = send_file_bytes(client, credentials, {file.path, file.filename, file.alt_text});
    if (!file_id) return unexpected(std::move(file_id.error()));
    CompleteUpload complete;
    complete.files.push_back({*file_id, file.title.empty() ? file.filename : file.title});
    complete.channel_id = file.channel_id;
    complete.thread_ts = file.thread_ts;
    complete.initial_comment = file.initial_comment;
    auto done = complete_upload(client, credentials, complete);
    if (!done) return unexpected(std::move(done.error()));
    return done->front();
}

}  // namespace megatron::slack
