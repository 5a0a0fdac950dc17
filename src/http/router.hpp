#pragma once
// Maps (method, path) to a handler. Patterns are literal paths with {name} segments that
// capture one path segment each. Unknown paths answer 404, known paths with another
// method 405, both as JSON.
#include "http/message.hpp"

#include <functional>
#include <string>
#include <vector>

namespace megatron::http {

using Handler = std::function<Response(const Request&, RequestContext&)>;

class Router {
  public:
    void add(Verb method, std::string pattern, Handler handler);
    // Answers the request; never throws (a throwing handler becomes a 500).
    Response dispatch(const Request& req, RequestContext& ctx) const;

  private:
    struct Route {
        Verb method;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace megatron::http
