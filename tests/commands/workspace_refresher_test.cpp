// commands::WorkspaceRefresher on its own: one refresh_workspace per workspace however many
// jobs ask at once, the answer stored, and every kind of bad answer a clean "no token".
#include "commands/workspace_refresh.hpp"
#include "config/database_url.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "storage/store.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace megatron::test {
namespace {

using namespace std::chrono_literals;

// The bot app: answers refresh_workspace after `delay` with what the test set.
class SlowBotApp {
  public:
    SlowBotApp() {
        router_.add(http::Verb::post, "/commands/",
                    [this](const http::Request&, http::RequestContext&) {
                        requests_.fetch_add(1);
                        std::this_thread::sleep_for(delay_.load());
                        std::lock_guard lock(mutex_);
                        return http::text_response(static_cast<http::Status>(status_), body_,
                                                   "application/json");
                    });
        server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0, 4}, router_);
        server_->start();
    }
    ~SlowBotApp() { server_->stop(); }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + "/commands/";
    }
    void answer(int status, std::string body, std::chrono::milliseconds delay = 0ms) {
        std::lock_guard lock(mutex_);
        status_ = status;
        body_ = std::move(body);
        delay_ = delay;
    }
    int requests() const { return requests_.load(); }

  private:
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::mutex mutex_;
    int status_ = 200;
    std::string body_;
    std::atomic<std::chrono::milliseconds> delay_{0ms};
    std::atomic<int> requests_{0};
};

class WorkspaceRefresherTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto url = config::parse_database_url("sqlite:///" + dir_.path() + "/m.db");
        ASSERT_TRUE(url);
        auto db = storage::open_database(*url, 8);
        ASSERT_TRUE(db);
        db_ = std::move(*db);
        ASSERT_TRUE(storage::migrate(*db_, storage::core_migrations()));
        storage::Store store(*db_, clock_);
        auto org = store.create_organization("acme", bot_app_.url());
        ASSERT_TRUE(org);
        ASSERT_TRUE(store.upsert_workspace(
            org->organization.id,
            {"Acme", storage::PlatformType::Slack, "T0CUST", "acme", Secret("xoxb-old")}));
        refresher_ = std::make_unique<commands::WorkspaceRefresher>(
            *db_, clock_, app_commands::ClientOptions{500ms, 1000ms});
    }
    storage::CustomerWorkspace stored() {
        storage::Store store(*db_, clock_);
        return **store.find_workspace(storage::PlatformType::Slack, "T0CUST");
    }
    static std::string fresh_answer(const std::string& token) {
        return R"({"ok": true, "data": {"name": "Acme Two", "domain": "acme-2",
                   "connection_token": ")" +
               token + R"("}})";
    }

    TempDir dir_;
    SystemClock clock_;
    SlowBotApp bot_app_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<commands::WorkspaceRefresher> refresher_;
};

TEST_F(WorkspaceRefresherTest, ConcurrentJobsOfOneWorkspaceShareOneRefresh) {
    bot_app_.answer(200, fresh_answer("xoxb-new"), 300ms);
    std::vector<std::optional<Secret>> got(8);
    std::vector<std::thread> jobs;
    for (std::size_t i = 0; i < got.size(); ++i) {
        jobs.emplace_back([&, i] { got[i] = refresher_->refresh("T0CUST", Secret("xoxb-old")); });
    }
    for (auto& job : jobs) job.join();
    for (const auto& token : got) {
        ASSERT_TRUE(token);
        EXPECT_EQ(token->reveal(), "xoxb-new");
    }
    EXPECT_EQ(bot_app_.requests(), 1);
    auto workspace = stored();
    EXPECT_EQ(workspace.bot_token.reveal(), "xoxb-new");
    EXPECT_EQ(workspace.name, "Acme Two");
    EXPECT_EQ(workspace.domain, "acme-2");

    // A job still holding the old token gets the stored one without asking again; a refused
    // new token is asked for again.
    EXPECT_EQ(refresher_->refresh("T0CUST", Secret("xoxb-old"))->reveal(), "xoxb-new");
    EXPECT_EQ(bot_app_.requests(), 1);
    bot_app_.answer(200, fresh_answer("xoxb-newer"));
    EXPECT_EQ(refresher_->refresh("T0CUST", Secret("xoxb-new"))->reveal(), "xoxb-newer");
    EXPECT_EQ(bot_app_.requests(), 2);
}

TEST_F(WorkspaceRefresherTest, EveryBadAnswerGivesNoTokenAndLeavesTheStoredOne) {
    struct Case {
        int status;
        std::string body;
        std::chrono::milliseconds delay;
    };
    for (const auto& bad : std::vector<Case>{{500, "{}", 0ms},
                                             {200, "not json", 0ms},
                                             {200, R"({"ok": false, "error": "nope"})", 0ms},
                                             {200, R"({"ok": true, "data": {"name": "x"}})", 0ms},
                                             {200, fresh_answer("xoxb-late"), 1500ms}}) {
        bot_app_.answer(bad.status, bad.body, bad.delay);
        EXPECT_FALSE(refresher_->refresh("T0CUST", Secret("xoxb-old"))) << bad.body;
        EXPECT_EQ(stored().bot_token.reveal(), "xoxb-old") << bad.body;
    }
    EXPECT_FALSE(refresher_->refresh("TUNKNOWN", Secret("xoxb-old")));
}

}  // namespace
}  // namespace megatron::test
