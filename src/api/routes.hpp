#pragma once
// Mounts the bot-app API (docs/bot-app-api.md) on a router. `context` must outlive it.
#include "api/endpoint.hpp"
#include "http/router.hpp"

namespace megatron::api {

void add_bot_app_routes(http::Router& router, ApiContext& context);

}  // namespace megatron::api
