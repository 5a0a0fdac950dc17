#pragma once
// One client connection: read a request, dispatch it, write the answer, repeat while the
// client keeps the connection alive (the shape of Beast's async HTTP server example).
#include "http/router.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <atomic>
#include <memory>
#include <optional>

namespace megatron::http {

struct SessionLimits {
    std::size_t body_limit;
    int idle_timeout_seconds;
};

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(boost::asio::ip::tcp::socket socket, const Router& router, SessionLimits limits,
            const std::atomic<bool>& stopping);
    void run();
    // Hangs up if no request is being handled; called from the session's own strand.
    void close_if_idle();
    boost::asio::any_io_executor executor() { return stream_.get_executor(); }

  private:
    void read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void write(Response res, bool keep_alive);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    const Router& router_;
    SessionLimits limits_;
    const std::atomic<bool>& stopping_;
    bool busy_ = false;
    std::string remote_;
};

}  // namespace megatron::http
