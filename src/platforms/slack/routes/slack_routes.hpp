#pragma once
// The Slack interpreter's HTTP routes (support workspace -> Megatron):
//   POST /megatron/slack/event/               Events API (url_verification, agent messages)
//   POST /megatron/slack/slash-command/       /megatron open|close|pause|unpause|clear-context|do
//   POST /megatron/slack/interactive-message/ buttons and menus (legacy and Block Kit)
// Every request is verified first (401 and nothing else otherwise). A route parses, stores
// the work as a job and answers at once (Slack wants an answer within 3 seconds); the job
// does the rest and reports through the response_url.
#include "http/router.hpp"
#include "jobs/queue.hpp"
#include "platforms/slack/interpreter/verification.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace megatron::slack::routes {

struct SlackRouteContext {
    storage::Store& store;
    jobs::JobQueue& queue;
    const Clock& clock;
    interpreter::VerificationConfig verification;
};

// `context` must outlive the router.
void add_slack_routes(http::Router& router, SlackRouteContext& context);

// Test mode only: POST /megatron/test/clock (or .../clock/) {"advance_seconds": N >= 0} moves
// `clock` forward so scheduled tasks can be driven, and answers {"now": s, "now_ms": ms}.
// Never mounted outside MEGATRON_APP_MODE=megatron-test.
void add_test_clock_route(http::Router& router, OffsetClock& clock);

}  // namespace megatron::slack::routes
