#include "commands/channel_context.hpp"

namespace megatron::commands {

std::string channel_ordering_key(std::int64_t channel_id) {
    return "channel:" + std::to_string(channel_id);
}

std::string engagement_ordering_key(const storage::Channel& engagement) {
    // A thread engagement is a row of its own, so its id is the engagement's identity; keyed
    // as channel mode keys a channel, jobs queued before an upgrade keep their order.
    return channel_ordering_key(engagement.id);
}

jobs::JobOutcome retry_storage(const storage::StorageError& error) {
    return jobs::outcome::Retry{"storage: " + error.message, std::nullopt};
}

std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id) {
    auto gone = [] { return jobs::JobOutcome{jobs::outcome::Done{R"({"skipped":"gone"})", {}}}; };
    auto channel = store.channel(channel_id);
    if (!channel) {
        if (channel.error().kind == storage::StorageError::Kind::NotFound) return gone();
        return retry_storage(channel.error());
    }
    if (channel->is_archived) {
        return jobs::JobOutcome{jobs::outcome::Done{R"({"skipped":"archived"})", {}}};
    }
    auto integration = store.integration(channel->integration_id);
    if (!integration) {
        if (integration.error().kind == storage::StorageError::Kind::NotFound) return gone();
        return retry_storage(integration.error());
    }
    auto workspace = store.workspace(channel->workspace_id);
    if (!workspace) {
        if (workspace.error().kind == storage::StorageError::Kind::NotFound) return gone();
        return retry_storage(workspace.error());
    }
    return ChannelContext{std::move(*channel), std::move(*integration), std::move(*workspace)};
}

}  // namespace megatron::commands
