#pragma once
// One typed function per Slack Web API method Megatron uses. Each builds the arguments,
// marks whether the request may be repeated safely, and turns Slack's answer into a
// struct. Only the Conversations API; the retired im.*, channels.* and files.upload
// methods are never called.
#include "platforms/slack/connection/types.hpp"
#include "platforms/slack/connection/web_api_client.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace megatron::slack {

// conversations.open with one user: the bot's DM with them.
Expected<OpenedConversation, SlackError> open_conversation(WebApiClient& client,
                                                           const Credentials& credentials,
                                                           const std::string& user_id);
Expected<HistoryPage, SlackError> conversation_history(WebApiClient& client,
                                                       const Credentials& credentials,
                                                       const HistoryQuery& query);
// conversations.replies: the thread under `thread_ts` (its parent first, then the replies,
// oldest first; query.channel, limit, cursor and include_all_metadata apply).
Expected<HistoryPage, SlackError> conversation_replies(WebApiClient& client,
                                                       const Credentials& credentials,
                                                       const HistoryQuery& query,
                                                       const std::string& thread_ts);
// conversations.create; on name_taken follows request.on_name_taken.
Expected<ChannelInfo, SlackError> create_conversation(WebApiClient& client,
                                                      const Credentials& credentials,
                                                      const CreateChannel& request);
// conversations.list, page by page, until a channel named exactly `name` (public, or private
// with the bot as a member); nullopt when there is none.
Expected<std::optional<ChannelInfo>, SlackError> find_conversation_by_name(
    WebApiClient& client, const Credentials& credentials, const std::string& name);
Expected<void, SlackError> archive_conversation(WebApiClient& client,
                                                const Credentials& credentials,
                                                const std::string& channel);
Expected<void, SlackError> unarchive_conversation(WebApiClient& client,
                                                  const Credentials& credentials,
                                                  const std::string& channel);
Expected<JoinedChannel, SlackError> join_conversation(WebApiClient& client,
                                                      const Credentials& credentials,
                                                      const std::string& channel);

// chat.postMessage. Not repeated after an ambiguous failure (see SlackError::outcome_unknown);
// tag the post with metadata and check conversation_history before posting again.
Expected<PostedMessage, SlackError> post_message(WebApiClient& client,
                                                 const Credentials& credentials,
                                                 const PostMessage& message);
Expected<PostedMessage, SlackError> update_message(WebApiClient& client,
                                                   const Credentials& credentials,
                                                   const UpdateMessage& message);
// chat.postEphemeral; returns the message_ts.
Expected<std::string, SlackError> post_ephemeral(WebApiClient& client,
                                                 const Credentials& credentials,
                                                 const PostEphemeral& message);
Expected<void, SlackError> delete_message(WebApiClient& client, const Credentials& credentials,
                                          const std::string& channel, const std::string& ts);

// reactions.add / reactions.remove; a reaction already there (or already gone) is success.
Expected<void, SlackError> add_reaction(WebApiClient& client, const Credentials& credentials,
                                        const Reaction& reaction);
Expected<void, SlackError> remove_reaction(WebApiClient& client, const Credentials& credentials,
                                           const Reaction& reaction);

Expected<UserProfile, SlackError> user_info(WebApiClient& client, const Credentials& credentials,
                                            const std::string& user_id);
Expected<FileInfo, SlackError> file_info(WebApiClient& client, const Credentials& credentials,
                                         const std::string& file_id);

// apps.connections.open with the app-level token (xapp-..., scope connections:write): the
// one-time wss:// URL of a new Socket Mode connection.
Expected<std::string, SlackError> open_socket_mode_url(WebApiClient& client,
                                                       const Secret& app_token);

// A name Slack accepts for conversations.create: lower case; letters, digits, '-' and '_'
// only (others become '_'); at most 80 characters. Empty input gives "channel".
std::string normalize_channel_name(std::string_view wanted);

}  // namespace megatron::slack
