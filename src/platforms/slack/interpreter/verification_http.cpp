#include "platforms/slack/interpreter/verification_http.hpp"

#include <spdlog/spdlog.h>

namespace megatron::slack::interpreter {
namespace {

std::optional<std::string> header(const http::Request& request, std::string_view name) {
    auto it = request.find(name);
    if (it == request.end()) return std::nullopt;
    return std::string(it->value());
}

}  // namespace

SignatureHeaders signature_headers(const http::Request& request) {
    return {header(request, "X-Slack-Request-Timestamp"), header(request, "X-Slack-Signature")};
}

http::Handler verified(http::Handler inner, VerificationConfig config, const Clock& clock) {
    return [inner = std::move(inner), config = std::move(config), &clock](
               const http::Request& request, http::RequestContext& context) -> http::Response {
        auto result = verify(request, clock.now_seconds(), config);
        if (!result) {
            spdlog::warn("slack request refused on {}: {}",
                         std::string(http::path_of(request.target())), to_string(result.error()));
            // Deliberately vague to the caller: which check failed helps only an attacker.
            return http::error_response(http::Status::unauthorized, "invalid_request");
        }
        return inner(request, context);
    };
}

}  // namespace megatron::slack::interpreter
