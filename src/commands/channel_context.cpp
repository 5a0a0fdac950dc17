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

std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id,
                                                                    ContextCache& cache,
                                                                    CachedAt& at) {
    auto generation = store.context_generation();
    if (!generation) return retry_storage(generation.error());
    at = CachedAt{&cache, *generation};
    if (auto cached = cache.channel(*generation, channel_id)) return std::move(*cached);
    auto loaded = load_channel_context(store, channel_id);
    if (const auto* context = std::get_if<ChannelContext>(&loaded))
        cache.keep(*generation, *context);
    return loaded;
}

bool ContextCache::current(std::int64_t generation) {
    if (generation < generation_) return false;
    if (generation > generation_) {
        channels_.clear();
        profiles_.clear();
        generation_ = generation;
    }
    return true;
}

std::optional<ChannelContext> ContextCache::channel(std::int64_t generation,
                                                    std::int64_t channel_id) {
    std::lock_guard lock(mutex_);
    if (!current(generation)) return std::nullopt;
    auto found = channels_.find(channel_id);
    if (found == channels_.end()) return std::nullopt;
    return found->second;
}

void ContextCache::keep(std::int64_t generation, const ChannelContext& context) {
    std::lock_guard lock(mutex_);
    if (!current(generation)) return;
    // A crude bound: the working set of a relay is its open channels, far below it.
    if (channels_.size() >= capacity_) channels_.clear();
    channels_.insert_or_assign(context.channel.id, context);
}

std::optional<storage::Profile> ContextCache::profile(std::int64_t generation, Person person,
                                                      std::int64_t scope,
                                                      const std::string& user_id) {
    std::lock_guard lock(mutex_);
    if (!current(generation)) return std::nullopt;
    auto found = profiles_.find({person, scope, user_id});
    if (found == profiles_.end()) return std::nullopt;
    return found->second;
}

void ContextCache::keep(std::int64_t generation, Person person, std::int64_t scope,
                        const storage::Profile& profile) {
    std::lock_guard lock(mutex_);
    if (!current(generation)) return;
    if (profiles_.size() >= capacity_) profiles_.clear();
    profiles_.insert_or_assign({person, scope, profile.platform_id}, profile);
}

}  // namespace megatron::commands
