// megatron-bench-ceiling: the fastest possible bridge built from Megatron's own libraries, to
// compare Megatron with. It accepts POST /megatron/incoming/, /megatron/outgoing/ and
// /megatron/slack/event/ and forwards the text to the simulator's chat.postMessage inside the
// request: no token or signature check,
// no storage, no queue, no profile, no exactly-once bookkeeping. The engagement channel is
// derived from the customer id the way megatron-bench-setup names them (UC<n> -> CZ<n>).
#include "http/client.hpp"
#include "http/server.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <csignal>
#include <iostream>
#include <mutex>
#include <vector>

namespace {

using namespace megatron;

// Blocking clients handed to server threads one at a time; each keeps its connection alive.
class ClientPool {
  public:
    http::Client take() {
        std::lock_guard lock(mutex_);
        if (free_.empty()) return http::Client();
        auto client = std::move(free_.back());
        free_.pop_back();
        return client;
    }
    void give_back(http::Client client) {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(client));
    }

  private:
    std::mutex mutex_;
    std::vector<http::Client> free_;
};

std::string string_at(const boost::json::value& v, std::initializer_list<const char*> path) {
    const boost::json::value* at = &v;
    for (const char* key : path) {
        if (!at->is_object()) return {};
        at = at->as_object().if_contains(key);
        if (!at) return {};
    }
    return at->is_string() ? std::string(at->as_string()) : std::string();
}

// chat.postMessage with a kept-alive connection from the pool; true when Slack answered 200.
bool post_to_slack(ClientPool& pool, const std::string& post_url, const char* token,
                   const boost::json::object& post) {
    http::ClientRequest request;
    request.method = "POST";
    request.url = post_url;
    request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                       {"Authorization", std::string("Bearer ") + token}};
    request.body = boost::json::serialize(post);
    auto client = pool.take();
    auto answer = client.send(request);
    pool.give_back(std::move(client));
    return answer && answer->status == 200;
}

http::Response forward(const http::Request& req, bool incoming, ClientPool& pool,
                       const std::string& post_url) {
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body(), ec);
    if (ec) return http::error_response(http::Status::bad_request, "invalid_json");
    auto user = incoming ? string_at(body, {"message", "user"}) : string_at(body, {"user"});
    if (user.size() < 3 || !user.starts_with("UC")) {
        return http::json_response(http::Status::ok, {{"ok", true}, {"track", false}});
    }
    boost::json::object post{{"channel", "CZ" + user.substr(2)},
                             {"text", string_at(body, {"message", "text"})}};
    if (!post_to_slack(pool, post_url, "xoxb-bench-support", post)) {
        return http::error_response(http::Status::bad_gateway, "slack_unavailable");
    }
    return http::json_response(http::Status::ok, {{"ok", true}, {"track", true}});
}

// Agent -> customer: the agent's message in engagement channel CZ<n> goes to customer UC<n>'s
// DM (chat.postMessage to a user id posts into the bot's DM with them). No signature check.
http::Response forward_event(const http::Request& req, ClientPool& pool,
                             const std::string& post_url) {
    boost::system::error_code ec;
    auto body = boost::json::parse(req.body(), ec);
    if (ec) return http::error_response(http::Status::bad_request, "invalid_json");
    auto channel = string_at(body, {"event", "channel"});
    if (channel.size() < 3 || !channel.starts_with("CZ")) {
        return http::json_response(http::Status::ok, {{"ok", true}});
    }
    boost::json::object post{{"channel", "UC" + channel.substr(2)},
                             {"text", string_at(body, {"event", "text"})}};
    if (!post_to_slack(pool, post_url, "xoxb-bench-customer", post)) {
        return http::error_response(http::Status::bad_gateway, "slack_unavailable");
    }
    return http::json_response(http::Status::ok, {{"ok", true}});
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"megatron-bench-ceiling: a bridge with no storage, queue or checks"};
    unsigned short port = 0;
    int threads = 64;
    std::string slack_api_url;
    app.add_option("--port", port);
    app.add_option("--threads", threads, "server threads (each forwards one request at a time)");
    app.add_option("--slack-api-url", slack_api_url, "e.g. http://127.0.0.1:1234/api/")->required();
    CLI11_PARSE(app, argc, argv);
    if (!slack_api_url.ends_with('/')) slack_api_url += '/';
    const std::string post_url = slack_api_url + "chat.postMessage";

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    ClientPool pool;
    http::Router router;
    for (bool incoming : {true, false}) {
        router.add(http::Verb::post, incoming ? "/megatron/incoming/" : "/megatron/outgoing/",
                   [&pool, &post_url, incoming](const http::Request& req, http::RequestContext&) {
                       return forward(req, incoming, pool, post_url);
                   });
    }
    router.add(http::Verb::post, "/megatron/slack/event/",
               [&pool, &post_url](const http::Request& req, http::RequestContext&) {
                   return forward_event(req, pool, post_url);
               });
    http::Server server({.address = "127.0.0.1", .port = port, .threads = threads}, router);
    server.start();
    std::cout << "ceiling listening on port " << server.port() << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
    return 0;
}
