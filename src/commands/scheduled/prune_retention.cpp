// scheduled.prune_retention: MEGATRON_RETAIN_DAYS applied once an hour, in batches of a few
// hundred rows each in its own short transaction, so the relay's writers wait at most one
// batch behind it; a backlog larger than one run's budget is continued next hour.
// Between batches the run pauses four times as long as the batch took: SQLite has one writer,
// and batches run back to back took nearly every write (the relay fell from 1,611 to 99
// relays/s while a 500,000-row backlog was pruned; BENCHMARKS.md). Pruning now holds at most a
// fifth of the writer's time, whatever the back end.
#include "commands/scheduled/scheduled_handlers.hpp"
#include "storage/retention.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace megatron::commands::scheduled {
namespace {

constexpr int kBatchRows = 500;
constexpr int kBatchesPerRun = 200;  // at most 100,000 rows of each kind an hour
constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr int kPauseFactor = 4;  // pause after a batch = this many times the batch's duration
constexpr std::chrono::milliseconds kMinPause{2};
// A run also ends after this much wall time (the rest waits for the next hour): a worker
// finishes the job it runs before the process stops, so a run must stay short.
constexpr std::chrono::seconds kRunBudget{20};

// A batch that deleted fewer rows of every kind than it could found nothing more to delete.
bool exhausted(const storage::PruneCounts& c) {
    return c.message_mappings < kBatchRows && c.profiles < kBatchRows &&
           c.processed_events < kBatchRows;
}

}  // namespace

jobs::JobOutcome prune_retention(CommandRun<RetentionTask>& run, storage::Database& db,
                                 long retain_days) {
    const std::int64_t cutoff = run.clock.now_millis() - retain_days * kDayMs;
    storage::PruneCounts pruned;
    const auto run_ends = std::chrono::steady_clock::now() + kRunBudget;
    for (int batch = 0; batch < kBatchesPerRun && std::chrono::steady_clock::now() < run_ends;
         ++batch) {
        const auto started = std::chrono::steady_clock::now();
        auto counts = storage::prune_batch(db, cutoff, kBatchRows);
        if (!counts) return retry_storage(counts.error());
        pruned.message_mappings += counts->message_mappings;
        pruned.profiles += counts->profiles;
        pruned.processed_events += counts->processed_events;
        if (exhausted(*counts)) break;
        // Wall time, not the job's clock: the pause is about the database's writer.
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        std::this_thread::sleep_for(std::max(kMinPause, took * kPauseFactor));
    }
    return done({{"message_mappings", pruned.message_mappings},
                 {"profiles", pruned.profiles},
                 {"processed_events", pruned.processed_events}});
}

}  // namespace megatron::commands::scheduled
