#include "http/server.hpp"

#include "http/session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace megatron::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Server::Impl {
  public:
    Impl(ServerOptions options, const Router& router)
        : options_(std::move(options)), router_(router), acceptor_(io_) {}

    void start() {
        tcp::endpoint endpoint{asio::ip::make_address(options_.address), options_.port};
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(asio::socket_base::max_listen_connections);
        port_ = acceptor_.local_endpoint().port();
        accept();
        int n = options_.threads > 0 ? options_.threads : 1;
        threads_.reserve(n);
        for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
    }

    unsigned short port() const { return port_; }

    void stop() {
        if (threads_.empty() || stopping_.exchange(true)) return;
        asio::post(acceptor_.get_executor(), [this] {
            boost::system::error_code ec;
            acceptor_.close(ec);
        });
        // Idle keep-alive connections hang up now; busy ones after their answer is written.
        std::lock_guard lock(sessions_mutex_);
        for (auto& weak : sessions_) {
            if (auto session = weak.lock()) {
                asio::post(session->executor(), [session] { session->close_if_idle(); });
            }
        }
        sessions_.clear();
    }

    void join() {
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

  private:
    void accept() {
        acceptor_.async_accept(
            asio::make_strand(io_), [this](boost::system::error_code ec, tcp::socket socket) {
                if (ec) {
                    if (ec != asio::error::operation_aborted && !stopping_) accept();
                    return;
                }
                if (stopping_) return;
                socket.set_option(tcp::no_delay(true), ec);
                auto session = std::make_shared<Session>(
                    std::move(socket), router_,
                    SessionLimits{options_.body_limit, options_.idle_timeout_seconds}, stopping_);
                remember(session);
                session->run();
                accept();
            });
    }

    void remember(const std::shared_ptr<Session>& session) {
        std::lock_guard lock(sessions_mutex_);
        // Drop entries of sessions that have ended so the list stays as long as the live set.
        if (sessions_.size() > 64 && sessions_.size() > 2 * live_hint_) {
            std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
            live_hint_ = sessions_.size();
        }
        sessions_.push_back(session);
    }

    ServerOptions options_;
    const Router& router_;
    asio::io_context io_;
    tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::vector<std::thread> threads_;
    std::atomic<bool> stopping_{false};
    std::mutex sessions_mutex_;
    std::vector<std::weak_ptr<Session>> sessions_;
    std::size_t live_hint_ = 0;
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    impl_->start();
}

unsigned short Server::port() const {
    return impl_->port();
}

void Server::stop() {
    impl_->stop();
    impl_->join();
}

}  // namespace megatron::http
