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
    for (const auto& [kind, task] : fan_outs) {
        registry.add(kind, [task, &queue, &db, &clock] {
            return std::make_unique<FanOutHandler>(task, queue, db, clock);
        });
    }
    auto shared = std::make_shared<const ScheduledSettings>(std::move(settings));
    registry.add(kUnpauseReminderKind, [&db, &clock, shared] {
        return std::make_unique<UnpauseReminderHandler>(db, clock, *shared);
    });
    registry.add(kArchiveIdleChannelKind, [&db, &clock, shared] {
        return std::make_unique<ArchiveIdleChannelHandler>(db, clock, *shared);
    });
    registry.add(kRefreshProfilesKind, [&db, &clock, shared] {
        return std::make_unique<RefreshProfilesHandler>(db, clock, *shared);
    });
}

}  // namespace megatron::commands::scheduled
