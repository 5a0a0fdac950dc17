#include "platforms/slack/routes/verified.hpp"

#include "platforms/slack/interpreter/verification_http.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace megatron::slack::routes {

http::Handler verified(SlackRouteContext& context, http::Handler handler) {
    return [&context, handler = std::move(handler)](const http::Request& request,
                                                    http::RequestContext& ctx) {
        auto checked =
            interpreter::verify(request, context.clock.now_seconds(), context.verification);
        if (!checked) {
            spdlog::warn("refused a Slack request: {}", interpreter::to_string(checked.error()));
            return http::error_response(http::Status::unauthorized, "invalid_signature");
        }
        return handler(request, ctx);
    };
}

http::Response acknowledge() {
    return http::text_response(http::Status::ok, "", "text/plain");
}

}  // namespace megatron::slack::routes
