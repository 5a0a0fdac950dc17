#include "app/metrics_route.hpp"

#include "util/crypto.hpp"

namespace megatron::app {
namespace {

bool authorized(const http::Request& req, const Secret& token) {
    if (token.empty()) return true;
    auto value = req[boost::beast::http::field::authorization];
    std::string_view header(value.data(), value.size());
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer)) return false;
    return crypto::constant_time_equal(header.substr(kBearer.size()), token.reveal());
}

}  // namespace

void add_metrics_route(http::Router& router, metrics::Metrics& metrics, Secret token) {
    router.add(
        http::Verb::get, "/metrics",
        [&metrics, token = std::move(token)](const http::Request& req, http::RequestContext&) {
            if (!authorized(req, token)) {
                return http::error_response(http::Status::unauthorized, "unauthorized");
            }
            return http::text_response(http::Status::ok, metrics.exposition(),
                                       "text/plain; version=0.0.4; charset=utf-8");
        });
}

}  // namespace megatron::app
