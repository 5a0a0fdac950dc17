#include "http/session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace megatron::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

bool SharedLimits::take_connection() {
    if (connections_.fetch_add(1) < max_connections_) return true;
    connections_.fetch_sub(1);
    return false;
}

bool SharedLimits::take_body(std::size_t bytes) {
    if (body_bytes_.fetch_add(bytes) + bytes <= max_body_bytes_) return true;
    body_bytes_.fetch_sub(bytes);
    return false;
}

Session::Session(boost::asio::ip::tcp::socket socket, const Router& router, SessionLimits limits,
                 std::shared_ptr<SharedLimits> shared, const std::atomic<bool>& stopping)
    : stream_(std::move(socket)),
      router_(router),
      limits_(limits),
      shared_(std::move(shared)),
      stopping_(stopping),
      stream_timer_(stream_.get_executor()) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
}

Session::~Session() {
    release_body();
    shared_->give_connection();
}

void Session::run() {
    boost::asio::dispatch(stream_.get_executor(),
                          beast::bind_front_handler(&Session::read, shared_from_this()));
}

void Session::read() {
    if (stopping_) return close();
    parser_.emplace();
    parser_->body_limit(limits_.body_limit);
    parser_->header_limit(16 * 1024);
    // The header has a short deadline of its own: a client that trickles it (or sits idle on
    // a kept-alive connection) gives its slot back after seconds, not after the body's 30 s.
    stream_.expires_after(std::chrono::seconds(limits_.header_timeout_seconds));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, std::size_t /*bytes*/) {
    if (answer_read_error(ec)) return;
    // The body's bytes are reserved before they are read: together the connections hold at
    // most the shared budget, whatever each one declares. A chunked body may reach the limit.
    std::size_t declared = 0;
    if (parser_->chunked()) {
        declared = limits_.body_limit;
    } else if (auto length = parser_->content_length()) {
        declared = static_cast<std::size_t>(std::min<std::uint64_t>(*length, limits_.body_limit));
    }
    if (declared > 0 && !shared_->take_body(declared)) {
        return write(error_response(Status::service_unavailable, "server_busy"), false);
    }
    body_reserved_ = declared;
    stream_.expires_after(std::chrono::seconds(limits_.idle_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

bool Session::answer_read_error(beast::error_code ec) {
    if (!ec) return false;
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset) {
        close();
    } else if (ec == bhttp::error::body_limit) {
        write(error_response(Status::payload_too_large, "request_too_large"), false);
    } else {
        write(error_response(Status::bad_request, "malformed_http_request"), false);
    }
    return true;
}

void Session::on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (answer_read_error(ec)) return;
    busy_ = true;
    Request req = parser_->release();
    RequestContext ctx;
    ctx.remote_address = remote_;
    Response res = router_.dispatch(req, ctx);
    bool keep_alive = req.keep_alive() && !stopping_;
    res.version(req.version());
    req = {};  // the body's bytes go back to the shared budget now, not at the next request
    release_body();
    if (ctx.drop_connection) return close();
    if (ctx.event_stream) return stream_events(std::move(ctx.event_stream));
    write(std::move(res), keep_alive);
}

void Session::release_body() {
    if (body_reserved_ == 0) return;
    shared_->give_body(body_reserved_);
    body_reserved_ = 0;
}

void Session::write(Response res, bool keep_alive) {
    busy_ = true;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    auto shared = std::make_shared<Response>(std::move(res));
    stream_.expires_after(std::chrono::seconds(limits_.idle_timeout_seconds));
    bhttp::async_write(
        stream_, *shared,
        [self = shared_from_this(), shared, keep_alive](beast::error_code ec, std::size_t bytes) {
            self->on_write(keep_alive, ec, bytes);
        });
}

void Session::on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
    busy_ = false;
    if (ec || !keep_alive) return close();
    read();
}

void Session::close_if_idle() {
    if (!busy_) close();
}

void Session::close() {
    release_body();
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
}

}  // namespace megatron::http
