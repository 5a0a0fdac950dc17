#include "platforms/slack/socket_mode/ws_link.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <optional>

namespace megatron::slack::socket_mode {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kConnectTimeout{10};

// Slack pings every few seconds; a connection silent for this long is dead (a cable pulled,
// a NAT forgot it) and is replaced rather than waited on.
websocket::stream_base::timeout client_timeouts() {
    websocket::stream_base::timeout t{};
    t.handshake_timeout = kConnectTimeout;
    t.idle_timeout = std::chrono::seconds(30);
    t.keep_alive_pings = true;  // a ping at half the idle time keeps a quiet link proven
    return t;
}

struct Target {
    bool tls = false;
    std::string host, port, path;
};

std::optional<Target> target_of(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return std::nullopt;
    Target t;
    auto scheme = parsed->scheme();
    if (scheme != "ws" && scheme != "wss") return std::nullopt;
    t.tls = scheme == "wss";
    t.host = parsed->host_address();
    t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
    t.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
    if (t.host.empty()) return std::nullopt;
    return t;
}

awaitable<std::string> connect_tcp(beast::tcp_stream& tcp, const Target& target) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    auto [rec, endpoints] = co_await resolver.async_resolve(target.host, target.port, use_tuple);
    if (rec) co_return "cannot resolve the host: " + rec.message();
    tcp.expires_after(kConnectTimeout);
    auto [cec, endpoint] = co_await tcp.async_connect(endpoints, use_tuple);
    if (cec) co_return "cannot connect: " + cec.message();
    co_return std::string{};
}

template <class Next>
awaitable<DialResult> upgrade(websocket::stream<Next> ws, const Target& target) {
    beast::get_lowest_layer(ws).expires_never();  // the websocket timeouts take over
    ws.set_option(client_timeouts());
    ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
        req.set(beast::http::field::user_agent, "megatron-socket-mode");
    }));
    auto host = target.host + ":" + target.port;
    auto [ec] = co_await ws.async_handshake(host, target.path, use_tuple);
    if (ec) co_return DialResult{nullptr, "WebSocket handshake failed: " + ec.message()};
    co_return DialResult{std::make_unique<http::BeastWebSocketLink<Next>>(std::move(ws)), {}};
}

}  // namespace

awaitable<DialResult> dial(const std::string& url, asio::ssl::context& tls) {
    auto target = target_of(url);
    if (!target) co_return DialResult{nullptr, "apps.connections.open gave no ws(s):// URL"};
    auto executor = co_await asio::this_coro::executor;
    if (!target->tls) {
        websocket::stream<beast::tcp_stream> ws(executor);
        auto error = co_await connect_tcp(beast::get_lowest_layer(ws), *target);
        if (!error.empty()) co_return DialResult{nullptr, error};
        co_return co_await upgrade(std::move(ws), *target);
    }
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(executor, tls);
    auto error = co_await connect_tcp(beast::get_lowest_layer(ws), *target);
    if (!error.empty()) co_return DialResult{nullptr, error};
    auto& ssl = ws.next_layer();
    // SNI (a name only: RFC 6066 allows no address literal), and the certificate must name
    // the host (or address) we dialled.
    boost::system::error_code not_an_address;
    asio::ip::make_address(target->host, not_an_address);
    if (not_an_address &&
        SSL_set_tlsext_host_name(ssl.native_handle(), target->host.c_str()) != 1) {
        co_return DialResult{nullptr, "cannot set the TLS server name"};
    }
    ssl.set_verify_mode(asio::ssl::verify_peer);
    ssl.set_verify_callback(asio::ssl::host_name_verification(target->host));
    beast::get_lowest_layer(ws).expires_after(kConnectTimeout);
    auto [ec] = co_await ssl.async_handshake(asio::ssl::stream_base::client, use_tuple);
    if (ec) co_return DialResult{nullptr, "TLS handshake failed: " + ec.message()};
    co_return co_await upgrade(std::move(ws), *target);
}

}  // namespace megatron::slack::socket_mode
