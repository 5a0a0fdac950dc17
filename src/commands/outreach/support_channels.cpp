#include "commands/outreach/support_channels.hpp"

#include "commands/slack_post_once.hpp"
#include "platforms/slack/connection/methods.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace megatron::commands::outreach {

bool looks_like_channel_id(std::string_view value) {
    if (value.size() < 2 || (value.front() != 'C' && value.front() != 'G')) return false;
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

SupportChannels::SupportChannels(std::string slack_api_url, slack::CallObserver* observer)
    : client_(job_client_options(slack_api_url, observer)) {}

Expected<std::string, ChannelLookupError> SupportChannels::resolve(
    const storage::Integration& integration, const std::string& configured) {
    if (looks_like_channel_id(configured)) return configured;
    std::string name = configured.starts_with('#') ? configured.substr(1) : configured;
    std::lock_guard lock(mutex_);
    auto key = std::pair{integration.id, name};
    if (auto known = known_.find(key); known != known_.end()) return known->second;
    auto found = slack::find_conversation_by_name(client_, {integration.bot_token, {}}, name);
    if (!found) {
        spdlog::warn("CUSTOMER_SERVICE_CHANNEL #{}: cannot list the channels of {}: {}", name,
                     integration.team_id, found.error().describe());
        return unexpected(ChannelLookupError{ChannelLookupError::Kind::SlackUnavailable,
                                             found.error().describe()});
    }
    if (!*found) {
        spdlog::error(
            "CUSTOMER_SERVICE_CHANNEL #{} is not a channel of support workspace {} (or the bot "
            "is not in it, if it is private): get-a-human requests are refused",
            name, integration.team_id);
        return unexpected(ChannelLookupError{ChannelLookupError::Kind::NotFound, name});
    }
    known_.emplace(key, (*found)->id);
    return (*found)->id;
}

}  // namespace megatron::commands::outreach
