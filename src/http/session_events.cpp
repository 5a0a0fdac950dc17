// Server-Sent Events on a session: the connection is answered with an open-ended body
// (Connection: close delimits it) and the EventSource is polled on the session's timer, so a
// stream holds a connection slot but no thread. A stopping server ends it at the next poll.
#include "http/session.hpp"

#include <boost/asio/write.hpp>

namespace megatron::http {

namespace asio = boost::asio;

void Session::stream_events(std::shared_ptr<EventSource> source) {
    busy_ = true;
    stream_.expires_never();
    auto head = std::make_shared<std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
        "Connection: close\r\n\r\n");
    asio::async_write(
        stream_, asio::buffer(*head),
        [self = shared_from_this(), head, source](boost::system::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->stream_send(source);
        });
}

void Session::stream_wait(std::shared_ptr<EventSource> source) {
    if (stopping_) return close();
    stream_timer_.expires_after(source->interval());
    stream_timer_.async_wait([self = shared_from_this(), source](boost::system::error_code ec) {
        if (ec || self->stopping_) return self->close();
        self->stream_send(source);
    });
}

void Session::stream_send(std::shared_ptr<EventSource> source) {
    auto text = std::make_shared<std::string>(source->poll());
    if (text->empty()) return stream_wait(source);
    asio::async_write(
        stream_, asio::buffer(*text),
        [self = shared_from_this(), text, source](boost::system::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->stream_wait(source);
        });
}

}  // namespace megatron::http
