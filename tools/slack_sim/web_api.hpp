#pragma once
// The simulated Web API: /api/<method> with Slack's auth, argument validation, errors and
// response shapes, plus the HTTP endpoints around it (url_private downloads, external upload
// URLs, response_urls). Faults and the call record apply to every /api/ call.
#include "call_recorder.hpp"
#include "fault_injector.hpp"
#include "http/message.hpp"
#include "rate_limiter.hpp"
#include "shutdown_switch.hpp"
#include "store.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <string>

namespace megatron::slack_sim {

class WebApi {
  public:
    // base_url gives "http://127.0.0.1:<port>" once the server is listening; a tripped
    // `shutdown` ends slow-answer faults early (the call is then dropped).
    WebApi(Store& store, CallRecorder& recorder, FaultInjector& faults,
           ChannelRateLimiter& post_limit, const ShutdownSwitch& shutdown,
           std::function<std::string()> base_url);

    http::Response call(const http::Request& req, http::RequestContext& ctx,
                        const std::string& method);
    http::Response download(const http::Request& req, const std::string& team_file);
    http::Response upload(const http::Request& req, const std::string& key);
    http::Response response_url(const http::Request& req, const std::string& key);

    // Slack echoes a bot's own posts to its app as message events. Set before serving:
    // `wanted` says cheaply whether a workspace's app wants them, `echo` receives each one.
    struct BotMessageEcho {
        std::function<bool(const std::string& team_id)> wanted;
        std::function<void(const std::string& team_id, boost::json::object event)> echo;
    };
    void set_bot_message_echo(BotMessageEcho echo) { echo_ = std::move(echo); }

  private:
    void echo_bot_message(const std::string& team_id, const boost::json::object& answer);

    BotMessageEcho echo_;
    Store& store_;
    CallRecorder& recorder_;
    FaultInjector& faults_;
    ChannelRateLimiter& post_limit_;
    const ShutdownSwitch& shutdown_;
    std::function<std::string()> base_url_;
};

// The methods this simulator implements, and the retired ones it refuses.
bool is_known_method(const std::string& method);
bool is_retired_method(const std::string& method);

}  // namespace megatron::slack_sim
