#pragma once
// The simulated Slack's data: workspaces with users, a bot user, channels, DMs, messages and
// files. Plain structs; the Store (store.hpp) owns them and guards them with one lock.
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace megatron::slack_sim {

struct User {
    std::string id;
    std::string team_id;
    std::string name;  // the handle
    std::string real_name;
    std::string display_name;
    std::string email;
    std::string image_url;  // base of image_24 ... image_512
    bool is_bot = false;
    std::string bot_id;  // for bot users
    bool deleted = false;
};

struct Message {
    std::string ts;
    std::string user;    // author user id (bots post as their bot user)
    std::string bot_id;  // set when a bot token posted it
    std::string text;
    boost::json::value blocks;       // null when absent
    boost::json::value attachments;  // null when absent
    boost::json::value metadata;     // null when absent; {"event_type", "event_payload"}
    boost::json::value files;        // null when absent; array of file objects
    std::string username;            // chat.postMessage username override
    std::string icon_url;
    std::string thread_ts;
    std::string subtype;
    std::string edited_ts;  // set by chat.update
    // Reactions in the order first added: emoji name -> who reacted (users or bot users).
    std::vector<std::pair<std::string, std::vector<std::string>>> reactions;
};

struct EphemeralMessage {
    std::string message_ts;
    std::string user;  // who sees it
    std::string text;
    boost::json::value blocks;
    boost::json::value attachments;
};

struct Channel {
    std::string id;
    std::string team_id;
    std::string name;  // empty for DMs
    bool is_im = false;
    bool is_private = false;
    bool is_archived = false;
    bool is_general = false;
    std::string im_user;  // the other party of a DM
    std::string creator;
    std::int64_t created = 0;
    std::set<std::string> members;
    std::vector<Message> messages;  // oldest first
    std::vector<EphemeralMessage> ephemeral;
};

struct File {
    std::string id;
    std::string team_id;
    std::string name;
    std::string title;
    std::string mimetype;
    std::string user;
    std::string content;
    std::int64_t created = 0;
    std::size_t declared_length = 0;  // from files.getUploadURLExternal
    bool uploaded = false;            // bytes arrived
    bool completed = false;           // files.completeUploadExternal ran (or added directly)
    std::vector<std::string> channels;
};

struct Workspace {
    std::string id;
    std::string name;
    std::string domain;
    std::string bot_user_id;
    std::string bot_id;
    std::string app_id;
};

// A response_url handed out with a slash command or an interactive payload.
struct ResponseUrl {
    std::string team_id;
    std::string channel_id;  // where in_channel answers go
    std::string user_id;     // who sees ephemeral answers
    int uses = 0;
    std::vector<boost::json::value> posts;  // bodies received, in order
};

}  // namespace megatron::slack_sim
