#pragma once
// Answers to a slash command or an interactive action through its response_url (usable up
// to 5 times within 30 minutes). No token is involved; the URL itself is the secret, so it
// is never logged.
#include "platforms/slack/connection/web_api_client.hpp"

#include <boost/json/value.hpp>

#include <string>

namespace megatron::slack {

struct ResponseMessage {
    std::string text;
    boost::json::value blocks;
    boost::json::value attachments;
    std::string response_type = "ephemeral";  // or "in_channel"
    bool replace_original = false;
    bool delete_original = false;
    std::string thread_ts;
};

Expected<void, SlackError> post_to_response_url(WebApiClient& client, const std::string& url,
                                                const ResponseMessage& message);

}  // namespace megatron::slack
