#pragma once
// The bot's DM channel id per customer, so the agent relay calls conversations.open once per
// customer instead of before every message, edit and deletion (it was 8% of Megatron's CPU
// and a Slack round trip per relayed message). A bot's DM with a user keeps its id, so an
// entry stays valid; the rare stale one (Slack answers channel_not_found and the like) is
// forgotten by the caller and opened again (see with_customer_dm).
//
// One cache is shared by every worker thread's handlers (owned by the handler factories that
// add_control_handlers registers), so N workers do not each open every DM: hence the mutex.
// The lock is held only for a hash lookup or insert, never across a Slack call.
#include "platforms/slack/connection/errors.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "util/expected.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace megatron::commands::relay {

class DmChannelCache {
  public:
    static constexpr std::size_t kDefaultMaxEntries = 10'000;

    explicit DmChannelCache(std::size_t max_entries = kDefaultMaxEntries);

    std::optional<std::string> find(const std::string& workspace_id,
                                    const std::string& user_id) const;
    // Bounded: a new customer beyond max_entries empties the cache first. Clearing (rather
    // than tracking recency) keeps this a plain map; a cleared entry costs one more
    // conversations.open, and a support team rarely talks to 10,000 customers at once.
    void remember(const std::string& workspace_id, const std::string& user_id,
                  std::string channel_id);
    // Drops the entry only while it still names `channel_id`: another worker may already
    // have replaced a stale id with a fresh one, which must not be lost.
    void forget(const std::string& workspace_id, const std::string& user_id,
                const std::string& channel_id);
    std::size_t size() const;

  private:
    static std::string key(const std::string& workspace_id, const std::string& user_id);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::string> channels_;  // key() -> DM channel id
    std::size_t max_entries_;
};

// Slack answers that say the channel id itself is no longer usable by the bot.
bool is_stale_channel_error(const slack::SlackError& error);

// Runs `act(channel_id)` (returning Expected<T, slack::SlackError>) on the customer's DM
// with the bot: the cached id, else conversations.open (remembered on success). When a
// cached id is refused as stale, it is forgotten and `act` runs once more on a freshly
// opened DM. Repeating is safe: a refused call did nothing (Slack answered, so the outcome
// is known), and post_once's own exactly-once check is untouched.
template <class Act>
auto with_customer_dm(DmChannelCache& cache, slack::WebApiClient& client,
                      const slack::Credentials& customer, const std::string& user_id, Act&& act)
    -> std::invoke_result_t<Act&, const std::string&> {
    const auto& workspace_id = customer.workspace_id;
    if (auto cached = cache.find(workspace_id, user_id)) {
        auto result = act(*cached);
        if (result || !is_stale_channel_error(result.error())) return result;
        cache.forget(workspace_id, user_id, *cached);
    }
    auto opened = slack::open_conversation(client, customer, user_id);
    if (!opened) return unexpected(std::move(opened.error()));
    cache.remember(workspace_id, user_id, opened->channel_id);
    auto result = act(opened->channel_id);
    if (!result && is_stale_channel_error(result.error())) {
        cache.forget(workspace_id, user_id, opened->channel_id);
    }
    return result;
}

}  // namespace megatron::commands::relay
