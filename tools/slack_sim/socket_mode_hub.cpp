#include "socket_mode_hub.hpp"

#include "http/message.hpp"
#include "http/websocket_link.hpp"
#include "stoppable_sleep.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace megatron::slack_sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Socket Mode's envelope ids look like UUIDs.
std::string new_envelope_id() {
    auto hex = crypto::random_hex(16);
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace

class SocketModeHub::Impl {
  public:
    Impl(std::string address, SocketModeTls tls) : address_(std::move(address)) {
        if (!tls.cert_file.empty()) {
            tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
            tls_->use_certificate_chain_file(tls.cert_file);
            tls_->use_private_key_file(tls.key_file, asio::ssl::context::pem);
        }
    }

    void start() {
        std::lock_guard lock(mutex_);
        if (io_) return;
        io_ = std::make_unique<asio::io_context>();
        acceptor_ = std::make_unique<tcp::acceptor>(
            *io_, tcp::endpoint(asio::ip::make_address(address_), 0));
        port_ = acceptor_->local_endpoint().port();
        loop_ = io_.get();
        stopped_ = false;
        asio::co_spawn(*loop_, accept_loop(), asio::detached);
        thread_ = std::thread([io = io_.get()] { io->run(); });
    }

    void stop() {
        std::unique_ptr<asio::io_context> io;
        {
            std::lock_guard lock(mutex_);
            if (!io_) return;
            stopped_ = true;
            fail_all_waiters();
            io = std::move(io_);
        }
        io->stop();
        thread_.join();
        std::lock_guard lock(mutex_);
        conns_.clear();
        acceptor_.reset();
        // `io` goes last: it destroys the suspended coroutines, which hold links on it.
    }

    std::string new_connection_url(const std::string& team_id, const std::string& app_id) {
        auto ticket = crypto::random_hex(12);
        std::lock_guard lock(mutex_);
        tickets_[ticket] = team_id;
        return std::string(tls_ ? "wss" : "ws") + "://" + address_ + ":" + std::to_string(port_) +
               "/link/?ticket=" + ticket + "&app_id=" + app_id;
    }

    EnvelopeAttempt deliver(const std::string& team_id, EnvelopeToSend envelope,
                            std::chrono::milliseconds timeout, const std::stop_token& stop) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        auto id = new_envelope_id();
        auto text = boost::json::serialize(
            boost::json::object{{"envelope_id", id},
                                {"payload", std::move(envelope.payload)},
                                {"type", envelope.type},
                                {"accepts_response_payload", envelope.accepts_response_payload},
                                {"retry_attempt", envelope.retry_attempt},
                                {"retry_reason", envelope.retry_reason}});
        auto waiter = std::make_shared<Waiter>();
        auto answer = waiter->promise.get_future();
        // A team without a connection (the app is reconnecting) is waited for.
        while (!send_to_team(team_id, id, text, waiter, envelope.to_every_connection)) {
            if (std::chrono::steady_clock::now() >= deadline ||
                !sleep_unless_stopped(stop, std::chrono::milliseconds(10))) {
                return {.no_connection = true};
            }
        }
        while (answer.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
            if (std::chrono::steady_clock::now() < deadline && !stop.stop_requested()) continue;
            std::lock_guard lock(mutex_);
            waiters_.erase(id);
            if (!waiter->done) {
                waiter->done = true;
                return {.timed_out = true};
            }
        }
        return answer.get();
    }

    void request_refresh(const std::string& team_id, const std::string& reason,
                         std::chrono::milliseconds grace) {
        auto text = boost::json::serialize(
            boost::json::object{{"type", "disconnect"},
                                {"reason", reason},
                                {"debug_info", boost::json::object{{"host", "slack-sim"}}}});
        std::lock_guard lock(mutex_);
        if (!io_) return;
        for (auto& [id, conn] : conns_) {
            if (conn->team != team_id || conn->going) continue;
            conn->going = true;
            asio::post(*io_, [this, conn, text, grace] {
                write(conn, text);
                asio::co_spawn(*loop_, close_after(conn, grace), asio::detached);
            });
        }
    }

    void drop(const std::string& team_id, int count) {
        std::lock_guard lock(mutex_);
        if (!io_) return;
        for (auto& [id, conn] : conns_) {
            if (count <= 0) break;
            if (conn->team != team_id || !conn->open || conn->going) continue;
            conn->going = true;
            --count;
            asio::post(*io_, [conn] { conn->link->abort(); });
        }
    }

    int open_connections(const std::string& team_id) const {
        std::lock_guard lock(mutex_);
        int n = 0;
        for (const auto& [id, conn] : conns_)
            n += conn->team == team_id && conn->open && !conn->going;
        return n;
    }

    int connections_accepted(const std::string& team_id) const {
        std::lock_guard lock(mutex_);
        auto it = accepted_.find(team_id);
        return it == accepted_.end() ? 0 : it->second;
    }

    std::vector<boost::json::object> acks() const {
        std::lock_guard lock(mutex_);
        return acks_;
    }

    std::vector<std::string> history(const std::string& team_id) const {
        std::lock_guard lock(mutex_);
        auto it = history_.find(team_id);
        return it == history_.end() ? std::vector<std::string>{} : it->second;
    }

    void reset() {
        std::lock_guard lock(mutex_);
        acks_.clear();
        tickets_.clear();
        accepted_.clear();
        history_.clear();
        if (!io_) return;
        for (auto& [id, conn] : conns_) {
            conn->going = true;
            asio::post(*io_, [conn] { conn->link->abort(); });
        }
    }

  private:
    struct Conn {
        int id = 0;
        std::string team;
        std::unique_ptr<http::WebSocketLink> link;
        bool open = false;   // hello sent (guarded by mutex_)
        bool going = false;  // asked to go or being dropped (guarded by mutex_)
        // I/O thread only: frames wait here so that one write runs at a time; an empty
        // string stands for the closing handshake.
        std::deque<std::string> outbox;
        bool writing = false;
    };
    using ConnPtr = std::shared_ptr<Conn>;

    struct Waiter {
        std::promise<EnvelopeAttempt> promise;
        std::set<int> sent_on;  // connections it went out on and that are still open
        bool done = false;      // guarded by mutex_
    };

    // Picks the connection(s), registers the waiter and queues the frame. False when the
    // team has no open connection.
    bool send_to_team(const std::string& team_id, const std::string& id, const std::string& text,
                      const std::shared_ptr<Waiter>& waiter, bool to_all) {
        std::lock_guard lock(mutex_);
        if (!io_ || stopped_) return false;
        std::vector<ConnPtr> open;
        for (auto& [cid, conn] : conns_) {
            if (conn->team == team_id && conn->open && !conn->going) open.push_back(conn);
        }
        if (open.empty()) return false;
        if (!to_all) open = {open[turn_[team_id]++ % open.size()]};
        waiters_[id] = waiter;
        for (auto& conn : open) {
            waiter->sent_on.insert(conn->id);
            asio::post(*io_, [this, conn, text] { write(conn, text); });
        }
        return true;
    }

    void write(const ConnPtr& conn, std::string text) {
        conn->outbox.push_back(std::move(text));
        if (!conn->writing) asio::co_spawn(*loop_, drain(conn), asio::detached);
    }

    awaitable<void> drain(ConnPtr conn) {
        conn->writing = true;
        while (!conn->outbox.empty()) {
            auto text = std::move(conn->outbox.front());
            conn->outbox.pop_front();
            if (text.empty()) {
                co_await conn->link->close();
                break;
            }
            if (co_await conn->link->write(std::move(text))) break;
        }
        conn->writing = false;
    }

    awaitable<void> close_after(ConnPtr conn, std::chrono::milliseconds grace) {
        asio::steady_timer timer(*loop_, grace);
        co_await timer.async_wait(use_tuple);
        write(conn, "");  // the app did not close it: Slack does
    }

    awaitable<void> accept_loop() {
        while (true) {
            auto [ec, socket] = co_await acceptor_->async_accept(use_tuple);
            if (ec) co_return;
            asio::co_spawn(*loop_, serve(std::move(socket)), asio::detached);
        }
    }

    awaitable<void> serve(tcp::socket socket) {
        beast::tcp_stream tcp(std::move(socket));
        if (!tls_) {
            websocket::stream<beast::tcp_stream> ws(std::move(tcp));
            auto team = co_await upgrade(ws);
            if (team.empty()) co_return;
            co_await run_connection(
                team, std::make_unique<http::BeastWebSocketLink<beast::tcp_stream>>(std::move(ws)));
            co_return;
        }
        beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), *tls_);
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (ec) {
            spdlog::debug("slack-sim: Socket Mode TLS handshake failed: {}", ec.message());
            co_return;
        }
        using Tls = beast::ssl_stream<beast::tcp_stream>;
        websocket::stream<Tls> ws(std::move(stream));
        auto team = co_await upgrade(ws);
        if (team.empty()) co_return;
        co_await run_connection(team,
                                std::make_unique<http::BeastWebSocketLink<Tls>>(std::move(ws)));
    }

    // Reads the upgrade request and accepts it when its ticket is one we handed out; the
    // ticket's team, or empty when refused.
    template <class Next>
    awaitable<std::string> upgrade(websocket::stream<Next>& ws) {
        beast::flat_buffer buffer;
        beast::http::request<beast::http::string_body> request;
        beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
        auto [ec, n] =
            co_await beast::http::async_read(ws.next_layer(), buffer, request, use_tuple);
        if (ec || !websocket::is_upgrade(request)) co_return std::string{};
        auto target = request.target();
        auto query =
            strings::parse_form(http::query_of(std::string_view(target.data(), target.size())));
        std::string team;
        {
            std::lock_guard lock(mutex_);
            auto it = tickets_.find(query["ticket"]);
            if (it != tickets_.end()) {
                team = it->second;
                tickets_.erase(it);  // one connection per URL, as on Slack
            }
        }
        if (team.empty()) co_return std::string{};
        beast::get_lowest_layer(ws).expires_never();
        ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        auto [aec] = co_await ws.async_accept(request, use_tuple);
        if (aec) co_return std::string{};
        co_return team;
    }

    awaitable<void> run_connection(std::string team, std::unique_ptr<http::WebSocketLink> link) {
        auto conn = std::make_shared<Conn>();
        conn->team = team;
        conn->link = std::move(link);
        int count = 0;
        {
            std::lock_guard lock(mutex_);
            conn->id = next_conn_++;
            conns_[conn->id] = conn;
            ++accepted_[team];
            history_[team].push_back("open " + std::to_string(conn->id));
            for (const auto& [id, c] : conns_) count += c->team == team;
        }
        write(conn, boost::json::serialize(boost::json::object{
                        {"type", "hello"},
                        {"num_connections", count},
                        {"debug_info", boost::json::object{{"host", "slack-sim"}}},
                        {"connection_info", boost::json::object{{"app_id", "A0MEGATRON"}}}}));
        {
            std::lock_guard lock(mutex_);
            conn->open = true;  // envelopes queue behind the hello
        }
        while (true) {
            auto [ec, text] = co_await conn->link->read();
            if (ec) break;
            on_ack(text);
        }
        on_closed(*conn);
    }

    void on_ack(const std::string& text) {
        boost::system::error_code ec;
        auto value = boost::json::parse(text, ec);
        if (ec || !value.is_object()) return;
        const auto* id = value.as_object().if_contains("envelope_id");
        if (id == nullptr || !id->is_string()) return;
        std::lock_guard lock(mutex_);
        acks_.push_back(value.as_object());
        auto it = waiters_.find(std::string(id->as_string()));
        if (it == waiters_.end()) return;
        auto waiter = it->second;
        waiters_.erase(it);
        if (waiter->done) return;
        waiter->done = true;
        const auto* payload = value.as_object().if_contains("payload");
        waiter->promise.set_value(
            {.acked = true,
             .ack_payload = payload != nullptr ? *payload : boost::json::value(nullptr)});
    }

    void on_closed(const Conn& conn) {
        std::lock_guard lock(mutex_);
        conns_.erase(conn.id);
        history_[conn.team].push_back("close " + std::to_string(conn.id));
        for (auto it = waiters_.begin(); it != waiters_.end();) {
            auto& waiter = *it->second;
            waiter.sent_on.erase(conn.id);
            if (!waiter.sent_on.empty() || waiter.done) {
                ++it;
                continue;
            }
            waiter.done = true;
            waiter.promise.set_value({.connection_lost = true});
            it = waiters_.erase(it);
        }
    }

    void fail_all_waiters() {
        for (auto& [id, waiter] : waiters_) {
            if (waiter->done) continue;
            waiter->done = true;
            waiter->promise.set_value({.connection_lost = true});
        }
        waiters_.clear();
    }

    std::string address_;
    std::unique_ptr<asio::ssl::context> tls_;
    mutable std::mutex mutex_;
    std::unique_ptr<asio::io_context> io_;  // null while stopped
    // The running io_context, for code on its own thread (valid from start() to stop()).
    asio::io_context* loop_ = nullptr;
    std::unique_ptr<tcp::acceptor> acceptor_;
    std::thread thread_;
    unsigned short port_ = 0;
    bool stopped_ = false;
    int next_conn_ = 1;
    std::map<int, ConnPtr> conns_;
    std::map<std::string, std::string> tickets_;  // ticket -> team
    std::map<std::string, std::shared_ptr<Waiter>> waiters_;
    std::map<std::string, std::size_t> turn_;
    std::map<std::string, int> accepted_;
    std::vector<boost::json::object> acks_;
    std::map<std::string, std::vector<std::string>> history_;
};

