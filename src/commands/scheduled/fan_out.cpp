// The scheduler's periodic jobs: each finds what is due now and enqueues one job per item.
// Idempotency keys make a re-run of the same period (a retry, a second leader) add nothing.
#include "commands/channel_context.hpp"
#include "commands/scheduled/schedule_rules.hpp"
#include "commands/scheduled/scheduled_handlers.hpp"
#include "commands/scheduled/scheduled_jobs.hpp"
#include "storage/store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

namespace megatron::commands::scheduled {
namespace {

jobs::JobOutcome queue_trouble(const jobs::QueueError& error) {
    return jobs::outcome::Retry{"queue: " + error.message, std::nullopt};
}

jobs::JobOutcome enqueued_count(int count) {
    return jobs::outcome::Done{fmt::format(R"({{"enqueued":{}}})", count), {}};
}

}  // namespace

FanOutHandler::FanOutHandler(Task task, jobs::JobQueue& queue, storage::Database& db,
                             const Clock& clock)
    : task_(task), queue_(queue), db_(db), clock_(clock) {}

jobs::JobOutcome FanOutHandler::run(const jobs::Job& job) {
    // Without a period (an older or hand-made job) the current time stands in for it.
    auto period = period_start_from(job.payload).value_or(clock_.now_millis());
    switch (task_) {
        case Task::UnpauseReminder:
            return reminders();
        case Task::ArchiveIdle:
            return archives(period);
        case Task::RefreshProfiles:
            return profile_refreshes(period);
    }
    return jobs::outcome::Fatal{"unknown scheduled task"};
}

jobs::JobOutcome FanOutHandler::reminders() {
    storage::Store store(db_, clock_);
    auto now = clock_.now_millis();
    auto quiet_before =
        now - std::chrono::duration_cast<std::chrono::milliseconds>(kReminderAfterQuiet).count();
    auto channels = store.paused_channels(quiet_before);
    if (!channels) return retry_storage(channels.error());
    int count = 0;
    for (const auto& channel : *channels) {
        if (!reminder_due(channel, now)) continue;
        // The key names the quiet period (its last message), so each period gets one reminder
        // however many minute ticks see it before the job has run.
        auto enqueued = queue_.enqueue(
            {kUnpauseReminderKind, channel_ordering_key(channel.id),
             fmt::format("scheduled.reminder:{}:{}", channel.id, channel.last_message_sent),
             to_payload(ChannelTask{channel.id})});
        if (!enqueued) return queue_trouble(enqueued.error());
        count += enqueued->duplicate ? 0 : 1;
    }
    return enqueued_count(count);
}

jobs::JobOutcome FanOutHandler::archives(std::int64_t period_start) {
    storage::Store store(db_, clock_);
    auto now = clock_.now_millis();
    auto idle_before =
        now - std::chrono::duration_cast<std::chrono::milliseconds>(kArchiveAfterIdle).count();
    auto channels = store.idle_channels(idle_before);
    if (!channels) return retry_storage(channels.error());
    int count = 0;
    // Retention pruning, once per hour across processes (the key names the hour).
    auto pruning = queue_.enqueue({kPruneRetentionKind, "retention",
                                   fmt::format("scheduled.retention:{}", period_start),
                                   to_payload(RetentionTask{period_start})});
    if (!pruning) return queue_trouble(pruning.error());
    count += pruning->duplicate ? 0 : 1;
    for (const auto& channel : *channels) {
        // One key per hour: a channel whose archive failed for good is tried again next hour.
        auto enqueued =
            queue_.enqueue({kArchiveIdleChannelKind, channel_ordering_key(channel.id),
                            fmt::format("scheduled.archive:{}:{}", channel.id, period_start),
                            to_payload(ChannelTask{channel.id})});
        if (!enqueued) return queue_trouble(enqueued.error());
        count += enqueued->duplicate ? 0 : 1;
    }
    return enqueued_count(count);
}

jobs::JobOutcome FanOutHandler::profile_refreshes(std::int64_t period_start) {
    storage::Store store(db_, clock_);
    // Everything not refreshed since this day began: each profile once a day.
    auto users = store.stale_platform_users(period_start);
    if (!users) return retry_storage(users.error());
    auto agents = store.stale_platform_agents(period_start);
    if (!agents) return retry_storage(agents.error());
    std::set<std::int64_t> workspaces;
    std::set<std::int64_t> integrations;
    for (const auto& user : *users) workspaces.insert(user.workspace_id);
    for (const auto& agent : *agents) integrations.insert(agent.integration_id);

    int count = 0;
    auto add = [&](ProfileRefresh::Scope scope,
                   std::int64_t id) -> std::optional<jobs::JobOutcome> {
        const char* name =
            scope == ProfileRefresh::Scope::CustomerWorkspace ? "workspace" : "integration";
        auto enqueued =
            queue_.enqueue({kRefreshProfilesKind, fmt::format("profiles:{}:{}", name, id),
                            fmt::format("scheduled.refresh:{}:{}:{}", name, id, period_start),
                            to_payload(ProfileRefresh{scope, id, period_start})});
        if (!enqueued) return queue_trouble(enqueued.error());
        count += enqueued->duplicate ? 0 : 1;
        return std::nullopt;
    };
    for (auto id : workspaces) {
        if (auto failed = add(ProfileRefresh::Scope::CustomerWorkspace, id)) return *failed;
    }
    for (auto id : integrations) {
        if (auto failed = add(ProfileRefresh::Scope::SupportIntegration, id)) return *failed;
    }
    return enqueued_count(count);
}

}  // namespace megatron::commands::scheduled
