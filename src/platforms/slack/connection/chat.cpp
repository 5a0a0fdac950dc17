// chat.postMessage / update / postEphemeral / delete, sent as JSON bodies so blocks,
// attachments and metadata keep their structure.
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/parsing.hpp"
#include "util/json_fields.hpp"

namespace megatron::slack {
namespace {

void put_if(boost::json::object& o, std::string_view key, const std::string& value) {
    if (!value.empty()) o[key] = value;
}

void put_if(boost::json::object& o, std::string_view key, const boost::json::value& value) {
    if (!value.is_null()) o[key] = value;
}

}  // namespace

Expected<PostedMessage, SlackError> post_message(WebApiClient& client,
                                                 const Credentials& credentials,
                                                 const PostMessage& message) {
    boost::json::object body{{"channel", message.channel},
                             {"unfurl_links", message.unfurl_links},
                             {"unfurl_media", message.unfurl_media}};
    put_if(body, "text", message.text);
    put_if(body, "blocks", message.blocks);
    put_if(body, "attachments", message.attachments);
    put_if(body, "username", message.username);
    put_if(body, "icon_url", message.icon_url);
    put_if(body, "thread_ts", message.thread_ts);
    if (message.metadata) body["metadata"] = detail::metadata_to_json(*message.metadata);
    // A repeated post is a duplicate message: never resend after an ambiguous failure.
    auto answer =
        client.call(credentials, {"chat.postMessage", Replay::Unsafe, {}, std::move(body)});
    if (!answer) return unexpected(std::move(answer.error()));
    return PostedMessage{json_fields::string_or_empty(*answer, "channel"),
                         json_fields::string_or_empty(*answer, "ts"), detail::warnings_of(*answer)};
}

Expected<PostedMessage, SlackError> update_message(WebApiClient& client,
                                                   const Credentials& credentials,
                                                   const UpdateMessage& message) {
    boost::json::object body{{"channel", message.channel}, {"ts", message.ts}};
    put_if(body, "text", message.text);
    put_if(body, "blocks", message.blocks);
    put_if(body, "attachments", message.attachments);
    if (message.metadata) body["metadata"] = detail::metadata_to_json(*message.metadata);
    // Setting the same content twice leaves the same message: safe to repeat.
    auto answer = client.call(credentials, {"chat.update", Replay::Safe, {}, std::move(body)});
    if (!answer) return unexpected(std::move(answer.error()));
    return PostedMessage{json_fields::string_or_empty(*answer, "channel"),
                         json_fields::string_or_empty(*answer, "ts"), detail::warnings_of(*answer)};
}

Expected<std::string, SlackError> post_ephemeral(WebApiClient& client,
                                                 const Credentials& credentials,
                                                 const PostEphemeral& message) {
    boost::json::object body{{"channel", message.channel}, {"user", message.user}};
    put_if(body, "text", message.text);
    put_if(body, "blocks", message.blocks);
    put_if(body, "attachments", message.attachments);
    put_if(body, "thread_ts", message.thread_ts);
    put_if(body, "username", message.username);
    put_if(body, "icon_url", message.icon_url);
    auto answer =
        client.call(credentials, {"chat.postEphemeral", Replay::Unsafe, {}, std::move(body)});
    if (!answer) return unexpected(std::move(answer.error()));
    return json_fields::string_or_empty(*answer, "message_ts");
}

Expected<void, SlackError> delete_message(WebApiClient& client, const Credentials& credentials,
                                          const std::string& channel, const std::string& ts) {
    // A repeat after success answers message_not_found, which callers treat as done.
    auto answer = client.call(
        credentials,
        {"chat.delete", Replay::Safe, {}, boost::json::object{{"channel", channel}, {"ts", ts}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return {};
}

}  // namespace megatron::slack
