#pragma once
// One client connection: read a request, dispatch it, write the answer, repeat while the
// client keeps the connection alive (the shape of Beast's async HTTP server example).
#include "http/router.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <atomic>
#include <memory>
#include <optional>

namespace megatron::http {

// What all connections of a server share, so that slow or idle clients together cannot hold
// more than a bounded number of descriptors and body bytes (docs/hardening.md).
class SharedLimits {
  public:
    SharedLimits(std::size_t max_connections, std::size_t max_body_bytes)
        : max_connections_(max_connections), max_body_bytes_(max_body_bytes) {}
    // A connection slot; false when max_connections are open already.
    bool take_connection();
    void give_connection() { connections_.fetch_sub(1); }
    // Room for `bytes` of request body; false when the connections together hold too much.
    bool take_body(std::size_t bytes);
    void give_body(std::size_t bytes) { body_bytes_.fetch_sub(bytes); }

  private:
    std::size_t max_connections_;
    std::size_t max_body_bytes_;
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> body_bytes_{0};
};

struct SessionLimits {
    std::size_t body_limit;
    int idle_timeout_seconds;    // reading a body, writing an answer
    int header_timeout_seconds;  // from the end of the last answer to a complete header
};

class Session : public std::enable_shared_from_this<Session> {
  public:
    // The session owns one connection slot of `shared` (taken by the caller) and gives it
    // back when it ends.
    Session(boost::asio::ip::tcp::socket socket, const Router& router, SessionLimits limits,
            std::shared_ptr<SharedLimits> shared, const std::atomic<bool>& stopping);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    void run();
    // Hangs up if no request is being handled; called from the session's own strand.
    void close_if_idle();
    boost::asio::any_io_executor executor() { return stream_.get_executor(); }

  private:
    void read();
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    // Answers a read error; false when there was none.
    bool answer_read_error(boost::beast::error_code ec);
    void write(Response res, bool keep_alive);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void release_body();
    void close();
    // Server-Sent Events (session_events.cpp): the head, then the source's text as it comes.
    void stream_events(std::shared_ptr<EventSource> source);
    void stream_wait(std::shared_ptr<EventSource> source);
    void stream_send(std::shared_ptr<EventSource> source);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    const Router& router_;
    SessionLimits limits_;
    std::shared_ptr<SharedLimits> shared_;
    const std::atomic<bool>& stopping_;
    bool busy_ = false;
    std::size_t body_reserved_ = 0;  // bytes of shared_'s body budget this request holds
    std::string remote_;
    boost::asio::steady_timer stream_timer_;  // an event stream's next poll
};

}  // namespace megatron::http
