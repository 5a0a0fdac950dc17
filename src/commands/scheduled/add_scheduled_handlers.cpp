#include "commands/scheduled/scheduled_handlers.hpp"

#include "commands/scheduled/scheduled_jobs.hpp"
#include "jobs/runtime.hpp"

#include <boost/json.hpp>

#include <memory>

namespace megatron::commands::scheduled {

jobs::JobOutcome skipped(std::string_view why) {
    return jobs::outcome::Done{boost::json::serialize(boost::json::object{{"skipped", why}}), {}};
}

void add_scheduled_handlers(jobs::HandlerRegistry& registry, jobs::JobQueue& queue,
                            storage::Database& db, const Clock& clock, ScheduledSettings settings) {
    using Task = FanOutHandler::Task;
    const std::pair<const char*, Task> fan_outs[] = {
        {jobs::kEveryMinuteKind, Task::UnpauseReminder},
        {jobs::kEveryHourKind, Task::ArchiveIdle},
        {jobs::kEveryDayKind, Task::RefreshProfiles}};
    for (const auto& fan_out : fan_outs) {
        // A named copy, not a structured binding: clang 14 cannot capture a binding.
        Task task = fan_out.second;
        registry.add(fan_out.first,
                     [task, &queue, &db, &clock, escalate = settings.help_escalate_after] {
                         return std::make_unique<FanOutHandler>(task, queue, db, clock, escalate);
                     });
    }
    const CommandDeps deps{.db = db,
                           .clock = clock,
                           .slack_api_url = settings.slack_api_url,
                           .refresher = settings.refresher,
                           .observers = settings.observers};
    const PayloadReader<ChannelTask> channel_task{"a channel task"};
    add_channel_command(registry, kUnpauseReminderKind, deps, channel_task, unpause_reminder);
    add_channel_command(registry, kArchiveIdleChannelKind, deps, channel_task,
                        [token = settings.verification_token](ChannelRun<ChannelTask>& run) {
                            return archive_idle_channel(run, token);
                        });
    add_command(registry, kPruneRetentionKind, deps,
                PayloadReader<RetentionTask>{"a retention task"},
                [&db, days = settings.retain_days](CommandRun<RetentionTask>& run) {
                    return prune_retention(run, db, days);
                });
    add_command(registry, kRefreshProfilesKind, deps,
                PayloadReader<ProfileRefresh>{"a profile refresh"},
                [&queue](CommandRun<ProfileRefresh>& run) { return refresh_profiles(run, queue); });
    add_channel_command(registry, kRefreshThreadParentKind, deps, channel_task,
                        refresh_thread_parent);
    add_command(registry, kHelpEscalationKind, deps,
                PayloadReader<HelpRequestTask>{"a help request task"},
                [after = settings.help_escalate_after](CommandRun<HelpRequestTask>& run) {
                    return help_escalation(run, after);
                });
    add_channel_command(registry, kHandBackWarningKind, deps, channel_task, hand_back_warning);
    add_channel_command(registry, kHandBackKind, deps, channel_task,
                        [token = settings.verification_token](ChannelRun<ChannelTask>& run) {
                            return hand_back(run, token);
                        });
}

}  // namespace megatron::commands::scheduled
