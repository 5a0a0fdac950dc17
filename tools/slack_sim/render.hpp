#pragma once
// The model as Slack's JSON shapes (users.info user, conversations.* channel, history
// message, files.info file), following the success responses Slack documents for those
// methods (api.slack.com/methods/<method> and the OpenAPI spec in slackapi/slack-api-specs).
#include "model.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace megatron::slack_sim {

boost::json::object user_json(const User& user);
boost::json::object channel_json(const Channel& channel, const std::string& viewer_user_id);
boost::json::object message_json(const Message& message, const std::string& team_id,
                                 bool include_metadata);
// base_url: "http://127.0.0.1:port" of the simulator, for url_private and permalinks.
boost::json::object file_json(const File& file, const std::string& base_url,
                              const std::string& domain);

std::string file_url_private(const File& file, const std::string& base_url);
std::string file_url_private_download(const File& file, const std::string& base_url);

}  // namespace megatron::slack_sim
