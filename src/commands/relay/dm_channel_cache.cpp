#include "commands/relay/dm_channel_cache.hpp"

namespace megatron::commands::relay {

DmChannelCache::DmChannelCache(std::size_t max_entries)
    : max_entries_(max_entries == 0 ? 1 : max_entries) {}

std::string DmChannelCache::key(const std::string& workspace_id, const std::string& user_id) {
    // Slack ids never contain a space, so the pair is unambiguous.
    std::string joined;
    joined.reserve(workspace_id.size() + 1 + user_id.size());
    joined.append(workspace_id).append(1, ' ').append(user_id);
    return joined;
}

std::optional<std::string> DmChannelCache::find(const std::string& workspace_id,
                                                const std::string& user_id) const {
    auto k = key(workspace_id, user_id);
    std::lock_guard lock(mutex_);
    auto it = channels_.find(k);
    if (it == channels_.end()) return std::nullopt;
    return it->second;
}

void DmChannelCache::remember(const std::string& workspace_id, const std::string& user_id,
                              std::string channel_id) {
    auto k = key(workspace_id, user_id);
    std::lock_guard lock(mutex_);
    if (channels_.size() >= max_entries_ && !channels_.contains(k)) channels_.clear();
    channels_.insert_or_assign(std::move(k), std::move(channel_id));
}

void DmChannelCache::forget(const std::string& workspace_id, const std::string& user_id,
                            const std::string& channel_id) {
    auto k = key(workspace_id, user_id);
    std::lock_guard lock(mutex_);
    auto it = channels_.find(k);
    if (it != channels_.end() && it->second == channel_id) channels_.erase(it);
}

std::size_t DmChannelCache::size() const {
    std::lock_guard lock(mutex_);
    return channels_.size();
}

bool is_stale_channel_error(const slack::SlackError& error) {
    using slack::SlackErrorCode;
    return error.code == SlackErrorCode::ChannelNotFound ||
           error.code == SlackErrorCode::IsArchived || error.code == SlackErrorCode::NotInChannel;
}

}  // namespace megatron::commands::relay
