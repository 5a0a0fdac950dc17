#pragma once
// Files: download a url_private to disk (with the workspace token, only to Slack's hosts,
// with a size cap), and upload with Slack's external flow (files.getUploadURLExternal,
// the bytes to upload_url, files.completeUploadExternal) that replaces files.upload.
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <vector>

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

// One file's bytes for the external upload flow, streamed from disk (a 20 MB file is never
// held in memory).
struct UploadSource {
    std::filesystem::path path;
    std::string filename;
    std::string alt_text;
};

// files.getUploadURLExternal, then the bytes to upload_url. Answers the new file's id; the
// file stays invisible (and Slack discards it) until complete_upload. Safe to repeat: a
// failed attempt only leaves an uncompleted file behind.
Expected<std::string, SlackError> send_file_bytes(WebApiClient& client,
                                                  const Credentials& credentials,
                                                  const UploadSource& source);

struct UploadedFileRef {
    std::string id;
    std::string title;  // defaults to the file name Slack knows
};

struct CompleteUpload {
    std::vector<UploadedFileRef> files;
    std::string channel_id;  // share into this channel; empty keeps the files private
    std::string thread_ts;
    std::string initial_comment;  // Slack ignores `blocks` when this is set
    boost::json::value blocks;    // null = none
};

struct UploadedFile {
    std::string id;
    std::string title;
    std::string permalink;
    std::string url_private;
};

// files.completeUploadExternal: callable once per file; not repeated after an ambiguous
// failure (the error then says outcome_unknown), since a repeat could share twice.
Expected<std::vector<UploadedFile>, SlackError> complete_upload(WebApiClient& client,
                                                                const Credentials& credentials,
                                                                const CompleteUpload& request);

// The whole flow for one file.
struct UploadFile {
    std::filesystem::path path;  // the bytes, streamed from here
    std::string filename;
    std::string title;       // defaults to filename
    std::string channel_id;  // share into this channel; empty keeps the file private
    std::string thread_ts;
    std::string initial_comment;
    std::string alt_text;
};

Expected<UploadedFile, SlackError> upload_file(WebApiClient& client, const Credentials& credentials,
                                               const UploadFile& file);

}  // namespace megatron::slack
