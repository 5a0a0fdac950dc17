#include "platforms/slack/interpreter/verification_http.hpp"

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

}  // namespace megatron::slack::interpreter
