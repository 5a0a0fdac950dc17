#pragma once
// verify() for an HTTP request as the server hands it over, and a wrapper that puts it in front
// of a Slack route: a request that fails gets 401 and the route never runs.
#include "http/router.hpp"
#include "platforms/slack/interpreter/verification.hpp"
#include "util/clock.hpp"

namespace megatron::slack::interpreter {

SignatureHeaders signature_headers(const http::Request& request);

inline Expected<void, VerificationError> verify(const http::Request& request,
                                                std::int64_t now_seconds,
                                                const VerificationConfig& config) {
    return verify(signature_headers(request), request.body(), now_seconds, config);
}

// `inner` runs only for verified requests; others get 401 {"ok":false,"error":"invalid_request"}
// (the reason is logged at warn level, never the secret or the body). `clock` must outlive the
// handler.
http::Handler verified(http::Handler inner, VerificationConfig config, const Clock& clock);

}  // namespace megatron::slack::interpreter
