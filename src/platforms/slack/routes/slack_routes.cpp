#include "platforms/slack/routes/slack_routes.hpp"

#include "platforms/slack/routes/engagement_jobs.hpp"
#include "util/json_fields.hpp"

#include <boost/json.hpp>

namespace megatron::slack::routes {

void add_slack_routes(http::Router& router, SlackRouteContext& context) {
    add_event_route(router, context);
    add_slash_command_route(router, context);
    add_interactive_route(router, context);
}

namespace {

// One move is at most a year and the clock at most ten years ahead of the real one: far
// enough for any scheduled task, and far from overflowing the clock's arithmetic (an
// unbounded advance_seconds overflowed it into undefined behaviour).
constexpr std::int64_t kLongestAdvanceSeconds = 366 * 24 * 3600;
constexpr std::int64_t kLongestOffsetSeconds = 10 * kLongestAdvanceSeconds;

bool within_bounds(const OffsetClock& clock, std::int64_t by) {
    if (by < 0 || by > kLongestAdvanceSeconds) return false;
    auto real = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    return clock.now_seconds() - real + by <= kLongestOffsetSeconds;
}

}  // namespace

void add_test_clock_route(http::Router& router, OffsetClock& clock) {
    auto advance = [&clock](const http::Request& request, http::RequestContext&) {
        auto body = json_fields::parse_object(request.body()).value_or(boost::json::object());
        auto by = json_fields::field<std::int64_t>(body, "advance_seconds");
        // Time only moves forward: jobs and leases are timed on this clock too.
        if (!by || !within_bounds(clock, *by)) {
            return http::error_response(http::Status::bad_request, "advance_seconds");
        }
        clock.advance(std::chrono::seconds(*by));
        return http::json_response(
            http::Status::ok,
            boost::json::object{{"now", clock.now_seconds()}, {"now_ms", clock.now_millis()}});
    };
    router.add(http::Verb::post, "/megatron/test/clock", advance);
    router.add(http::Verb::post, "/megatron/test/clock/", advance);
}

}  // namespace megatron::slack::routes
