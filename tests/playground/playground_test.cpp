// The playground in-process, without a browser: the seeded cast, the visitor's actions and
// their errors, and the demo bot as a bot app (answers, pause, clear-context, a revoked token
// refreshed through refresh_workspace), all through Megatron's real relay and the simulator.
#include "playground/playground.hpp"

#include "config/database_url.hpp"
#include "jobs/migrations.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <thread>

namespace megatron::playground {
namespace {

namespace json = boost::json;

bool eventually(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

class PlaygroundTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto url = config::parse_database_url("sqlite:///" + dir_.path() + "/playground.db");
        ASSERT_TRUE(url);
        auto db = storage::open_database(*url, 10);
        ASSERT_TRUE(db) << db.error().message;
        db_ = std::move(*db);
        auto core = storage::core_migrations();
        std::vector<storage::Migration> all(core.begin(), core.end());
        auto job_tables = jobs::migrations();
        all.insert(all.end(), job_tables.begin(), job_tables.end());
        ASSERT_TRUE(storage::migrate(*db_, all));
        playground_ = std::make_unique<Playground>(config::Config{}, *db_);
    }

    void TearDown() override {
        playground_.reset();
        db_.reset();
    }

    const json::object& customer(const json::object& state, const std::string& name) {
        for (const auto& c : state.at("customers").as_array()) {
            if (c.at("name") == name.c_str()) return c.as_object();
        }
        throw std::runtime_error("no customer " + name);
    }

    // The texts of `name`'s DM, oldest first.
    std::vector<std::string> dm_texts(const std::string& name) {
        auto state = playground_->snapshot();
        std::vector<std::string> texts;
        for (const auto& m : customer(state, name).at("messages").as_array()) {
            texts.emplace_back(m.at("text").as_string());
        }
        return texts;
    }

    bool dm_has(const std::string& name, const std::string& part) {
        for (const auto& text : dm_texts(name)) {
            if (text.find(part) != std::string::npos) return true;
        }
        return false;
    }

    std::string channel_id(const std::string& name) {
        auto state = playground_->snapshot();
        for (const auto& c : state.at("channels").as_array()) {
            if (c.at("name") == name.c_str()) return std::string(c.at("id").as_string());
        }
        return {};
    }

    bool received(const std::string& command) {
        auto state = playground_->snapshot();
        for (const auto& c : state.at("app_commands").as_array()) {
            if (c.at("command") == command.c_str()) return true;
        }
        return false;
    }

    // /megatron open carla in the lobby; the engagement channel's id.
    std::string open_carla() {
        EXPECT_TRUE(
            playground_->agent_says("alice", playground_->cast().lobby, "/megatron open carla"));
        EXPECT_TRUE(eventually([&] { return !channel_id("zz-carla_customer-co").empty(); }));
        return channel_id("zz-carla_customer-co");
    }

