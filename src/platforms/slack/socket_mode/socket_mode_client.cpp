#include "platforms/slack/socket_mode/socket_mode_client.hpp"

#include "jobs/backoff.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/socket_mode/ws_link.hpp"
#include "util/json_fields.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <set>
#include <thread>
#include <type_traits>
#include <unordered_set>

namespace megatron::slack::socket_mode {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// Slack sends hello right after the handshake; a link without one is not serving.
constexpr std::chrono::seconds kHelloTimeout{10};
// A connection that ends sooner than this after its hello counts as a failure (backoff).
constexpr std::chrono::seconds kStableAfter{10};
// How long stop() lets envelopes in flight be stored and acknowledged.
constexpr std::chrono::seconds kStopGrace{5};

// Envelope ids acknowledged lately (bounded): a copy arriving on the other connection is
// acknowledged again without being handled twice.
class RecentEnvelopes {
  public:
    bool contains(const std::string& id) const { return ids_.contains(id); }
    void remember(const std::string& id) {
        if (!ids_.insert(id).second) return;
        order_.push_back(id);
        if (order_.size() > kCapacity) {
            ids_.erase(order_.front());
            order_.pop_front();
        }
    }

  private:
    static constexpr std::size_t kCapacity = 4096;
    std::unordered_set<std::string> ids_;
    std::deque<std::string> order_;
};

// The envelope_id of an envelope the parser refused, so it can still be acknowledged (Slack
// would otherwise send the same unreadable envelope again and again).
std::string envelope_id_of(const std::string& text) {
    auto value = json_fields::parse_object(text);
    return value ? json_fields::string_or_empty(*value, "envelope_id") : std::string{};
}

}  // namespace

class SocketModeClient::Impl {
  public:
    Impl(SocketModeOptions options, EnvelopeHandler handler)
        : options_(std::move(options)),
          handler_(std::move(handler)),
          pool_(static_cast<std::size_t>(std::max(1, options_.connections))),
          tls_(asio::ssl::context::tls_client) {
        boost::system::error_code ec;
        tls_.set_default_verify_paths(ec);
        if (ec) spdlog::warn("Socket Mode: no system CA certificates: {}", ec.message());
        if (!options_.ca_file.empty()) {
            tls_.load_verify_file(options_.ca_file, ec);
            if (ec) spdlog::error("Socket Mode: cannot read the CA file: {}", ec.message());
        }
    }

    void start() {
        for (int slot = 0; slot < options_.connections; ++slot) {
            slot_timers_.push_back(std::make_unique<asio::steady_timer>(io_));
            asio::co_spawn(io_, keep_slot(slot), asio::detached);
        }
        thread_ = std::thread([this] {
            io_.run();
            finished_.set_value();
        });
    }

    void stop() {
        if (!thread_.joinable()) return;
        asio::post(io_, [this] { begin_stop(); });
        if (finished_.get_future().wait_for(kStopGrace) == std::future_status::timeout) {
            spdlog::warn("Socket Mode: connections did not close in time; closing them hard");
            io_.stop();
        }
        thread_.join();
        pool_.join();
    }

    int open_connections() const { return open_.load(); }

  private:
    // One WebSocket. Touched only on the I/O thread.
    struct Session {
        Session(std::unique_ptr<http::WebSocketLink> l, const asio::any_io_executor& executor)
            : link(std::move(l)), changed(executor, Clock::time_point::max()) {}
        std::unique_ptr<http::WebSocketLink> link;
        asio::steady_timer changed;  // cancelled on every change below: wakes its slot
        Clock::time_point hello_at{};
        bool hello = false;
        bool asked_to_go = false;  // Slack sent `disconnect`
        bool ended = false;
        bool busy = false;  // an envelope is being stored; close after its ack
        bool close_wanted = false;
        bool closing = false;
        void notify() { changed.cancel(); }
    };
    using SessionPtr = std::shared_ptr<Session>;

    // Keeps one of the `connections` WebSockets open, for as long as the client runs.
    awaitable<void> keep_slot(int slot) {
        int failures = 0;
        SessionPtr current;
        while (!stopping_) {
            if (!current) {
                current = co_await open_session(slot);
                if (!current) {
                    co_await pause(slot, ++failures);
                    continue;
                }
            }
            if (!current->ended && !current->asked_to_go && !stopping_) {
                co_await wait_change(*current, Clock::time_point::max());
            }
            if (stopping_) break;
            if (current->ended) {
                bool brief = Clock::now() - current->hello_at < kStableAfter;
                current.reset();
                failures = brief ? failures + 1 : 0;
                if (brief) co_await pause(slot, failures);
                continue;
            }
            // Slack asked this connection to go: open its successor first, so no envelope
            // waits for a connection, then close it (it serves until then).
            auto next = co_await open_session(slot);
            if (!next) {
                co_await pause(slot, ++failures);
                continue;
            }
            failures = 0;
            begin_close(current);
            current = std::move(next);
        }
        if (current) begin_close(current);
    }

