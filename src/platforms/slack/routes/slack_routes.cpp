#include "platforms/slack/routes/slack_routes.hpp"

#include "platforms/slack/routes/routes_parts.hpp"

#include <boost/json.hpp>

namespace megatron::slack::routes {

void add_slack_routes(http::Router& router, SlackRouteContext& context) {
    add_event_route(router, context);
    add_slash_command_route(router, context);
    add_interactive_route(router, context);
}

void add_test_clock_route(http::Router& router, OffsetClock& clock) {
    router.add(http::Verb::post, "/megatron/test/clock/",
               [&clock](const http::Request& request, http::RequestContext&) {
                   boost::system::error_code ec;
                   auto body = boost::json::parse(request.body(), ec);
                   const auto* by = !ec && body.is_object()
                                        ? body.as_object().if_contains("advance_seconds")
                                        : nullptr;
                   if (by == nullptr || !by->is_int64()) {
                       return http::error_response(http::Status::bad_request, "advance_seconds");
                   }
                   clock.advance(std::chrono::seconds(by->as_int64()));
                   return http::json_response(http::Status::ok,
                                              boost::json::object{{"now", clock.now_seconds()}});
               });
}

}  // namespace megatron::slack::routes
