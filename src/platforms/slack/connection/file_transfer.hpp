#pragma once
// Files: download a url_private to disk (with the workspace token, only to Slack's hosts,
// with a size cap), and upload with Slack's external flow (files.getUploadURLExternal,
// the bytes to upload_url, files.completeUploadExternal) that replaces files.upload.
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"

#include <string>

namespace megatron::slack {

struct DownloadedFile {
    std::string path;
    std::size_t bytes = 0;
    std::string content_type;
};

// Writes the file at `url_private` (or url_private_download) to `destination`. Fails with
// UntrustedUrl for non-Slack hosts (the token would leak), DownloadRefused when Slack answers
// its sign-in page, TooLarge past max_bytes (the partial file is removed).
Expected<DownloadedFile, SlackError> download_private_file(WebApiClient& client,
                                                           const Credentials& credentials,
                                                           const std::string& url_private,
                                                           const std::string& destination,
                                                           std::size_t max_bytes);

struct UploadFile {
    std::string filename;
    std::string content;     // the bytes
    std::string title;       // defaults to filename
    std::string channel_id;  // share into this channel; empty keeps the file private
    std::string thread_ts;
    std::string initial_comment;
    std::string alt_text;
};

struct UploadedFile {
    std::string id;
    std::string title;
    std::string permalink;
    std::string url_private;
};

Expected<UploadedFile, SlackError> upload_file(WebApiClient& client, const Credentials& credentials,
                                               const UploadFile& file);

}  // namespace megatron::slack
