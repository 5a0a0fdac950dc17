#pragma once
// The steps the stories of claimable help requests and of hand-back share (issue 19): a real
// `megatron serve` in megatron-test mode whose CUSTOMER_SERVICE_CHANNEL is the lobby, the
// Slack simulator as both workspaces, on SQLite and on PostgreSQL + Redis.
#include "commands/relay/agent_view_test.hpp"
#include "storage/audit_log.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace megatron::test {

inline constexpr std::int64_t kMinute = 60;

class HelpRequestStories : public AgentViewTest {
  protected:
    void adjust_environment(std::map<std::string, std::string>& env) override {
        AgentViewTest::adjust_environment(env);
        env["CUSTOMER_SERVICE_CHANNEL"] = lobby_;
    }

    // The bot app asks for a human for carla; the post's ts once its row is recorded.
    std::string carla_asks_for_help() {
        auto body = boost::json::serialize(boost::json::object{
            {"requesting_user",
             boost::json::object{{"slack_id", customer_}, {"with_team_domain", "carla@acme"}}},
            {"workspace_id", customer_team_}});
        auto answer = megatron_->request("POST", "/megatron/get-a-human/", body,
                                         {{"Content-Type", "application/json"},
                                          {"Authorization", "MegatronToken " + api_token_}});
        EXPECT_EQ(answer.status, 200) << answer.body;
        std::string ts;
        EXPECT_TRUE(eventually([&] {
            ts = ts_of(lobby_, kRequestText);
            return !ts.empty() && help_request(ts).has_value();
        }));
        return ts;
    }

    std::optional<storage::HelpRequest> help_request(const std::string& ts) {
        storage::Store store(*db_);
        auto integration = store.find_integration(storage::PlatformType::Slack, support_team_);
        if (!integration || !*integration) return std::nullopt;
        auto found = store.find_help_request((*integration)->id, lobby_, ts);
        if (!found || !*found) return std::nullopt;
        return **found;
    }

    // `agent` clicks Claim on the post `ts` (as Slack sends a block_actions click).
    slack_sim::SentRequest claim(const std::string& agent, const std::string& ts) {
        return sim_.interactive(
            lobby_, agent,
            {{"type", "block_actions"},
             {"container",
              boost::json::object{{"type", "message"}, {"message_ts", ts}, {"channel_id", lobby_}}},
             {"actions", boost::json::array{boost::json::object{{"type", "button"},
                                                                {"action_id", "claim|" + target()},
                                                                {"block_id", "actions"},
                                                                {"value", target()}}}}});
    }

    // The post's status line (its context block), "" when it has none.
    std::string status_of(const std::string& ts) {
        auto post = message_at(lobby_, ts);
        if (!post || !post->blocks.is_array()) return {};
        for (const auto& block : post->blocks.as_array()) {
            if (block.at("type") != "context") continue;
            return std::string(block.at("elements").at(0).at("text").as_string());
        }
        return {};
    }

    // The action_ids of the post's buttons.
    std::vector<std::string> buttons_of(const std::string& ts) {
        std::vector<std::string> ids;
        auto post = message_at(lobby_, ts);
        if (!post || !post->blocks.is_array()) return ids;
        for (const auto& block : post->blocks.as_array()) {
            if (block.at("type") != "actions") continue;
            for (const auto& e : block.at("elements").as_array()) {
                ids.emplace_back(e.at("action_id").as_string());
            }
        }
        return ids;
    }

    std::vector<slack_sim::EphemeralMessage> ephemerals_for(const std::string& user) {
        std::vector<slack_sim::EphemeralMessage> seen;
        for (auto& m : sim_.ephemeral_messages(lobby_)) {
            if (m.user == user) seen.push_back(m);
        }
        return seen;
    }

    std::vector<storage::AuditEntry> audit(const std::string& action) {
        storage::AuditLog log(*db_, clock_);
        std::vector<storage::AuditEntry> rows;
        for (auto& row : log.list({}).value_or(std::vector<storage::AuditEntry>{})) {
            if (row.action == action) rows.push_back(row);
        }
        return rows;
    }

    void set_org(bool auto_pause, int hand_back_minutes = 0) {
        storage::Store store(*db_);
        auto org = store.find_organization_by_name("acme-support");
        ASSERT_TRUE(org && *org);
        ASSERT_TRUE(store.set_organization_settings((*org)->id, {auto_pause, hand_back_minutes}));
    }

    std::string add_agent(const std::string& name) {
        auto id = sim_.add_user(support_team_, {.name = name, .real_name = name});
        sim_.add_member(lobby_, id);
        return id;
    }

    static constexpr const char* kRequestText = "🆘 *carla@acme* requested some help!";
    SystemClock clock_;
};

}  // namespace megatron::test
