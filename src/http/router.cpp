#include "http/router.hpp"

#include "util/request_context.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace megatron::http {
namespace {

// "/a/b/" -> {"a", "b", ""}: the trailing slash is kept as an empty last segment so that
// "/megatron/incoming" and "/megatron/incoming/" stay distinct, as in the original.
std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::size_t start = 0;
    while (true) {
        auto slash = path.find('/', start);
        out.emplace_back(path.substr(start, slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>& params) {
    if (pattern.size() != path.size()) return false;
    std::map<std::string, std::string> captured;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const auto& seg = pattern[i];
        if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
            if (path[i].empty()) return false;
            captured[seg.substr(1, seg.size() - 2)] = path[i];
        } else if (seg != path[i]) {
            return false;
        }
    }
    params = std::move(captured);
    return true;
}

}  // namespace

void Router::add(Verb method, std::string pattern, Handler handler) {
    auto segments = split_path(pattern);
    routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
}

Response Router::dispatch(const Request& req, RequestContext& ctx) const {
    // The request's id: the caller's X-Request-Id when it is a sane one (a proxy's), else a
    // new one. Every log line written while handling it, and the jobs it enqueues, carry it;
    // the answer names it so a client can quote it.
    auto incoming = req[kRequestIdHeader];
    request_context::Scope scope(
        request_context::adopt_or_new(std::string_view(incoming.data(), incoming.size())));
    auto response = observed_route(req, ctx);
    response.set(kRequestIdHeader, request_context::current());
    return response;
}

Response Router::observed_route(const Request& req, RequestContext& ctx) const {
    if (!observer_) {
        std::string_view pattern;
        return run_route(req, ctx, pattern);
    }
    auto started = std::chrono::steady_clock::now();
    std::string_view pattern = "unmatched";
    auto response = run_route(req, ctx, pattern);
    observer_(pattern, response.result_int(), std::chrono::steady_clock::now() - started);
    return response;
}

Response Router::run_route(const Request& req, RequestContext& ctx,
                           std::string_view& pattern) const {
    auto path = split_path(path_of(req.target()));
    bool path_known = false;
    for (const auto& route : routes_) {
        std::map<std::string, std::string> params;
        if (!matches(route.segments, path, params)) continue;
        path_known = true;
        if (route.method != req.method()) continue;
        ctx.params = std::move(params);
        pattern = route.pattern;
        try {
            return route.handler(req, ctx);
        } catch (const std::exception& e) {
            spdlog::error("handler for {} failed: {}", std::string(path_of(req.target())),
                          e.what());
            return error_response(Status::internal_server_error, "internal_error");
        }
    }
    if (path_known) return error_response(Status::method_not_allowed, "method_not_allowed");
    return error_response(Status::not_found, "not_found");
}

}  // namespace megatron::http
