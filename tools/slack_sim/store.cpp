#include "store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace megatron::slack_sim {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string SimData::new_id(char kind) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::uint64_t n = next_id++;
    std::string digits(10, '0');
    for (int i = 9; i >= 0 && n > 0; --i) {
        digits[static_cast<std::size_t>(i)] = kAlphabet[n % 36];
        n /= 36;
    }
    return std::string(1, kind) + digits;
}

std::string SimData::new_ts() {
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    last_ts_micros = std::max<std::int64_t>(now, last_ts_micros + 1);
    return fmt::format("{}.{:06}", last_ts_micros / 1000000, last_ts_micros % 1000000);
}

Channel* SimData::find_channel(const std::string& id) {
    auto it = channels.find(id);
    return it == channels.end() ? nullptr : &it->second;
}

Channel* SimData::find_channel_by_name(const std::string& team_id, const std::string& name) {
    for (auto& [id, channel] : channels) {
        if (channel.team_id == team_id && !channel.is_im && channel.name == name) return &channel;
    }
    return nullptr;
}

const User* SimData::find_user(const std::string& id) const {
    auto it = users.find(id);
    return it == users.end() ? nullptr : &it->second;
}

}  // namespace megatron::slack_sim
