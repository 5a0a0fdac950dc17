#pragma once
// A running simulator with one customer workspace (a person, a DM with the bot, a public
// channel) and a Web API client pointed at it, for the Slack tests.
#include "platforms/slack/connection/web_api_client.hpp"
#include "slack_sim/simulator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace megatron::slack::testing {

inline constexpr const char* kToken = "xoxb-1111-2222-customer-token-abcdef";
inline constexpr const char* kTeam = "T0CUSTOMER";

class SimFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        sim_.start();
        team_ = sim_.add_workspace({.id = kTeam,
                                    .name = "Customer Co",
                                    .domain = "customer",
                                    .bot_token = kToken,
                                    .bot_user_id = "U0BOT",
                                    .bot_id = "B0BOT"});
        carla_ = sim_.add_user(team_, {.id = "U0CARLA",
                                       .name = "carla",
                                       .real_name = "Carla Customer",
                                       .display_name = "carla",
                                       .email = "carla@example.com",
                                       .image_url = "https://avatars.example.com/carla"});
        dm_ = sim_.open_dm(team_, carla_);
        channel_ = sim_.add_channel(team_, {.name = "support", .members = {carla_}});
        client_ = make_client(default_policy());
    }

    static RetryPolicy default_policy() {
        RetryPolicy policy;
        policy.max_attempts = 4;
        policy.base_delay = std::chrono::milliseconds(10);
        policy.max_delay = std::chrono::milliseconds(40);
        policy.max_total_wait = std::chrono::seconds(10);
        return policy;
    }

    // The client sleeps for real but records each wait, so tests can check what it waited.
    std::unique_ptr<WebApiClient> make_client(
        RetryPolicy policy, CredentialRefresher* refresher = nullptr,
        std::chrono::milliseconds total_timeout = std::chrono::milliseconds(5000)) {
        WebApiClientOptions options;
        options.base_url = sim_.api_url();
        options.retry = policy;
        options.total_timeout = total_timeout;
        options.connect_timeout = std::chrono::milliseconds(1000);
        options.sleep = [this](std::chrono::milliseconds d) {
            {
                std::lock_guard lock(sleeps_mutex_);
                sleeps_.push_back(d);
            }
            // Retry-After waits are whole seconds; sleep a token amount so tests stay quick
            // while the order of events stays real.
            std::this_thread::sleep_for(std::min(d, std::chrono::milliseconds(50)));
        };
        return std::make_unique<WebApiClient>(options, refresher);
    }

    std::vector<std::chrono::milliseconds> sleeps() {
        std::lock_guard lock(sleeps_mutex_);
        return sleeps_;
    }

    Credentials creds() const { return {Secret(kToken), {}}; }

    slack_sim::Simulator sim_;
    std::string team_, carla_, dm_, channel_;
    std::unique_ptr<WebApiClient> client_;
    std::mutex sleeps_mutex_;
    std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace megatron::slack::testing
