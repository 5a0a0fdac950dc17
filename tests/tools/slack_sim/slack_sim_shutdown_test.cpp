// Stopping or destroying the simulator never waits out Slack's redelivery schedule (minutes)
// or a slow-answer fault: the waits end at once and the deliveries are reported abandoned.
// The < 10 s bounds are hang checks (the waits cut short here are 1 and 10 minutes long), not
// performance assertions.
#include "http/client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "slack_sim/simulator.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

namespace megatron::slack_sim {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "shutdown-test-signing-secret";
constexpr auto kHangBound = 10s;

// An events endpoint that answers `status` and lets a test wait for its n-th request.
class EventsEndpoint {
  public:
    EventsEndpoint() {
        router_.add(http::Verb::post, "/events",
                    [this](const http::Request&, http::RequestContext&) {
                        {
                            std::lock_guard lock(mutex_);
                            ++requests_;
                        }
                        seen_.notify_all();
                        return http::text_response(static_cast<http::Status>(status.load()), "",
                                                   "text/plain");
                    });
        server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0, 2}, router_);
        server_->start();
        url_ = "http://127.0.0.1:" + std::to_string(server_->port()) + "/events";
    }

    const std::string& url() const { return url_; }
    // True once `n` requests came (false after a generous deadline, so a bug fails the test).
    bool wait_for_requests(int n) {
        std::unique_lock lock(mutex_);
        return seen_.wait_for(lock, 30s, [&] { return requests_ >= n; });
    }
    int requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    // Stops listening: from now on its port refuses connections, like a stopped Megatron.
    void go_away() { server_.reset(); }

    std::atomic<int> status{500};

  private:
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::string url_;
    std::mutex mutex_;
    std::condition_variable seen_;
    int requests_ = 0;
};

template <typename F>
std::chrono::steady_clock::duration time_of(F&& f) {
    auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::steady_clock::now() - start;
}

class SimulatorShutdownTest : public ::testing::Test {
  protected:
    void SetUp() override {
        sim_ = std::make_unique<Simulator>();
        sim_->start();
        team_ = sim_->add_workspace({.id = "T0SUPPORT", .bot_token = "xoxb-support"});
        person_ = sim_->add_user(team_, {.name = "ann"});
        channel_ = sim_->add_channel(team_, {.name = "support", .members = {person_}});
        // Slack's own redelivery schedule (0 s, 1 min, 5 min): the default.
        sim_->connect_app(team_, {.events_url = app_.url(), .signing_secret = kSecret});
    }

