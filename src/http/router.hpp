#pragma once
// Maps (method, path) to a handler. Patterns are literal paths with {name} segments that
// capture one path segment each. Unknown paths answer 404, known paths with another
// method 405, both as JSON.
#include "http/message.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::http {

using Handler = std::function<Response(const Request&, RequestContext&)>;

// Carries a request's id in (from a proxy or client, when sane) and out (every answer).
inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
// Told of every answered request: the matched pattern ("unmatched" for a 404/405), the status
// and the time the handler took (metrics).
using RouteObserver =
    std::function<void(std::string_view pattern, int status, std::chrono::duration<double>)>;

class Router {
  public:
    void add(Verb method, std::string pattern, Handler handler);
    // Set before the server starts.
    void set_observer(RouteObserver observer) { observer_ = std::move(observer); }
    // Answers the request; never throws (a throwing handler becomes a 500).
    Response dispatch(const Request& req, RequestContext& ctx) const;

  private:
    struct Route {
        Verb method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    Response run_route(const Request& req, RequestContext& ctx, std::string_view& pattern) const;
    // run_route, told to the observer.
    Response observed_route(const Request& req, RequestContext& ctx) const;

    std::vector<Route> routes_;
    RouteObserver observer_;
};

}  // namespace megatron::http
