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
                             const Clock& clock, std::chrono::minutes help_escalate_after)
    : task_(task),
      queue_(queue),
      db_(db),
      clock_(clock),
      help_escalate_after_(help_escalate_after) {}

jobs::JobOutcome FanOutHandler::run(const jobs::Job& job) {
    // Without a period (an older or hand-made job) the current time stands in for it.
    auto period = period_start_from(job.payload).value_or(clock_.now_millis());
    switch (task_) {
        case Task::UnpauseReminder:
            return every_minute();
        case Task::ArchiveIdle:
            return archives(period);
        case Task::RefreshProfiles:
            return profile_refreshes(period);
    }
    return jobs::outcome::Fatal{"unknown scheduled task"};
}

// The minute's tasks, one after the other; the first that cannot enqueue makes the minute's
// job retry (what the others enqueued stays: their keys make the retry add nothing).
jobs::JobOutcome FanOutHandler::every_minute() {
    int count = 0;
    for (auto task :
         {&FanOutHandler::reminders, &FanOutHandler::escalations, &FanOutHandler::hand_backs}) {
        auto outcome = (this->*task)(count);
        if (!std::holds_alternative<jobs::outcome::Done>(outcome)) return outcome;
    }
    return enqueued_count(count);
}

jobs::JobOutcome FanOutHandler::reminders(int& count) {
    storage::Store store(db_, clock_);
    auto now = clock_.now_millis();
    auto quiet_before =
        now - std::chrono::duration_cast<std::chrono::milliseconds>(kReminderAfterQuiet).count();
    auto channels = store.paused_channels(quiet_before);
    if (!channels) return retry_storage(channels.error());
    for (const auto& channel : *channels) {
        if (!reminder_due(channel, now)) continue;
        // The key names the quiet period (its last message), so each period gets one reminder
        // however many minute ticks see it before the job has run.
        auto enqueued = queue_.enqueue(
            {kUnpauseReminderKind, channel_ordering_key(channel.id),
             fmt::format("scheduled.reminder:{}:{}", channel.id, channel.last_message_sent),
             payload::write(ChannelTask{channel.id})});
        if (!enqueued) return queue_trouble(enqueued.error());
        count += enqueued->duplicate ? 0 : 1;
    }
    return enqueued_count(count);
}

// Help requests unclaimed for help_escalate_after: one job per request ever (the key names
// only the request), so every process's minute ticks together remind once.
jobs::JobOutcome FanOutHandler::escalations(int& count) {
    storage::Store store(db_, clock_);
    auto due_before =
        clock_.now_millis() -
        std::chrono::duration_cast<std::chrono::milliseconds>(help_escalate_after_).count();
    auto requests = store.unclaimed_help_requests(due_before);
    if (!requests) return retry_storage(requests.error());
    for (const auto& request : *requests) {
        auto enqueued =
            queue_.enqueue({kHelpEscalationKind, fmt::format("help_request:{}", request.id),
                            fmt::format("scheduled.help_escalation:{}", request.id),
                            payload::write(HelpRequestTask{request.id})});
        if (!enqueued) return queue_trouble(enqueued.error());
        count += enqueued->duplicate ? 0 : 1;
    }
    return enqueued_count(count);
}

// Hand-back: the warning, then (warned, a minute later) the hand-back. Keys name the quiet
// period (its start), so each period gets one of each; an agent's message or Keep paused
// starts a new period.
jobs::JobOutcome FanOutHandler::hand_backs(int& count) {
    storage::Store store(db_, clock_);
    auto now = clock_.now_millis();
    auto timers = store.hand_back_timers();
    if (!timers) return retry_storage(timers.error());
    for (const auto& timer : *timers) {
        const char* kind = hand_back_due(timer, now)           ? kHandBackKind
                           : hand_back_warning_due(timer, now) ? kHandBackWarningKind
                                                               : nullptr;
        if (kind == nullptr) continue;
        auto enqueued =
            queue_.enqueue({kind, channel_ordering_key(timer.channel_id),
                            fmt::format("{}:{}:{}", kind, timer.channel_id, timer.quiet_since),
                            payload::write(ChannelTask{timer.channel_id})});
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
                                   payload::write(RetentionTask{period_start})});
    if (!pruning) return queue_trouble(pruning.error());
    count += pruning->duplicate ? 0 : 1;
    for (const auto& channel : *channels) {
        // One key per hour: a channel whose archive failed for good is tried again next hour.
        auto enqueued =
            queue_.enqueue({kArchiveIdleChannelKind, channel_ordering_key(channel.id),
                            fmt::format("scheduled.archive:{}:{}", channel.id, period_start),
                            payload::write(ChannelTask{channel.id})});
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
                            payload::write(ProfileRefresh{scope, id, period_start})});
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
