// apps.connections.open: the WebSocket URL of a new Socket Mode connection.
#include "platforms/slack/connection/methods.hpp"
#include "util/json_fields.hpp"

namespace megatron::slack {

Expected<std::string, SlackError> open_socket_mode_url(WebApiClient& client,
                                                       const Secret& app_token) {
    // Each answer is a fresh one-time URL; asking again is harmless, so the call is Safe.
    auto answer = client.call({app_token, ""}, {"apps.connections.open", Replay::Safe});
    if (!answer) return unexpected(std::move(answer.error()));
    auto url = json_fields::string_or_empty(*answer, "url");
    if (url.empty()) {
        SlackError error;
        error.code = SlackErrorCode::InvalidResponse;
        error.error = "no url in the answer";
        error.method = "apps.connections.open";
        return unexpected(std::move(error));
    }
    return url;
}

}  // namespace megatron::slack
