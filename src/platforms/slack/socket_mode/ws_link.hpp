#pragma once
// Opens a WebSocket to Slack's Socket Mode endpoint, plain (ws://, the simulator in tests) or
// over TLS (wss://, Slack: certificate verified against the trusted CAs and the URL's host
// name).
#include "http/websocket_link.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>
#include <utility>

namespace megatron::slack::socket_mode {

struct DialResult {
    std::unique_ptr<http::WebSocketLink> link;  // null on failure
    std::string error;  // why, for the log (never the URL: it carries a ticket)
};

// Connects to a ws:// or wss:// URL. `tls` verifies wss:// peers.
boost::asio::awaitable<DialResult> dial(const std::string& url, boost::asio::ssl::context& tls);

}  // namespace megatron::slack::socket_mode