    test::TempDir dir_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<Playground> playground_;
};

TEST_F(PlaygroundTest, SeedsTwoWorkspacesWithThreeCustomersTwoAgentsAndALobby) {
    auto state = playground_->snapshot();
    EXPECT_EQ(state.at("customers").as_array().size(), 3u);
    EXPECT_EQ(state.at("agents").as_array().size(), 2u);
    ASSERT_EQ(state.at("channels").as_array().size(), 1u);
    EXPECT_EQ(state.at("channels").as_array()[0].at("name"), "support-lobby");
    // No token of either workspace is shown to the page.
    auto text = json::serialize(state);
    EXPECT_EQ(text.find("xoxb-"), std::string::npos);
}

TEST_F(PlaygroundTest, TheDemoBotAnswersACustomer) {
    ASSERT_TRUE(playground_->customer_says("carla", "hello"));
    EXPECT_TRUE(eventually([&] { return dm_has("carla", "Hello! I'm the demo bot"); }));
    EXPECT_TRUE(dm_has("carla", "(message 1 of our conversation)"));
}

TEST_F(PlaygroundTest, RefusesWhatAVisitorCannotDo) {
    EXPECT_EQ(playground_->customer_says("zoe", "hi").error().error, "unknown_customer");
    EXPECT_EQ(playground_->customer_says("carla", "   ").error().error, "empty_text");
    EXPECT_EQ(playground_->customer_says("carla", std::string(5000, 'a')).error().error,
              "text_too_long");
    auto lobby = playground_->cast().lobby;
    EXPECT_EQ(playground_->agent_says("mallory", lobby, "hi").error().error, "unknown_agent");
    EXPECT_EQ(playground_->agent_says("alice", "C0NOWHERE", "hi").error().error, "unknown_channel");
    // A customer's DM is not a support channel.
    auto dm = playground_->cast().customers[0].dm;
    EXPECT_EQ(playground_->agent_says("alice", dm, "hi").error().error, "unknown_channel");
    EXPECT_EQ(playground_->agent_says("alice", lobby, "/giphy cats").error().error,
              "unknown_command");
    EXPECT_EQ(playground_->inject_fault("earthquake").error().error, "unknown_fault");
    EXPECT_EQ(playground_->agent_clicks("alice", lobby, {}).error().error, "missing_action_id");
}

TEST_F(PlaygroundTest, PauseSilencesTheBotAndClearContextMakesItForget) {
    ASSERT_TRUE(playground_->customer_says("carla", "hello"));
    ASSERT_TRUE(eventually([&] { return dm_has("carla", "(message 1 of"); }));
    auto channel = open_carla();
    ASSERT_FALSE(channel.empty());

    ASSERT_TRUE(playground_->agent_says("alice", channel, "/megatron pause"));
    ASSERT_TRUE(eventually([&] { return received("pause"); }));
    ASSERT_TRUE(playground_->customer_says("carla", "anyone?"));
    ASSERT_TRUE(eventually([&] { return dm_has("carla", "anyone?"); }));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_FALSE(dm_has("carla", "(message 2 of"));

    ASSERT_TRUE(playground_->agent_says("alice", channel, "/megatron unpause"));
    ASSERT_TRUE(playground_->agent_says("alice", channel, "/megatron clear-context"));
    ASSERT_TRUE(eventually([&] { return received("clear-context"); }));
    ASSERT_TRUE(playground_->customer_says("carla", "help"));
    // Answering again, and counting from 1: it forgot the conversation.
    EXPECT_TRUE(eventually([&] {
        auto texts = dm_texts("carla");
        return texts.back().starts_with("I can help with") &&
               texts.back().ends_with("(message 1 of our conversation)");
    }));
}

TEST_F(PlaygroundTest, ARevokedCustomerTokenIsRefreshedAndTheAgentsReplyArrives) {
    auto channel = open_carla();
    ASSERT_FALSE(channel.empty());
    ASSERT_TRUE(playground_->inject_fault("token_revoked"));
    ASSERT_TRUE(playground_->agent_says("bob", channel, "Bob here, can I help?"));
    EXPECT_TRUE(eventually([&] { return dm_has("carla", "Bob here, can I help?"); }));
    EXPECT_TRUE(received("refresh_workspace"));
}

// #19's delivery marks reach the page: the agent's message in the snapshot carries Megatron's
// reaction once the customer has it.
TEST_F(PlaygroundTest, AnAgentsMessageShowsItsDeliveryMark) {
    auto channel = open_carla();
    ASSERT_FALSE(channel.empty());
    ASSERT_TRUE(playground_->agent_says("alice", channel, "Alice here, on it."));
    auto marked = [&] {
        auto state = playground_->snapshot();
        for (const auto& c : state.at("channels").as_array()) {
            if (c.at("id") != channel.c_str()) continue;
            for (const auto& m : c.at("messages").as_array()) {
                if (m.at("text") != "Alice here, on it.") continue;
                for (const auto& r : m.at("reactions").as_array()) {
                    if (r.at("name") == "white_check_mark" && r.at("count") == 1) return true;
                }
            }
        }
        return false;
    };
    EXPECT_TRUE(eventually(marked));
    EXPECT_TRUE(dm_has("carla", "Alice here, on it."));
}

}  // namespace
}  // namespace megatron::playground
