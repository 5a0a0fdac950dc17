#pragma once
// Plain structs that callers exchange with the Slack connection. Slack's JSON stays inside
// this folder; Block Kit blocks and attachments pass through as boost::json values since
// they are Slack-shaped already.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace megatron::slack {

// Slack message metadata ({"event_type", "event_payload"}). Megatron tags its posts with it
// so that, after a crash, conversations.history can tell whether a post already happened.
struct MessageMetadata {
    std::string event_type;
    boost::json::object event_payload;
};

struct PostMessage {
    std::string channel;  // channel id, or a user id (posts into the bot's DM with them)
    std::string text;
    boost::json::value blocks;       // null = none
    boost::json::value attachments;  // null = none
    std::string username;            // display name override
    std::string icon_url;
    std::string thread_ts;
    std::optional<MessageMetadata> metadata;
    bool unfurl_links = false;
    bool unfurl_media = true;
};

struct PostedMessage {
    std::string channel;
    std::string ts;
    std::vector<std::string> warnings;  // e.g. message_truncated
};

struct UpdateMessage {
    std::string channel;
    std::string ts;
    std::string text;
    boost::json::value blocks;       // null = keep; empty array = remove
    boost::json::value attachments;  // null = keep; empty array = remove
    std::optional<MessageMetadata> metadata;
};

// A reaction (emoji name without colons) on one message.
struct Reaction {
    std::string channel;
    std::string ts;
    std::string name;
};

struct PostEphemeral {
    std::string channel;
    std::string user;  // who sees it
    std::string text;
    boost::json::value blocks;
    boost::json::value attachments;
    std::string thread_ts;
    std::string username;
    std::string icon_url;
};

struct HistoryQuery {
    std::string channel;
    int limit = 100;     // Slack caps at 999
    std::string oldest;  // ts bounds, empty = unbounded
    std::string latest;
    bool inclusive = false;
    std::string cursor;  // from HistoryPage::next_cursor
    bool include_all_metadata = false;
};

struct HistoryMessage {
    std::string ts;
    std::string type;
    std::string subtype;
    std::string user;
    std::string bot_id;
    std::string text;
    std::string thread_ts;
    std::string username;
    boost::json::value blocks;
    boost::json::value attachments;
    boost::json::value files;
    std::optional<MessageMetadata> metadata;  // only with include_all_metadata
    bool edited = false;
};

struct HistoryPage {
    std::vector<HistoryMessage> messages;  // newest first, as Slack returns them
    bool has_more = false;
    std::string next_cursor;  // empty when there is no next page
};

struct ChannelInfo {
    std::string id;
    std::string name;
    bool is_private = false;
    bool is_archived = false;
    bool is_member = false;
    bool is_im = false;
    std::string creator;
    std::int64_t created = 0;
};

enum class OnNameTaken {
    Fail,       // return the NameTaken error
    AddSuffix,  // try "<name>-2", "<name>-3", ... (within Slack's 80 characters)
};

struct CreateChannel {
    std::string name;  // must already follow Slack's rules; see normalize_channel_name
    bool is_private = false;
    OnNameTaken on_name_taken = OnNameTaken::AddSuffix;
    int max_suffix = 20;
};

struct OpenedConversation {
    std::string channel_id;
    bool already_open = false;
};

struct JoinedChannel {
    ChannelInfo channel;
    bool already_in_channel = false;
};

struct UserProfile {
    std::string id;
    std::string team_id;
    std::string name;  // handle
    std::string real_name;
    std::string display_name;
    std::string email;
    std::string image_24;
    std::string image_48;
    std::string image_72;
    std::string image_192;
    std::string image_512;
    std::string tz;
    bool is_bot = false;
    bool deleted = false;
};

struct FileInfo {
    std::string id;
    std::string name;
    std::string title;
    std::string mimetype;
    std::string filetype;
    std::string user;
    std::string url_private;
    std::string url_private_download;
    std::string permalink;
    std::int64_t size = 0;
};

}  // namespace megatron::slack