    // apps.connections.open, dial, and wait for hello. Null on failure (logged).
    awaitable<SessionPtr> open_session(int slot) {
        auto url = co_await on_pool([this]() -> std::optional<std::string> {
            WebApiClientOptions client_options;
            client_options.base_url = options_.api_url;
            client_options.observer = options_.observer;
            WebApiClient client(client_options);
            auto opened = open_socket_mode_url(client, options_.app_token);
            if (!opened) {
                spdlog::warn("Socket Mode: apps.connections.open failed: {}", opened.error().error);
                return std::nullopt;
            }
            return *opened;
        });
        if (!url || stopping_) co_return nullptr;
        auto dialed = co_await dial(*url, tls_);
        if (!dialed.link) {
            spdlog::warn("Socket Mode: connection {}: {}", slot, dialed.error);
            co_return nullptr;
        }
        auto session = std::make_shared<Session>(std::move(dialed.link), io_.get_executor());
        asio::co_spawn(io_, read_loop(session), asio::detached);
        auto deadline = Clock::now() + kHelloTimeout;
        while (!session->hello && !session->ended && !stopping_ && Clock::now() < deadline) {
            co_await wait_change(*session, deadline);
        }
        if (!session->hello || stopping_) {
            if (!session->ended) session->link->abort();
            if (!stopping_) spdlog::warn("Socket Mode: connection {} got no hello", slot);
            co_return nullptr;
        }
        spdlog::info("Socket Mode: connection {} open", slot);
        co_return session;
    }

    // Reads envelopes until the connection ends; each is stored, then acknowledged.
    awaitable<void> read_loop(SessionPtr s) {
        sessions_.insert(s);
        while (true) {
            auto [ec, text] = co_await s->link->read();
            if (ec) {
                if (!s->closing && !stopping_) {
                    spdlog::info("Socket Mode: a connection ended: {}", ec.message());
                }
                break;
            }
            auto ack = co_await on_text(*s, text);
            if (ack && co_await s->link->write(std::move(*ack))) break;
            if (s->close_wanted && !s->closing) {
                s->closing = true;
                co_await s->link->close();
            }
        }
        if (s->hello) --open_;
        s->ended = true;
        s->notify();
        sessions_.erase(s);
    }

    // What one frame asks: state changes (hello, disconnect) or an ack to send.
    awaitable<std::optional<std::string>> on_text(Session& s, const std::string& text) {
        auto envelope = interpreter::parse_socket_envelope(text);
        if (!envelope) {
            auto id = envelope_id_of(text);
            spdlog::warn("Socket Mode: unreadable envelope ({}); acknowledged and dropped",
                         envelope.error().message());
            co_return id.empty() ? std::nullopt
                                 : std::optional<std::string>(interpreter::socket_mode_ack(id));
        }
        if (envelope->type == interpreter::EnvelopeType::Hello) {
            s.hello = true;
            s.hello_at = Clock::now();
            ++open_;
            s.notify();
            co_return std::nullopt;
        }
        if (envelope->type == interpreter::EnvelopeType::Disconnect) {
            spdlog::info("Socket Mode: Slack asks to replace a connection ({})",
                         envelope->disconnect_reason);
            s.asked_to_go = true;
            s.notify();
            co_return std::nullopt;
        }
        const auto& id = envelope->envelope_id;
        if (acked_.contains(id)) co_return interpreter::socket_mode_ack(id);  // already stored
        s.busy = true;
        auto payload = co_await on_pool([this, &envelope] { return handler_(*envelope); });
        s.busy = false;
        if (!payload) co_return std::nullopt;  // not stored: Slack sends it again
        acked_.remember(id);
        co_return interpreter::socket_mode_ack(id, *payload);
    }

    // Runs blocking work (a Web API call, a database commit) on the pool, off the I/O thread.
    template <class F>
    awaitable<std::invoke_result_t<F&>> on_pool(F f) {
        using Result = std::invoke_result_t<F&>;
        co_return co_await asio::co_spawn(
            pool_, [&f]() -> awaitable<Result> { co_return f(); }, asio::use_awaitable);
    }

    awaitable<void> wait_change(Session& s, Clock::time_point deadline) {
        s.changed.expires_at(deadline);
        co_await s.changed.async_wait(use_tuple);
    }

    awaitable<void> pause(int slot, int failures) {
        if (stopping_) co_return;
        auto delay =
            jobs::backoff_delay({options_.backoff_base, options_.backoff_max}, failures, rng_);
        spdlog::info("Socket Mode: connection {} retries in {} ms", slot, delay.count());
        auto& timer = *slot_timers_[static_cast<std::size_t>(slot)];
        timer.expires_after(delay);
        co_await timer.async_wait(use_tuple);
    }

    void begin_close(const SessionPtr& s) {
        if (s->ended || s->closing) return;
        s->close_wanted = true;
        if (s->busy) return;  // read_loop closes it after the envelope's ack
        s->closing = true;
        asio::co_spawn(
            io_, [s]() -> awaitable<void> { co_await s->link->close(); }, asio::detached);
    }

    void begin_stop() {
        stopping_ = true;
        for (auto& timer : slot_timers_) timer->cancel();
        auto live = sessions_;
        for (const auto& s : live) {
            begin_close(s);
            s->notify();
        }
    }

    SocketModeOptions options_;
    EnvelopeHandler handler_;
    asio::io_context io_;
    asio::thread_pool pool_;
    asio::ssl::context tls_;
    // I/O-thread state.
    std::vector<std::unique_ptr<asio::steady_timer>> slot_timers_;
    std::set<SessionPtr> sessions_;
    RecentEnvelopes acked_;
    std::mt19937_64 rng_{std::random_device{}()};
    bool stopping_ = false;

    std::atomic<int> open_{0};
    std::promise<void> finished_;
    std::thread thread_;
};

SocketModeClient::SocketModeClient(SocketModeOptions options, EnvelopeHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

SocketModeClient::~SocketModeClient() {
    stop();
}

void SocketModeClient::start() {
    impl_->start();
}

void SocketModeClient::stop() {
    impl_->stop();
}

int SocketModeClient::open_connections() const {
    return impl_->open_connections();
}

}  // namespace megatron::slack::socket_mode
