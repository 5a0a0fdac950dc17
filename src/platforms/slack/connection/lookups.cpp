// users.info and files.info.
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/parsing.hpp"
#include "util/json_fields.hpp"

namespace megatron::slack {
using json_fields::object_or_empty;

Expected<UserProfile, SlackError> user_info(WebApiClient& client, const Credentials& credentials,
                                            const std::string& user_id) {
    auto answer = client.call(credentials, {"users.info", Replay::Safe, {{"user", user_id}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return detail::user_from_json(object_or_empty(*answer, "user"));
}

Expected<FileInfo, SlackError> file_info(WebApiClient& client, const Credentials& credentials,
                                         const std::string& file_id) {
    auto answer = client.call(credentials, {"files.info", Replay::Safe, {{"file", file_id}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return detail::file_from_json(object_or_empty(*answer, "file"));
}

}  // namespace megatron::slack
