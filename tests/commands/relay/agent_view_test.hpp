#pragma once
// What agents see (issue 19), end to end: a real `megatron serve` in megatron-test mode, the
// Slack simulator as both workspaces, on SQLite and on PostgreSQL + Redis. The steps the
// stories of tests/commands/* share.
#include "e2e/slack_relay/clocked_relay_test.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace megatron::test {

class AgentViewTest : public ClockedRelayTest {
  protected:
    // The ts of the newest message in `channel_id` whose text is `text` ("" when none).
    std::string ts_of(const std::string& channel_id, const std::string& text) {
        auto messages = sim_.messages(channel_id);
        for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
            if (it->text == text) return it->ts;
        }
        return {};
    }

    // The message `ts` of `channel_id` as the simulator holds it now.
    std::optional<slack_sim::Message> message_at(const std::string& channel_id,
                                                 const std::string& ts) {
        for (auto& m : sim_.messages(channel_id)) {
            if (m.ts == ts) return m;
        }
        return std::nullopt;
    }

    // The reactions' names on message `ts`, in the order they were added.
    std::vector<std::string> reactions_on(const std::string& channel_id, const std::string& ts) {
        std::vector<std::string> names;
        if (auto m = message_at(channel_id, ts)) {
            for (const auto& [name, users] : m->reactions) names.push_back(name);
        }
        return names;
    }

    // The names passed to reactions.add (or .remove) so far, in order.
    std::vector<std::string> reaction_calls(const std::string& method) {
        std::vector<std::string> names;
        for (const auto& call : sim_.calls(method)) {
            auto it = call.args.find("name");
            if (it != call.args.end()) names.push_back(it->second);
        }
        return names;
    }

    // An agent writes in the engagement channel; the message's ts.
    std::string agent_writes(const std::string& channel_id, const std::string& text) {
        auto said = sim_.user_says(channel_id, agent_, text);
        EXPECT_TRUE(said.delivered());
        return ts_of(channel_id, text);
    }

    int dm_count(const std::string& text) { return count_text(customer_dm_, text); }
};

}  // namespace megatron::test
