#include "api/routes.hpp"

namespace megatron::api {

void add_bot_app_routes(http::Router& router, ApiContext& context) {
    // The original's paths, with and without the trailing slash.
    auto add = [&](const std::string& path, Endpoint endpoint) {
        auto handler = authenticated_json(context, std::move(endpoint));
        router.add(http::Verb::post, path + "/", handler);
        router.add(http::Verb::post, path, handler);
    };
    add("/megatron/incoming", incoming);
    add("/megatron/outgoing", outgoing);
    add("/megatron/edit", edit);
    add("/megatron/register-workspace", register_workspace);
    add("/megatron/broadcast", broadcast);
    add("/megatron/notify-user", notify_user);
    add("/megatron/message/{user_id}", message_user);
    add("/megatron/get-a-human", get_a_human);
}

}  // namespace megatron::api
