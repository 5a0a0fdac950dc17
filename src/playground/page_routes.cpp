// The playground's page and API on the real server's router (mounted only while a Playground
// runs): the static files, a JSON snapshot, the same snapshot as Server-Sent Events whenever
// it changes, and the visitor's actions. Errors are {"ok": false, "error": ...} with a 400.
#include "playground/assets.hpp"
#include "playground/playground.hpp"

#include "util/json_fields.hpp"

#include <boost/json.hpp>

#include <chrono>

namespace megatron::playground {

namespace json = boost::json;
using json_fields::string_or_empty;

namespace {

// Sends the snapshot each time it differs from the last one sent; a comment line now and
// then keeps proxies from closing a quiet stream and tells the session the client is gone.
class SnapshotStream final : public http::EventSource {
  public:
    explicit SnapshotStream(Playground& playground) : playground_(playground) {}

    std::string poll() override {
        auto now = std::chrono::steady_clock::now();
        auto text = json::serialize(playground_.snapshot());
        if (text != last_) {
            last_ = std::move(text);
            sent_ = now;
            return "data: " + last_ + "\n\n";
        }
        if (now - sent_ > std::chrono::seconds(15)) {
            sent_ = now;
            return ": still here\n\n";
        }
        return {};
    }

  private:
    Playground& playground_;
    std::string last_;
    std::chrono::steady_clock::time_point sent_ = std::chrono::steady_clock::now();
};

std::string_view content_type(std::string_view name) {
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    return "text/html; charset=utf-8";
}

http::Response asset_response(std::string_view name) {
    auto asset = find_asset(name);
    if (!asset) return http::error_response(http::Status::not_found, "not_found");
    auto response =
        http::text_response(http::Status::ok, std::string(asset->body), content_type(name));
    response.set(boost::beast::http::field::cache_control, "no-cache");
    return response;
}

http::Response answer(const Expected<void, ActionError>& done) {
    if (!done) return http::error_response(http::Status::bad_request, done.error().error);
    return http::json_response(http::Status::ok, json::object{{"ok", true}});
}

// Runs `act` on the request's JSON object body; a body that is not one is a 400.
template <class Act>
http::Response with_body(const http::Request& request, Act act) {
    auto body = json_fields::parse_object(request.body());
    if (!body) return http::error_response(http::Status::bad_request, "invalid_json");
    return answer(act(*body));
}

}  // namespace

void Playground::mount(http::Router& router) {
    using http::Request;
    using http::RequestContext;
    using http::Verb;
    router.add(Verb::get, "/playground",
               [](const Request&, RequestContext&) { return asset_response("index.html"); });
    router.add(Verb::get, "/playground/{file}", [](const Request&, RequestContext& ctx) {
        return asset_response(ctx.params["file"]);
    });
    router.add(Verb::get, "/playground/api/state", [this](const Request&, RequestContext&) {
        return http::json_response(http::Status::ok, snapshot());
    });
    router.add(Verb::get, "/playground/api/events", [this](const Request&, RequestContext& ctx) {
        ctx.event_stream = std::make_shared<SnapshotStream>(*this);
        return http::Response{};
    });
    router.add(Verb::post, "/playground/api/customers/{id}/messages",
               [this](const Request& request, RequestContext& ctx) {
                   return with_body(request, [&](const json::object& body) {
                       return customer_says(ctx.params["id"], string_or_empty(body, "text"));
                   });
               });
    router.add(Verb::post, "/playground/api/channels/{id}/messages",
               [this](const Request& request, RequestContext& ctx) {
                   return with_body(request, [&](const json::object& body) {
                       return agent_says(string_or_empty(body, "agent"), ctx.params["id"],
                                         string_or_empty(body, "text"));
                   });
               });
    router.add(Verb::post, "/playground/api/channels/{id}/clicks",
               [this](const Request& request, RequestContext& ctx) {
                   return with_body(request, [&](const json::object& body) {
                       return agent_clicks(string_or_empty(body, "agent"), ctx.params["id"], body);
                   });
               });
    router.add(Verb::post, "/playground/api/faults",
               [this](const Request& request, RequestContext&) {
                   return with_body(request, [&](const json::object& body) {
                       return inject_fault(string_or_empty(body, "kind"));
                   });
               });
}

}  // namespace megatron::playground
