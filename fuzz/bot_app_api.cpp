// Fuzz target: JSON bodies of every bot-app endpoint, authenticated, through the application's
// router (the route, authentication, body parsing, the endpoint's validation and the enqueue).
// The first line names the endpoint (the path after /megatron/), the rest is the body.
#include "app_world.hpp"
#include "fuzz_input.hpp"

#include <array>
#include <string>

namespace {

// Every endpoint of docs/bot-app-api.md; an unknown first line picks one by its length.
constexpr std::array<const char*, 8> kEndpoints = {
    "incoming/",    "outgoing/",         "edit/",       "register-workspace/", "broadcast/",
    "notify-user/", "message/UC000001/", "get-a-human/"};

std::string endpoint_path(std::string_view first_line) {
    for (const char* endpoint : kEndpoints) {
        if (first_line == endpoint) return std::string("/megatron/") + endpoint;
    }
    return std::string("/megatron/") + kEndpoints[first_line.size() % kEndpoints.size()];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& world = megatron::fuzz::AppWorld::instance();
    auto fields = megatron::fuzz::split_fields(data, size, 2);
    megatron::http::Request request{megatron::http::Verb::post, endpoint_path(fields[0]), 11};
    request.set(boost::beast::http::field::content_type, "application/json");
    request.set(boost::beast::http::field::authorization, "MegatronToken " + world.api_token());
    request.body() = std::string(fields[1]);
    request.prepare_payload();
    megatron::fuzz::dispatch_and_check(world, request);
    return 0;
}
