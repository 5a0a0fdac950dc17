#include "http/server.hpp"

#include "http/session.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <cerrno>

#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace megatron::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::size_t default_max_connections() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
    auto descriptors = static_cast<std::size_t>(limit.rlim_cur);
    auto reserve = std::min<std::size_t>(descriptors / 2, 256);
    return std::max<std::size_t>(8, descriptors - reserve);
}

namespace {

constexpr auto kFirstAcceptPause = std::chrono::milliseconds(50);
constexpr auto kLongestAcceptPause = std::chrono::seconds(1);

// Out of descriptors (or kernel memory): accepting again at once fails again at once.
bool out_of_resources(const boost::system::error_code& ec) {
    return ec == boost::system::errc::too_many_files_open ||
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == boost::system::errc::no_buffer_space ||
           ec == boost::system::errc::not_enough_memory;
}

}  // namespace

class Server::Impl {
  public:
    Impl(ServerOptions options, const Router& router)
        : options_(std::move(options)),
          router_(router),
          shared_(std::make_shared<SharedLimits>(
              options_.max_connections > 0 ? options_.max_connections : default_max_connections(),
              options_.max_body_bytes)),
          strand_(asio::make_strand(io_)),
          acceptor_(strand_),
          pause_(strand_) {}

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
        asio::post(strand_, [this] {
            boost::system::error_code ec;
            acceptor_.close(ec);
            pause_.cancel();
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
    // The accept loop runs on strand_, one accept outstanding at a time.
    void accept() {
        acceptor_.async_accept(asio::make_strand(io_),
                               [this](boost::system::error_code ec, tcp::socket socket) {
                                   if (ec) return on_accept_error(ec);
                                   if (stopping_) return;
                                   if (pause_length_.count() > 0) {
                                       spdlog::info("http: accepting connections again");
                                       pause_length_ = {};
                                   }
                                   start_session(std::move(socket));
                                   accept();
                               });
    }

    // EMFILE and the like: wait before the next accept (50 ms, doubling up to 1 s) so the
    // loop does not spin while descriptors are short; one log line per episode.
    void on_accept_error(const boost::system::error_code& ec) {
        if (ec == asio::error::operation_aborted || stopping_) return;
        if (!out_of_resources(ec)) return accept();
        if (pause_length_.count() == 0) {
            spdlog::warn("http: cannot accept connections ({}); pausing accept", ec.message());
            pause_length_ = kFirstAcceptPause;
        } else {
            pause_length_ =
                std::min<std::chrono::milliseconds>(pause_length_ * 2, kLongestAcceptPause);
        }
        pause_.expires_after(pause_length_);
        pause_.async_wait([this](boost::system::error_code waited) {
            if (!waited && !stopping_) accept();
        });
    }

    // Beyond the connection cap a connection is closed at once: it costs no descriptor for
    // longer than the accept.
    void start_session(tcp::socket socket) {
        if (!shared_->take_connection()) {
            boost::system::error_code ignored;
            socket.close(ignored);
            return;
        }
        boost::system::error_code ec;
        socket.set_option(tcp::no_delay(true), ec);
        auto session = std::make_shared<Session>(
            std::move(socket), router_,
            SessionLimits{options_.body_limit, options_.idle_timeout_seconds,
                          options_.header_timeout_seconds},
            shared_, stopping_);
        remember(session);
        session->run();
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
    std::shared_ptr<SharedLimits> shared_;
    asio::io_context io_;
    asio::strand<asio::io_context::executor_type> strand_;
    tcp::acceptor acceptor_;
    asio::steady_timer pause_;
    std::chrono::milliseconds pause_length_{0};  // 0: not paused
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
