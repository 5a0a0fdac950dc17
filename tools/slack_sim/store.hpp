#pragma once
// Everything the simulated Slack knows, behind one mutex. Handlers take the lock for the
// whole of one Web API call so each call is atomic, as on real Slack; calls are short (no
// I/O under the lock), which keeps the hot path fast enough for the benchmarks.
#include "model.hpp"

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace megatron::slack_sim {

// How a token stands: which workspace it belongs to, and whether Slack would refuse it.
struct TokenState {
    std::string team_id;
    std::string refusal;  // empty = valid; else the error Slack answers ("invalid_auth", ...)
};

struct SimData {
    std::map<std::string, Workspace> workspaces;
    std::unordered_map<std::string, User> users;
    std::unordered_map<std::string, Channel> channels;
    std::unordered_map<std::string, File> files;
    std::unordered_map<std::string, TokenState> tokens;
    std::unordered_map<std::string, std::string> upload_urls;    // opaque key -> file id
    std::unordered_map<std::string, ResponseUrl> response_urls;  // opaque key -> state
    // (team, user) -> DM channel id with the team's bot
    std::map<std::pair<std::string, std::string>, std::string> dms;
    std::uint64_t next_id = 1;
    std::int64_t last_ts_micros = 0;

    // Slack-looking ids: a kind letter then 10 upper-case alphanumerics, unique per simulator.
    std::string new_id(char kind);
    // "seconds.micros" strings that strictly increase, even within one microsecond.
    std::string new_ts();
    Channel* find_channel(const std::string& id);
    Channel* find_channel_by_name(const std::string& team_id, const std::string& name);
    const User* find_user(const std::string& id) const;
};

class Store {
  public:
    template <class F>
    auto with(F&& f) {
        std::lock_guard lock(mutex_);
        return f(data_);
    }
    template <class F>
    auto with(F&& f) const {
        std::lock_guard lock(mutex_);
        return f(data_);
    }

  private:
    mutable std::mutex mutex_;
    SimData data_;
};

std::int64_t unix_now();

}  // namespace megatron::slack_sim
