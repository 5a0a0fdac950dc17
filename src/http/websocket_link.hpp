#pragma once
// One WebSocket connection behind an interface, whatever carries it (plain TCP or TLS) and
// whichever side opened it: Socket Mode's client (platforms/slack/socket_mode) and the Slack
// simulator's Socket Mode server share it. Every operation runs on the io_context the
// stream lives on; at most one read and one write (close counts as a write) may be pending.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/system/error_code.hpp>

#include <string>
#include <utility>

namespace megatron::http {

class WebSocketLink {
  public:
    virtual ~WebSocketLink() = default;
    // The next text frame; an error code once the connection ended.
    virtual boost::asio::awaitable<std::pair<boost::system::error_code, std::string>> read() = 0;
    virtual boost::asio::awaitable<boost::system::error_code> write(std::string text) = 0;
    // The closing handshake (a pending read then ends with websocket::error::closed).
    virtual boost::asio::awaitable<void> close() = 0;
    // Ends the connection at once, without a close frame (pending operations fail).
    virtual void abort() = 0;
};

// The link over an open (handshaken) Beast websocket stream on `Next` (a tcp_stream, or an
// ssl_stream of one).
template <class Next>
class BeastWebSocketLink final : public WebSocketLink {
  public:
    explicit BeastWebSocketLink(boost::beast::websocket::stream<Next> ws) : ws_(std::move(ws)) {}

    boost::asio::awaitable<std::pair<boost::system::error_code, std::string>> read() override {
        buffer_.clear();
        auto [ec, n] = co_await ws_.async_read(buffer_, kUseTuple);
        if (ec) co_return std::pair{ec, std::string{}};
        co_return std::pair{ec, boost::beast::buffers_to_string(buffer_.data())};
    }

    boost::asio::awaitable<boost::system::error_code> write(std::string text) override {
        ws_.text(true);
        auto [ec, n] = co_await ws_.async_write(boost::asio::buffer(text), kUseTuple);
        co_return ec;
    }

    boost::asio::awaitable<void> close() override {
        co_await ws_.async_close(boost::beast::websocket::close_code::normal, kUseTuple);
    }

    void abort() override {
        auto& socket = boost::beast::get_lowest_layer(ws_).socket();
        boost::system::error_code ignored;
        socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

  private:
    static constexpr auto kUseTuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    boost::beast::websocket::stream<Next> ws_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace megatron::http
