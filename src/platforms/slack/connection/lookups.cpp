// users.info and files.info.
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/parsing.hpp"

namespace megatron::slack {
namespace {

const boost::json::object& object_at(const boost::json::object& o, std::string_view key) {
    static const boost::json::object empty;
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? v->as_object() : empty;
}

}  // namespace

Expected<UserProfile, SlackError> user_info(WebApiClient& client, const Credentials& credentials,
                                            const std::string& user_id) {
    auto answer = client.call(credentials, {"users.info", Replay::Safe, {{"user", user_id}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return detail::user_from_json(object_at(*answer, "user"));
}

Expected<FileInfo, SlackError> file_info(WebApiClient& client, const Credentials& credentials,
                                         const std::string& file_id) {
    auto answer = client.call(credentials, {"files.info", Replay::Safe, {{"file", file_id}}});
    if (!answer) return unexpected(std::move(answer.error()));
    return detail::file_from_json(object_at(*answer, "file"));
}

}  // namespace megatron::slack
