#pragma once
// Slack verification in front of a route: a request that fails it gets 401 and nothing else.
#include "http/router.hpp"
#include "platforms/slack/routes/slack_routes.hpp"

namespace megatron::slack::routes {

http::Handler verified(SlackRouteContext& context, http::Handler handler);

// An empty 200: Slack takes it as "received" and shows nothing.
http::Response acknowledge();

}  // namespace megatron::slack::routes
