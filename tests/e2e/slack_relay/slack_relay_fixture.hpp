#pragma once
// The Slack relay end to end: a real `megatron serve` process, the Slack simulator acting as
// both workspaces (the support team's and the customer's), and a test bot app on command_url
// that records the App Commands it receives. Parameterised over the storage back end:
// SQLite, and PostgreSQL + Redis when the test command started them.
#include "cli/megatron_process.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "slack_sim/simulator.hpp"
#include "storage/sql.hpp"
#include "storage/store.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace megatron::test {

enum class Backend { Sqlite, PostgresRedis };
// Test names for INSTANTIATE_TEST_SUITE_P: "Sqlite", "PostgresRedis".
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// The organization's bot app: answers App Commands as a test tells it to.
class TestBotApp {
  public:
    TestBotApp();
    ~TestBotApp();
    std::string url() const;
    std::vector<boost::json::object> commands(const std::string& name) const;
    // The answer to each command: status and body (default 200 {"ok": true}).
    void answer(const std::string& command, int status, std::string body);
    // Holds the answer to `command` this long (after recording it).
    void delay(const std::string& command, std::chrono::milliseconds by);

  private:
    mutable std::mutex mutex_;
    std::vector<boost::json::object> received_;
    std::map<std::string, std::pair<int, std::string>> answers_;
    std::map<std::string, std::chrono::milliseconds> delays_;
    http::Router router_;
    std::unique_ptr<http::Server> server_;
};

class SlackRelayTest : public ::testing::TestWithParam<Backend> {
  protected:
    static constexpr const char* kSigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    void SetUp() override;
    void TearDown() override;
    // Suites add or change Megatron's environment here (called before it starts).
    virtual void adjust_environment(std::map<std::string, std::string>& /*env*/) {}

    // Waits (up to 30 s) until `done` holds; false when it never did.
    static bool eventually(const std::function<bool()>& done);
    // A signed POST to Megatron, as Slack sends it.
    http::ClientResponse signed_post(const std::string& path, const std::string& body,
                                     const std::string& content_type);
    std::unique_ptr<storage::Database> open_db();
    std::optional<storage::Channel> channel_of_customer();
    // The texts posted to a response_url so far.
    std::vector<std::string> replies(const std::string& response_url);
    bool replied(const std::string& response_url, const std::string& text_part);
    // /megatron open carla, typed in the lobby: search_user finds her, the channel is made.
    // Returns the channel's Slack id (empty when it was not made).
    std::string open_channel_for_carla();
    // The messages in the customer's DM that the agent sent (they carry the relay's footer).
    std::vector<slack_sim::Message> dm_from_agent();
    // kill -9 of Megatron, and a new process on the same database (as after a crash).
    void crash_and_restart_megatron();

    slack_sim::Simulator sim_;
    TestBotApp bot_app_;
    std::unique_ptr<PostgresDatabase> postgres_;
    std::unique_ptr<TempDir> sqlite_dir_;
    std::string database_url_;
    std::unique_ptr<MegatronServer> megatron_;
    std::map<std::string, std::string> env_;  // Megatron's environment
    std::unique_ptr<storage::Database> db_;

    std::string support_team_ = "TSUPPORT";
    std::string customer_team_ = "TCUSTOMER";
    std::string agent_;
    std::string customer_;
    std::string customer_dm_;
    std::string lobby_;  // a support channel that is not an engagement channel
    std::int64_t workspace_id_ = 0;
    std::string api_token_;  // the organization's bot-app API key
};

}  // namespace megatron::test
