#include "jobs/migrations.hpp"

#include <vector>

namespace megatron::jobs {
namespace {

// Times are epoch milliseconds in BIGINT columns so both dialects compare them the same way.
constexpr const char* kJobsColumns = R"(
  kind TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  result TEXT,
  claimed_by TEXT,
  lease_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_key_order ON jobs (ordering_key, id) WHERE status IN ('queued', 'running', 'retrying');
CREATE INDEX jobs_status ON jobs (status, id);
CREATE TABLE job_key_delays (
  ordering_key TEXT PRIMARY KEY,
  until_ms BIGINT NOT NULL
);
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until_ms BIGINT NOT NULL
);
)";

// SQLite evaluates `status IN (...)` in a partial index's WHERE by building a temporary b-tree
// for the list, on every write that touches the row: four per job completion, each allocated
// and freed (the free trimmed the heap with madvise, TLB shootdowns included): ~10% of the
// relay's CPU. The same set written as ORs is plain comparisons. The claim query repeats this
// predicate word for word (kUnfinished in db_queue.cpp), as a partial index requires.
constexpr const char* kUnfinishedIndexesWithoutInList = R"(
DROP INDEX jobs_key_order;
DROP INDEX jobs_active;
CREATE INDEX jobs_key_order ON jobs (ordering_key, id) WHERE (status = 'queued' OR status = 'running' OR status = 'retrying');
CREATE INDEX jobs_active ON jobs (id) WHERE (status = 'queued' OR status = 'running' OR status = 'retrying');
)";

// jobs_status (status, id) changed on every status change, three times per job, for the sake
// of admin listings (rare; a table scan is fine) and pruning. Pruning needs only done jobs by
// age, and a job enters this index once, when it is done.
constexpr const char* kDoneIndexInsteadOfStatusIndex = R"(
DROP INDEX jobs_status;
CREATE INDEX jobs_done ON jobs (updated_at) WHERE status = 'done';
)";

// The request a job came from, so its worker's log lines carry that request's id. Version 40:
// the observability work's range (docs/metrics.md).
constexpr const char* kRequestIdColumn =
    "ALTER TABLE jobs ADD COLUMN request_id TEXT NOT NULL DEFAULT '';";

std::vector<storage::Migration> build() {
    std::string columns = kJobsColumns;
    // Claims walk the unfinished jobs in id order and stop at the first runnable head; this
    // index holds only unfinished jobs, so done ones (kept for a day) cost the walk nothing.
    const std::string active_index =
        "CREATE INDEX jobs_active ON jobs (id) WHERE status IN ('queued', 'running', 'retrying');";
    return {
        storage::Migration{"jobs", 1, "create jobs, job_key_delays, job_leases",
                           "CREATE TABLE jobs (\n  id INTEGER PRIMARY KEY AUTOINCREMENT," + columns,
                           "CREATE TABLE jobs (\n  id BIGSERIAL PRIMARY KEY," + columns},
        storage::Migration{"jobs", 2, "index of unfinished jobs in id order", active_index,
                           active_index},
        storage::Migration{"jobs", 3, "unfinished-job indexes without an IN list",
                           kUnfinishedIndexesWithoutInList, kUnfinishedIndexesWithoutInList},
        storage::Migration{"jobs", 4, "index of done jobs by age instead of all jobs by status",
                           kDoneIndexInsteadOfStatusIndex, kDoneIndexInsteadOfStatusIndex},
        storage::Migration{"jobs", 40, "request id of the job's origin", kRequestIdColumn,
                           kRequestIdColumn}};
}

}  // namespace

std::span<const storage::Migration> migrations() {
    static const std::vector<storage::Migration> all = build();  // immutable once built
    return all;
}

}  // namespace megatron::jobs