    // The bot posts; the simulator echoes the post to the app in the background.
    void bot_posts(const std::string& text) {
        http::Client client;
        http::ClientRequest req;
        req.method = "POST";
        req.url = sim_->api_url() + "chat.postMessage";
        req.headers = {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer xoxb-support"}};
        req.body =
            boost::json::serialize(boost::json::object{{"channel", channel_}, {"text", text}});
        auto res = client.send(req);
        ASSERT_TRUE(res);
        ASSERT_EQ(boost::json::parse(res->body).at("ok"), true) << res->body;
    }

    // The first delivery and Slack's immediate retry failed; the next retry is a minute away
    // and the app has gone (its port refuses connections).
    void wait_until_a_redelivery_is_minutes_away() {
        ASSERT_TRUE(app_.wait_for_requests(2));
        app_.go_away();
    }

    EventsEndpoint app_;
    std::unique_ptr<Simulator> sim_;
    std::string team_, person_, channel_;
};

TEST_F(SimulatorShutdownTest, StoppingGivesUpAnEchoWaitingForSlacksNextRedelivery) {
    bot_posts("echo me");
    wait_until_a_redelivery_is_minutes_away();

    auto took = time_of([&] {
        sim_->stop();
        sim_->wait_for_echoes();
    });
    EXPECT_LT(took, kHangBound);

    auto echoes = sim_->echo_deliveries();
    ASSERT_EQ(echoes.size(), 1u);
    EXPECT_TRUE(echoes[0].abandoned);
    EXPECT_FALSE(echoes[0].delivered());
    ASSERT_EQ(echoes[0].attempts.size(), 2u);  // no retry was sent after the stop
    EXPECT_EQ(echoes[0].attempts[0].status, 500);
    EXPECT_EQ(echoes[0].attempts[1].retry_num, 1);
    EXPECT_LT(time_of([&] { sim_.reset(); }), kHangBound);
}

TEST_F(SimulatorShutdownTest, DestroyingARunningSimulatorGivesUpAtOnce) {
    bot_posts("echo me");
    wait_until_a_redelivery_is_minutes_away();
    bot_posts("and me");  // queued behind the waiting one: dropped, never sent

    EXPECT_LT(time_of([&] { sim_.reset(); }), kHangBound);
}

TEST_F(SimulatorShutdownTest, StoppingEndsADeliveryAPersonsMessageIsWaitingOn) {
    auto said = std::async(std::launch::async,
                           [&] { return sim_->user_says(channel_, person_, "anyone there?"); });
    wait_until_a_redelivery_is_minutes_away();

    Delivery delivery;
    EXPECT_LT(time_of([&] {
                  sim_->stop();
                  delivery = said.get();
              }),
              kHangBound);
    EXPECT_TRUE(delivery.abandoned);
    EXPECT_EQ(delivery.attempts.size(), 2u);
}

TEST_F(SimulatorShutdownTest, ARestartedSimulatorDeliversAgain) {
    sim_->stop();
    sim_->start();
    app_.status = 200;
    auto delivery = sim_->user_says(channel_, person_, "back again");
    EXPECT_TRUE(delivery.delivered());
    EXPECT_FALSE(delivery.abandoned);
}

TEST_F(SimulatorShutdownTest, StoppingEndsTheControlApisSendWhileItWaitsToRetry) {
    auto answer = std::async(std::launch::async, [&] {
        http::Client client;
        http::ClientRequest req;
        req.method = "POST";
        req.url = sim_->base_url() + "/_sim/send";
        req.total_timeout = 15min;  // longer than the redelivery schedule: only a stop ends it
        req.headers = {{"Content-Type", "application/json"}};
        req.body = boost::json::serialize(boost::json::object{
            {"kind", "event"},
            {"url", app_.url()},
            {"signing_secret", kSecret},
            {"body", boost::json::object{{"type", "event_callback"}, {"event_id", "Ev0SEND"}}}});
        return client.send(req);
    });
    wait_until_a_redelivery_is_minutes_away();

    EXPECT_LT(time_of([&] { sim_->stop(); }), kHangBound);
    auto res = answer.get();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    auto body = boost::json::parse(res->body).as_object();
    EXPECT_EQ(body.at("abandoned"), true);
    EXPECT_EQ(body.at("attempts").as_array().size(), 2u);
}

TEST_F(SimulatorShutdownTest, StoppingEndsASlowAnswerFault) {
    sim_->inject({.kind = FaultKind::Slow, .method = "chat.postMessage", .delay = 10min});
    auto answer = std::async(std::launch::async, [&] {
        http::Client client;
        http::ClientRequest req;
        req.method = "POST";
        req.url = sim_->api_url() + "chat.postMessage";
        req.total_timeout = 15min;
        req.headers = {{"Content-Type", "application/json"},
                       {"Authorization", "Bearer xoxb-support"}};
        req.body =
            boost::json::serialize(boost::json::object{{"channel", channel_}, {"text", "slow"}});
        return client.send(req);
    });
    // The fault is consumed when the call starts waiting.
    for (int i = 0; i < 3000 && !sim_->active_faults().empty(); ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(sim_->active_faults().empty());

    EXPECT_LT(time_of([&] { sim_->stop(); }), kHangBound);
    EXPECT_FALSE(answer.get());  // hung up on, as the simulator went away
    EXPECT_TRUE(sim_->messages(channel_).empty());
    auto calls = sim_->calls("chat.postMessage");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].error, "dropped");
}

}  // namespace
}  // namespace megatron::slack_sim
