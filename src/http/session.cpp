#include "http/session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace megatron::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

Session::Session(boost::asio::ip::tcp::socket socket, const Router& router, SessionLimits limits,
                 const std::atomic<bool>& stopping)
    : stream_(std::move(socket)), router_(router), limits_(limits), stopping_(stopping) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
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
    stream_.expires_after(std::chrono::seconds(limits_.idle_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset) {
        return close();
    }
    if (ec == bhttp::error::body_limit) {
        return write(error_response(Status::payload_too_large, "request_too_large"), false);
    }
    if (ec) {
        return write(error_response(Status::bad_request, "malformed_http_request"), false);
    }
    busy_ = true;
    Request req = parser_->release();
    RequestContext ctx;
    ctx.remote_address = remote_;
    Response res = router_.dispatch(req, ctx);
    if (ctx.drop_connection) return close();
    bool keep_alive = req.keep_alive() && !stopping_;
    res.version(req.version());
    write(std::move(res), keep_alive);
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
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
}

}  // namespace megatron::http