SocketModeHub::SocketModeHub(std::string address, SocketModeTls tls)
    : impl_(std::make_unique<Impl>(std::move(address), std::move(tls))) {}
SocketModeHub::~SocketModeHub() {
    stop();
}
void SocketModeHub::start() {
    impl_->start();
}
void SocketModeHub::stop() {
    impl_->stop();
}
std::string SocketModeHub::new_connection_url(const std::string& team_id,
                                              const std::string& app_id) {
    return impl_->new_connection_url(team_id, app_id);
}
EnvelopeAttempt SocketModeHub::deliver(const std::string& team_id, EnvelopeToSend envelope,
                                       std::chrono::milliseconds timeout,
                                       const std::stop_token& stop) {
    return impl_->deliver(team_id, std::move(envelope), timeout, stop);
}
void SocketModeHub::request_refresh(const std::string& team_id, const std::string& reason,
                                    std::chrono::milliseconds grace) {
    impl_->request_refresh(team_id, reason, grace);
}
void SocketModeHub::drop(const std::string& team_id, int count) {
    impl_->drop(team_id, count);
}
int SocketModeHub::open_connections(const std::string& team_id) const {
    return impl_->open_connections(team_id);
}
int SocketModeHub::connections_accepted(const std::string& team_id) const {
    return impl_->connections_accepted(team_id);
}
std::vector<std::string> SocketModeHub::history(const std::string& team_id) const {
    return impl_->history(team_id);
}
std::vector<boost::json::object> SocketModeHub::acks() const {
    return impl_->acks();
}
void SocketModeHub::reset() {
    impl_->reset();
}

}  // namespace megatron::slack_sim
