// scheduled.prune_retention: MEGATRON_RETAIN_DAYS applied once an hour, in batches of a few
// hundred rows each in its own short transaction, so the relay's writers wait at most one
// batch behind it; a backlog larger than one run's budget is continued next hour.
#include "commands/scheduled/scheduled_handlers.hpp"
#include "storage/retention.hpp"

#include <boost/json.hpp>

namespace megatron::commands::scheduled {
namespace {

constexpr int kBatchRows = 500;
constexpr int kBatchesPerRun = 200;  // at most 100,000 rows of each kind an hour
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

}  // namespace

jobs::JobOutcome prune_retention(CommandRun<RetentionTask>& run, storage::Database& db,
                                 long retain_days) {
    const std::int64_t cutoff = run.clock.now_millis() - retain_days * kDayMs;
    storage::PruneCounts pruned;
    for (int batch = 0; batch < kBatchesPerRun; ++batch) {
        auto counts = storage::prune_batch(db, cutoff, kBatchRows);
        if (!counts) return retry_storage(counts.error());
        pruned.message_mappings += counts->message_mappings;
        pruned.profiles += counts->profiles;
        pruned.processed_events += counts->processed_events;
        if (counts->total() == 0) break;
    }
    return done({{"message_mappings", pruned.message_mappings},
                 {"profiles", pruned.profiles},
                 {"processed_events", pruned.processed_events}});
}

}  // namespace megatron::commands::scheduled
