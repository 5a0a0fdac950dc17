#pragma once
// verify() for an HTTP request as the server hands it over, for use in front of the Slack routes.
#include "http/message.hpp"
#include "platforms/slack/interpreter/verification.hpp"

namespace megatron::slack::interpreter {

SignatureHeaders signature_headers(const http::Request& request);

inline Expected<void, VerificationError> verify(const http::Request& request,
                                                std::int64_t now_seconds,
                                                const VerificationConfig& config) {
    return verify(signature_headers(request), request.body(), now_seconds, config);
}

}  // namespace megatron::slack::interpreter
