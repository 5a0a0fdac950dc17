#pragma once
// Socket Mode: Slack delivers events, slash commands and interactive payloads over WebSockets
// that Megatron opens (apps.connections.open with the app-level token), so Megatron needs no
// public URL. This client keeps `connections` WebSockets open (two by default) so that while
// one is being replaced the other still receives:
// - Slack asks a connection to go (a `disconnect` envelope: refresh_requested, warning,
//   link_disabled): a new one is opened first, then the old one is closed;
// - a connection that fails or drops is reopened with capped exponential backoff (Slack
//   allows apps.connections.open about once a minute, so the backoff must not hammer it);
// - each envelope goes to the handler (off the I/O thread: it waits on a database commit) and
//   is acknowledged only when the handler says its work is stored; an envelope already
//   acknowledged (delivered on both connections) is acknowledged again without running twice.
// See docs/socket-mode.md.
#include "platforms/slack/connection/call_observer.hpp"
#include "platforms/slack/interpreter/socket_mode.hpp"
#include "util/secret.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace megatron::slack::socket_mode {

struct SocketModeOptions {
    Secret app_token;     // SLACK_APP_TOKEN (xapp-...)
    std::string api_url;  // SLACK_API_URL
    int connections = 2;  // WebSockets kept open at once
    std::chrono::milliseconds backoff_base{1000};
    std::chrono::milliseconds backoff_max{60000};
    // Extra CA certificates (PEM) trusted for wss://, besides the system's (tests).
    std::string ca_file;
    // Told of the apps.connections.open calls (the metrics); may be null. Not owned.
    CallObserver* observer = nullptr;
};

// What to do with an envelope: nullopt leaves it unacknowledged (nothing was stored; Slack
// delivers it again); a value acknowledges it, with that value as the ack's payload unless
// it is null.
using EnvelopeHandler =
    std::function<std::optional<boost::json::value>(const interpreter::SocketEnvelope&)>;

class SocketModeClient {
  public:
    SocketModeClient(SocketModeOptions options, EnvelopeHandler handler);
    ~SocketModeClient();  // stop()
    SocketModeClient(const SocketModeClient&) = delete;
    SocketModeClient& operator=(const SocketModeClient&) = delete;

    // Starts connecting in the background; connection failures are logged and retried.
    void start();
    // Closes every connection (envelopes being stored finish first, at most a few seconds).
    void stop();
    // Connections that said hello and are open now (for status and tests).
    int open_connections() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace megatron::slack::socket_mode
