#pragma once
// Internal: Slack JSON <-> the structs in types.hpp.
#include "platforms/slack/connection/types.hpp"

#include <boost/json/object.hpp>

namespace megatron::slack::detail {

ChannelInfo channel_from_json(const boost::json::object& channel);
HistoryMessage message_from_json(const boost::json::object& message);
std::optional<MessageMetadata> metadata_from_json(const boost::json::value* metadata);
boost::json::object metadata_to_json(const MessageMetadata& metadata);
UserProfile user_from_json(const boost::json::object& user);
FileInfo file_from_json(const boost::json::object& file);
std::vector<std::string> warnings_of(const boost::json::object& answer);

}  // namespace megatron::slack::detail
