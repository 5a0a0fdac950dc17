#include "platforms/slack/routes/engagement_jobs.hpp"

#include "commands/channel_context.hpp"
#include "commands/relay/relay_jobs.hpp"
#include "platforms/slack/routes/verified.hpp"

#include <spdlog/spdlog.h>

namespace megatron::slack::routes {

storage::StorageResult<std::optional<storage::Channel>> engagement_channel(
    storage::Store& store, const std::string& team_id, const std::string& channel_id) {
    auto integration = store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return unexpected(integration.error());
    if (!*integration) return std::optional<storage::Channel>{};
    return store.find_channel_by_platform_channel((*integration)->id, channel_id);
}

IntakeAnswer enqueue_control(SlackRouteContext& context, const std::string& team_id,
                             commands::control::ControlJob job,
                             const std::string& idempotency_key) {
    auto integration = context.store.find_integration(storage::PlatformType::Slack, team_id);
    if (!integration) return IntakeAnswer::failed("storage_unavailable");
    if (!*integration) {
        return IntakeAnswer::ephemeral("This workspace is not connected to Megatron.");
    }
    job.integration_id = (*integration)->id;
    auto channel = context.store.find_channel_by_platform_channel(job.integration_id, job.channel);
    if (!channel) return IntakeAnswer::failed("storage_unavailable");
    auto ordering = *channel ? commands::channel_ordering_key((*channel)->id)
                             : "slack-command:" + team_id + ":" + job.channel;
    auto enqueued = context.queue.enqueue({commands::control::kControlCommandKind, ordering,
                                           idempotency_key, commands::payload::write(job)});
    if (!enqueued) {
        spdlog::error("cannot enqueue a Slack command: {}", enqueued.error().message);
        return IntakeAnswer::ephemeral(
            "Megatron cannot take commands right now; please try again.");
    }
    return IntakeAnswer::acknowledged();
}

}  // namespace megatron::slack::routes
