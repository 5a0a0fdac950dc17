#pragma once
// The Slack relay world (slack_relay_fixture) with Megatron in megatron-test mode, so tests
// can move its clock (POST /megatron/test/clock) and watch the scheduled tasks act, plus the
// steps several stories share: opening carla's channel, pausing, bot-app messages, buttons.
#include "e2e/slack_relay/slack_relay_fixture.hpp"

#include <boost/json.hpp>

#include <iostream>

#include <optional>
#include <string>
#include <vector>

namespace megatron::test {

// A button (or select option) found in a message's blocks.
struct FoundAction {
    std::string action_id;
    std::string block_id;
    std::string value;
};

class ClockedRelayTest : public SlackRelayTest {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        env["MEGATRON_APP_MODE"] = "megatron-test";
    }

    // A failed story shows the end of Megatron's log, which says what it did.
    void TearDown() override {
        if (HasFailure() && megatron_) {
            auto log = megatron_->process().output();
            constexpr std::size_t kTail = 6000;
            std::cerr << "--- megatron log (end) ---\n"
                      << (log.size() > kTail ? log.substr(log.size() - kTail) : log) << "\n";
        }
        SlackRelayTest::TearDown();
    }

    // Moves Megatron's clock forward; its answer's "now".
    std::int64_t advance_clock(std::int64_t seconds) {
        auto answer = megatron_->request(
            "POST", "/megatron/test/clock",
            boost::json::serialize(boost::json::object{{"advance_seconds", seconds}}),
            {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 200) << answer.body;
        if (answer.status != 200) return 0;
        return boost::json::parse(answer.body).at("now").as_int64();
    }

    // search_user answers with carla (and `also`, when given).
    void search_finds_carla(const std::vector<boost::json::object>& also = {}) {
        boost::json::array users{boost::json::object{{"username", "carla"},
                                                     {"platform_user_id", customer_},
                                                     {"platform_team_id", customer_team_}}};
        for (const auto& u : also) users.push_back(u);
        bot_app_.answer("search_user", 200,
                        boost::json::serialize(boost::json::object{{"users", users}}));
    }

    // /megatron open carla in the lobby; the new channel's support-side id ("" on failure).
    std::string open_channel_for_carla() {
        search_finds_carla();
        auto sent = sim_.slash_command(lobby_, agent_, "/megatron", "open carla");
        EXPECT_EQ(sent.answer.status, 200);
        EXPECT_TRUE(
            eventually([&] { return replied(sent.response_url, "Go to slack conversation"); }));
        auto channel = channel_of_customer();
        EXPECT_TRUE(channel);
        return channel ? channel->platform_channel_id : std::string();
    }

    // /megatron pause in the engagement channel, answered.
    void pause_in(const std::string& channel_id) {
        auto pause = sim_.slash_command(channel_id, agent_, "/megatron", "pause");
        ASSERT_EQ(pause.answer.status, 200);
        ASSERT_TRUE(eventually(
            [&] { return replied(pause.response_url, "Bot *paused* for user: carla."); }));
        ASSERT_TRUE(channel_of_customer()->is_paused);
    }

    // The bot app forwards a customer's message (POST /megatron/incoming/).
    http::ClientResponse customer_writes(const std::string& text, const std::string& ts) {
        auto body = boost::json::serialize(boost::json::object{
            {"message", boost::json::object{{"user", customer_}, {"text", text}, {"ts", ts}}}});
        return megatron_->request("POST", "/megatron/incoming/", body,
                                  {{"Content-Type", "application/json"},
                                   {"Authorization", "MegatronToken " + api_token_}});
    }

    int count_text(const std::string& channel_id, const std::string& text) {
        int n = 0;
        for (auto& m : sim_.messages(channel_id)) n += m.text == text ? 1 : 0;
        return n;
    }

    bool has_text_part(const std::string& channel_id, const std::string& part) {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.text.find(part) != std::string::npos) return true;
        }
        return false;
    }

    // The first Block Kit button or select option whose action_id starts with `prefix`, in
    // the newest message of `channel_id` with text `text`.
    std::optional<FoundAction> button_in(const std::string& channel_id, const std::string& text,
                                         const std::string& prefix) {
        auto messages = sim_.messages(channel_id);
        for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
            if (it->text != text || !it->blocks.is_array()) continue;
            for (const auto& block : it->blocks.as_array()) {
                const auto& b = block.as_object();
                const auto* elements = b.if_contains("elements");
                if (elements == nullptr || !elements->is_array()) continue;
                for (const auto& e : elements->as_array()) {
                    const auto& element = e.as_object();
                    std::string id(element.at("action_id").as_string());
                    if (id.rfind(prefix, 0) != 0) continue;
                    const auto* block_id = b.if_contains("block_id");
                    return FoundAction{id,
                                       block_id && block_id->is_string()
                                           ? std::string(block_id->as_string())
                                           : std::string("actions"),
                                       std::string(element.at("value").as_string())};
                }
            }
        }
        return std::nullopt;
    }

    // Clicks a Block Kit button as Slack sends it.
    slack_sim::SentRequest click(const std::string& channel_id, const FoundAction& button) {
        return sim_.interactive(
            channel_id, agent_,
            {{"type", "block_actions"},
             {"actions", boost::json::array{boost::json::object{{"type", "button"},
                                                                {"action_id", button.action_id},
                                                                {"block_id", button.block_id},
                                                                {"value", button.value}}}}});
    }

    std::string target() const { return customer_team_ + "-" + customer_; }

    bool customer_was_told(const std::string& part) { return has_text_part(customer_dm_, part); }
};

}  // namespace megatron::test
