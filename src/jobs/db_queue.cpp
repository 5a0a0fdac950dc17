#include "jobs/db_queue.hpp"

#include "jobs/pg_listener.hpp"
#include "util/crypto.hpp"
#include "util/request_context.hpp"

#include <fmt/format.h>

#include <map>

namespace megatron::jobs {
namespace {

using storage::Value;

constexpr const char* kJobColumns =
    "id, kind, ordering_key, idempotency_key, payload, attempts, failures, not_before, "
    "last_error, status, result, created_at, request_id";

Job job_from_row(const storage::Row& row) {
    Job job;
    job.id = row.integer(0);
    job.kind = row.text(1);
    job.ordering_key = row.text(2);
    job.idempotency_key = row.text(3);
    job.payload = row.text(4);
    job.attempts = static_cast<int>(row.integer(5));
    job.failures = static_cast<int>(row.integer(6));
    job.not_before_ms = row.integer(7);
    job.last_error = row.text(8);
    job.status = status_from_string(row.text(9)).value_or(JobStatus::Dead);
    job.result = row.text(10);
    job.created_at_ms = row.integer(11);
    job.request_id = row.text(12);
    return job;
}

// The predicate of the partial indexes jobs_active and jobs_key_order, for table `alias`.
std::string unfinished(std::string_view alias) {
    return fmt::format(
        "({0}.status = 'queued' OR {0}.status = 'running' OR {0}.status = 'retrying')", alias);
}

storage::StorageError lease_lost() {
    return {storage::StorageError::Kind::NotFound, "the job's lease was lost"};
}

}  // namespace

DbQueue::DbQueue(storage::Database& db, const Clock& clock, std::string postgres_url)
    : db_(db),
      clock_(clock),
      postgres_url_(std::move(postgres_url)),
      instance_(crypto::random_hex(8)) {
    // The head of each ordering key is its oldest unfinished job; only a head may run, so a
    // key's jobs run one at a time in arrival order. A running head whose lease ran out
    // belonged to a worker that died: it is claimed again.
    //
    // The unfinished-status test is written exactly as in the partial indexes' WHERE
    // (jobs_active, jobs_key_order; jobs migration 3): SQLite uses a partial index only for a
    // literally matching term. On SQLite the indexes are named, too: without statistics its
    // planner otherwise sorted every unfinished job and searched each key's head through the
    // status index: every claim paid for the whole backlog (234 ms of CPU at 20,000 jobs).
    // With them a claim walks unfinished jobs in id order and stops at the first runnable head.
    //
    // Finding the job and leasing it are one statement (one round trip on PostgreSQL).
    const bool sqlite = db_.dialect() == storage::Dialect::Sqlite;
    const std::string claimable = fmt::format(
        "SELECT j.id FROM jobs j{} "
        "WHERE {} "
        "AND j.id = (SELECT MIN(h.id) FROM jobs h{} WHERE h.ordering_key = j.ordering_key "
        "AND {}) "
        "AND ((j.status <> 'running' AND j.not_before <= ?) "
        "OR (j.status = 'running' AND j.lease_until <= ?)) "
        "AND NOT EXISTS (SELECT 1 FROM job_key_delays d WHERE d.ordering_key = j.ordering_key "
        "AND d.until_ms > ?) "
        "ORDER BY j.id LIMIT 1",
        sqlite ? " INDEXED BY jobs_active" : "", unfinished("j"),
        sqlite ? " INDEXED BY jobs_key_order" : "", unfinished("h"));
    claim_sql_ = fmt::format(
        "UPDATE jobs SET status = 'running', claimed_by = ?, lease_until = ?, "
        "attempts = attempts + 1, updated_at = ? WHERE id = ({}{}) RETURNING {}",
        claimable, sqlite ? "" : " FOR UPDATE OF j SKIP LOCKED", kJobColumns);
    claimable_sql_ = claimable;
    // The job is stored running, leased, when its key has nothing unfinished nor delayed: it
    // is then its key's head, exactly as a claim right after the insert would have found it.
    // One statement either way; RETURNING says which it was.
    leased_insert_sql_ = fmt::format(
        "INSERT INTO jobs (kind, ordering_key, idempotency_key, payload, status, not_before, "
        "created_at, updated_at, request_id, claimed_by, lease_until, attempts) "
        "SELECT ?, ?, ?, ?, CASE WHEN b.busy THEN 'queued' ELSE 'running' END, ?, ?, ?, ?, "
        "CASE WHEN b.busy THEN NULL ELSE ? END, CASE WHEN b.busy THEN 0 ELSE ? END, "
        "CASE WHEN b.busy THEN 0 ELSE 1 END "
        "FROM (SELECT (EXISTS (SELECT 1 FROM jobs h INDEXED BY jobs_key_order "
        "WHERE h.ordering_key = ? AND {}) OR EXISTS (SELECT 1 FROM job_key_delays d "
        "WHERE d.ordering_key = ? AND d.until_ms > ?)) AS busy) AS b WHERE true "
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, status",
        unfinished("h"));
}

std::unique_ptr<WorkListener> DbQueue::listen() {
    if (db_.dialect() != storage::Dialect::Postgres || postgres_url_.empty()) return nullptr;
    return std::make_unique<PgListener>(postgres_url_, kJobsNotifyChannel, instance_);
}

storage::StorageResult<void> DbQueue::insert_job(storage::Connection& conn, PendingEnqueue& pending,
                                                 std::int64_t now) {
    const NewJob& job = *pending.job;
    pending.leased = false;
    pending.stored_at = now;
    // RETURNING gives the new id in the same statement; only a duplicate needs a lookup.
    auto inserted =
        pending.lease_to != nullptr
            ? conn.execute(leased_insert_sql_,
                           {job.kind, job.ordering_key, job.idempotency_key, job.payload, now, now,
                            now, pending.request_id, pending.lease_to->dispatch_id(),
                            now + pending.lease_to->lease().count(), job.ordering_key,
                            job.ordering_key, now})
            : conn.execute(
                  "INSERT INTO jobs (kind, ordering_key, idempotency_key, payload, status, "
                  "not_before, created_at, updated_at, request_id) VALUES (?, ?, ?, ?, 'queued', "
                  "?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                  {job.kind, job.ordering_key, job.idempotency_key, job.payload, now, now, now,
                   pending.request_id});
    if (!inserted) return unexpected(inserted.error());
    if (!inserted->rows.empty()) {
        const auto& row = inserted->rows.front();
        pending.out = Enqueued{row.integer(0), false};
        pending.leased = pending.lease_to != nullptr && row.text(1) == "running";
        return {};
    }
    auto id = conn.execute("SELECT id FROM jobs WHERE idempotency_key = ?", {job.idempotency_key});
    if (!id) return unexpected(id.error());
    if (id->rows.empty()) return unexpected(lease_lost());
    pending.out = Enqueued{id->rows.front().integer(0), true};
    return {};
}

storage::StorageResult<void> DbQueue::insert_jobs(storage::Connection& conn,
                                                  std::vector<PendingEnqueue*>& batch,
                                                  std::int64_t now) {
    // PostgreSQL: the whole batch in one INSERT, one round trip instead of one per job (under
    // load those round trips held every producer: acknowledgement p50 2 s at 1,000/s). Ids
    // are drawn in VALUES order, i.e. arrival order, which per-key ordering relies on; a key
    // repeated within the batch is inserted once (DO NOTHING skips the later rows).
    std::string sql =
        "INSERT INTO jobs (kind, ordering_key, idempotency_key, payload, status, not_before, "
        "created_at, updated_at, request_id) VALUES ";
    std::vector<Value> params;
    params.reserve(batch.size() * 8);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const NewJob& job = *batch[i]->job;
        sql +=
            i == 0 ? "(?, ?, ?, ?, 'queued', ?, ?, ?, ?)" : ", (?, ?, ?, ?, 'queued', ?, ?, ?, ?)";
        params.insert(params.end(), {job.kind, job.ordering_key, job.idempotency_key, job.payload,
                                     now, now, now, batch[i]->request_id});
    }
    sql += " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key";
    auto inserted = conn.execute(sql, params);
    if (!inserted) return unexpected(inserted.error());
    std::map<std::string, std::int64_t> fresh;  // key -> id of the job this batch created
    for (const auto& row : inserted->rows) fresh.emplace(row.text(1), row.integer(0));

    // Keys that were there already: one lookup for all of them.
    std::map<std::string, std::int64_t> known;
    std::string in;
    std::vector<Value> keys;
    for (const auto* pending : batch) {
        const auto& key = pending->job->idempotency_key;
        if (fresh.contains(key) || known.contains(key)) continue;
        known.emplace(key, 0);
        in += keys.empty() ? "?" : ", ?";
        keys.emplace_back(key);
    }
    if (!keys.empty()) {
        auto found = conn.execute(
            "SELECT id, idempotency_key FROM jobs WHERE idempotency_key IN (" + in + ")", keys);
        if (!found) return unexpected(found.error());
        for (const auto& row : found->rows) known[row.text(1)] = row.integer(0);
    }

    for (auto* pending : batch) {
        const auto& key = pending->job->idempotency_key;
        if (auto it = fresh.find(key); it != fresh.end()) {
            pending->out = Enqueued{it->second, false};
            known[key] = it->second;  // a later producer of the same key gets a duplicate
            fresh.erase(it);
        } else if (auto id = known.find(key); id != known.end() && id->second != 0) {
            pending->out = Enqueued{id->second, true};
        } else {
            return unexpected(lease_lost());  // gone between the insert and the lookup
        }
    }
    return {};
}

storage::StorageResult<void> DbQueue::lock_ordering_keys(
    storage::Connection& conn, const std::vector<PendingEnqueue*>& batch) {
    // A key's order is the order of its ids, and a claim takes the lowest unfinished id as the
    // key's head. On PostgreSQL ids are drawn before commit: without this lock a producer that
    // drew a lower id and committed later would make its job the head after a later job had
    // started (two running, out of order). With a transaction lock per key taken before the
    // INSERT, producers of one key draw ids one transaction at a time, so id order is commit
    // order. The locks are taken in hash order, so two batches never wait on each other in a
    // cycle; SQLite needs none (one writer at a time).
    std::string values;
    std::vector<Value> keys;
    for (const auto* pending : batch) {
        values += keys.empty() ? "(?::text)" : ", (?::text)";
        keys.emplace_back(pending->job->ordering_key);
    }
    auto locked = conn.execute(
        "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM (VALUES " +
            values + ") AS v(k) ORDER BY h) AS ordered",
        keys);
    if (!locked) return unexpected(locked.error());
    return {};
}

void DbQueue::store_batch(std::vector<PendingEnqueue*>& batch) {
    auto now = clock_.now_millis();
    const bool postgres = db_.dialect() == storage::Dialect::Postgres;
    bool any_new = false;
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        any_new = false;
        if (postgres) {
            auto locked = lock_ordering_keys(conn, batch);
            if (!locked) return locked;
        }
        if (postgres && batch.size() > 1) {
            auto stored = insert_jobs(conn, batch, now);
            if (!stored) return stored;
        } else {
            for (auto* pending : batch) {
                auto stored = insert_job(conn, *pending, now);
                if (!stored) return stored;
            }
        }
        for (const auto* pending : batch) any_new = any_new || !pending->out.duplicate;
        if (!postgres || !any_new) return {};
        // Delivered at commit, to every listening worker process; the payload lets this
        // process's own listener skip it (see pg_listener.hpp).
        auto notified =
            conn.execute(fmt::format("SELECT pg_notify('{}', ?)", kJobsNotifyChannel), {instance_});
        if (!notified) return unexpected(notified.error());
        return {};
    });
    if (done) {
        for (auto* pending : batch) pending->error.reset();
        return;
    }
    if (batch.size() == 1) {
        batch.front()->error = to_queue_error(done.error());
        return;
    }
    // One bad job must not fail the others: each gets a transaction of its own.
    for (auto* pending : batch) {
        std::vector<PendingEnqueue*> alone{pending};
        store_batch(alone);
    }
}

QueueResult<Enqueued> DbQueue::enqueue(const NewJob& job) {
    // Group commit: producers that arrive while a commit is under way are stored together by
    // the next one, in one transaction, each returning only after the commit that holds its
    // job: one round of COMMIT (PostgreSQL) for many jobs; alone, a producer commits at once.
    // SQLite's Database groups every writing transaction already (sqlite_database.cpp); a
    // second grouping here would only add a hand-off between threads.
    // The request id is read here, in the producer's thread: the group commit may store the
    // job from another producer's thread.
    PendingEnqueue me{&job, job.request_id.empty() ? request_context::current() : job.request_id};
    if (db_.dialect() == storage::Dialect::Sqlite) {
        enqueue_local(me, local_dispatcher());
        if (me.error) return unexpected(*me.error);
        return me.out;
    }
    enqueues_.run(me);
    if (me.error) return unexpected(*me.error);
    if (!me.out.duplicate) signal_new_work();
    return me.out;
}

void DbQueue::enqueue_local(PendingEnqueue& me, LocalDispatcher* local) {
    // A worker is held before the job is stored, so a job stored leased always has one.
    const bool held = local != nullptr && local->reserve();
    me.lease_to = held ? local : nullptr;
    std::vector<PendingEnqueue*> alone{&me};
    store_batch(alone);
    if (held && !me.error && me.leased) {
        const NewJob& stored = *me.job;
        Job job;
        job.id = me.out.id;
        job.kind = stored.kind;
        job.ordering_key = stored.ordering_key;
        job.idempotency_key = stored.idempotency_key;
        job.payload = stored.payload;
        job.attempts = 1;
        job.not_before_ms = me.stored_at;
        job.status = JobStatus::Running;
        job.created_at_ms = me.stored_at;
        job.request_id = me.request_id;
        local->hand(std::move(job));
        return;
    }
    if (held) local->unreserve();
    if (!me.error && !me.out.duplicate) signal_new_work();
}

storage::StorageResult<std::optional<Job>> DbQueue::claim_in(storage::Connection& conn,
                                                             const std::string& worker_id,
                                                             std::chrono::milliseconds lease,
                                                             std::int64_t now) {
    if (db_.dialect() == storage::Dialect::Postgres) {
        // Until ANALYZE has seen the table (a fresh or fast-changing one), PostgreSQL's
        // planner bitmap-scans every unfinished job and sorts them, evaluating the head
        // check for each: 35 ms per claim at a 1,000-job backlog. Walking jobs_active in
        // id order stops at the first runnable head (0.4 ms), whatever the statistics.
        auto planned =
            conn.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off", {});
        if (!planned) return unexpected(planned.error());
    }
    auto claimed = conn.execute(claim_sql_, {worker_id, now + lease.count(), now, now, now, now});
    if (!claimed) return unexpected(claimed.error());
    if (claimed->rows.empty()) return std::optional<Job>{};
    Job job = job_from_row(claimed->rows.front());
    job.result.clear();
    return std::optional<Job>{std::move(job)};
}

QueueResult<std::optional<Job>> DbQueue::claim(const std::string& worker_id,
                                               std::chrono::milliseconds lease) {
    std::optional<Job> claimed;
    auto now = clock_.now_millis();
    if (db_.dialect() == storage::Dialect::Sqlite) {
        // Most claims of their own are an idle worker's poll that finds nothing: a read says
        // so without taking SQLite's write lock (a write transaction through the group
        // commit). Claims that follow a completion skip this (complete_and_claim).
        auto probed = db_.execute(claimable_sql_, {now, now, now});
        if (!probed) return unexpected(to_queue_error(probed.error()));
        if (probed->rows.empty()) return claimed;
    }
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        auto found = claim_in(conn, worker_id, lease, now);
        if (!found) return unexpected(found.error());
        claimed = std::move(*found);
        return {};
    });
    if (!done) return unexpected(to_queue_error(done.error()));
    return claimed;
}

QueueResult<void> DbQueue::update_claimed(const Job& job, const std::string& set_sql,
                                          std::vector<Value> params) {
    // attempts identifies the claim: a job claimed again after its lease ran out has more.
    params.push_back(job.id);
    params.push_back(static_cast<std::int64_t>(job.attempts));
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        auto updated = conn.execute(
            "UPDATE jobs SET " + set_sql + " WHERE id = ? AND status = 'running' AND attempts = ?",
            params);
        if (!updated) return unexpected(updated.error());
        if (updated->affected != 1) return unexpected(lease_lost());
        return {};
    });
    if (!done) return unexpected(to_queue_error(done.error()));
    return {};
}

storage::StorageResult<void> DbQueue::complete_in(storage::Connection& conn, const Job& job,
                                                  const std::string& result,
                                                  const CompletionWrites& writes,
                                                  std::int64_t now) {
    auto updated = conn.execute(
        "UPDATE jobs SET status = 'done', result = ?, claimed_by = NULL, last_error = '', "
        "updated_at = ? WHERE id = ? AND status = 'running' AND attempts = ?",
        {result, now, job.id, static_cast<std::int64_t>(job.attempts)});
    if (!updated) return unexpected(updated.error());
    if (updated->affected != 1) return unexpected(lease_lost());
    if (writes) return writes(conn);
    return {};
}

QueueResult<void> DbQueue::complete(const Job& job, const std::string& result,
                                    const CompletionWrites& writes) {
    auto now = clock_.now_millis();
    auto done = db_.transaction(
        [&](storage::Connection& conn) { return complete_in(conn, job, result, writes, now); });
    if (!done) return unexpected(to_queue_error(done.error()));
    return {};
}

JobQueue::CompletedAndNext DbQueue::complete_and_claim(const Job& job, const std::string& result,
                                                       const CompletionWrites& writes,
                                                       const std::string& worker_id,
                                                       std::chrono::milliseconds lease) {
    auto now = clock_.now_millis();
    std::optional<Job> next;
    // The completion and the next claim commit together: the completion is as durable as
    // alone, and a claim that fails takes nothing back from it (see the fallback below).
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        next.reset();
        auto completed = complete_in(conn, job, result, writes, now);
        if (!completed) return completed;
        auto claimed = claim_in(conn, worker_id, lease, now);
        if (!claimed) return unexpected(claimed.error());
        next = std::move(*claimed);
        return {};
    });
    if (done) return {QueueResult<void>{}, std::move(next)};
    // Whatever failed (a lost lease, the completion writes, the claim), nothing was
    // committed: do the two steps apart so each reports its own outcome.
    return JobQueue::complete_and_claim(job, result, writes, worker_id, lease);
}

QueueResult<JobStatus> DbQueue::retry_later(const Job& job, std::chrono::milliseconds delay,
                                            const std::string& error, int max_failures) {
    auto now = clock_.now_millis();
    bool dead = job.failures + 1 >= max_failures;
    auto status = dead ? JobStatus::Dead : JobStatus::Retrying;
    auto updated = update_claimed(
        job,
        "status = ?, failures = failures + 1, not_before = ?, last_error = ?, claimed_by = NULL, "
        "updated_at = ?",
        {std::string(to_string(status)), now + delay.count(), error, now});
    if (!updated) return unexpected(updated.error());
    return status;
}

QueueResult<void> DbQueue::rate_limited(const Job& job, std::chrono::milliseconds delay) {
    auto now = clock_.now_millis();
    auto until = now + delay.count();
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        auto updated = conn.execute(
            "UPDATE jobs SET status = 'queued', not_before = ?, claimed_by = NULL, "
            "last_error = 'rate limited', updated_at = ? WHERE id = ? AND status = 'running' "
            "AND attempts = ?",
            {until, now, job.id, static_cast<std::int64_t>(job.attempts)});
        if (!updated) return unexpected(updated.error());
        if (updated->affected != 1) return unexpected(lease_lost());
        auto delayed = conn.execute(
            "INSERT INTO job_key_delays (ordering_key, until_ms) VALUES (?, ?) "
            "ON CONFLICT (ordering_key) DO UPDATE SET until_ms = excluded.until_ms",
            {job.ordering_key, until});
        if (!delayed) return unexpected(delayed.error());
        return {};
    });
    if (!done) return unexpected(to_queue_error(done.error()));
    return {};
}

QueueResult<void> DbQueue::delay_key(const std::string& ordering_key,
                                     std::chrono::milliseconds delay) {
    auto now = clock_.now_millis();
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        // Old delays are useless once passed; clearing them keeps the table small.
        auto cleared = conn.execute("DELETE FROM job_key_delays WHERE until_ms <= ?", {now});
        if (!cleared) return unexpected(cleared.error());
        auto delayed = conn.execute(
            "INSERT INTO job_key_delays (ordering_key, until_ms) VALUES (?, ?) "
            "ON CONFLICT (ordering_key) DO UPDATE SET until_ms = excluded.until_ms",
            {ordering_key, now + delay.count()});
        if (!delayed) return unexpected(delayed.error());
        return {};
    });
    if (!done) return unexpected(to_queue_error(done.error()));
    return {};
}

QueueResult<void> DbQueue::dead_letter(const Job& job, const std::string& error) {
    auto now = clock_.now_millis();
    return update_claimed(job, "status = 'dead', last_error = ?, claimed_by = NULL, updated_at = ?",
                          {error, now});
}

QueueResult<void> DbQueue::release(const Job& job) {
    auto now = clock_.now_millis();
    // It never ran: the attempt it was counted for is given back.
    return update_claimed(job,
                          "status = 'queued', attempts = attempts - 1, claimed_by = NULL, "
                          "lease_until = 0, updated_at = ?",
                          {now});
}

QueueResult<void> DbQueue::renew(const Job& job, std::chrono::milliseconds lease) {
    auto now = clock_.now_millis();
    return update_claimed(job, "lease_until = ?, updated_at = ?", {now + lease.count(), now});
}

QueueResult<std::int64_t> DbQueue::prune_done(std::int64_t before_ms, int batch) {
    // A bounded batch per statement keeps each write transaction (and SQLite's lock) short.
    auto deleted = db_.execute(
        "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'done' AND "
        "updated_at < ? ORDER BY updated_at LIMIT ?)",
        {before_ms, static_cast<std::int64_t>(batch)});
    if (!deleted) return unexpected(to_queue_error(deleted.error()));
    return deleted->affected;
}

QueueResult<std::vector<Job>> DbQueue::list(const std::vector<JobStatus>& statuses, int limit) {
    std::string sql = fmt::format("SELECT {} FROM jobs", kJobColumns);
    std::vector<Value> params;
    if (!statuses.empty()) {
        sql += " WHERE status IN (";
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            sql += i == 0 ? "?" : ", ?";
            params.emplace_back(std::string(to_string(statuses[i])));
        }
        sql += ")";
    }
    sql += " ORDER BY id LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(limit));
    auto found = db_.execute(sql, params);
    if (!found) return unexpected(to_queue_error(found.error()));
    std::vector<Job> jobs;
    jobs.reserve(found->rows.size());
    for (const auto& row : found->rows) jobs.push_back(job_from_row(row));
    return jobs;
}

QueueResult<std::optional<Job>> DbQueue::find(std::int64_t id) {
    auto found = db_.execute(fmt::format("SELECT {} FROM jobs WHERE id = ?", kJobColumns), {id});
    if (!found) return unexpected(to_queue_error(found.error()));
    if (found->rows.empty()) return std::optional<Job>{};
    return std::optional<Job>{job_from_row(found->rows.front())};
}

QueueResult<void> DbQueue::retry_dead(std::int64_t id) {
    auto now = clock_.now_millis();
    auto updated = db_.execute(
        "UPDATE jobs SET status = 'queued', failures = 0, not_before = ?, updated_at = ? "
        "WHERE id = ? AND status = 'dead'",
        {now, now, id});
    if (!updated) return unexpected(to_queue_error(updated.error()));
    if (updated->affected != 1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "no dead job with that id"});
    }
    return {};
}

QueueResult<void> DbQueue::drop_dead(std::int64_t id) {
    auto deleted = db_.execute("DELETE FROM jobs WHERE id = ? AND status = 'dead'", {id});
    if (!deleted) return unexpected(to_queue_error(deleted.error()));
    if (deleted->affected != 1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "no dead job with that id"});
    }
    return {};
}

QueueResult<std::vector<WaitingJobs>> DbQueue::waiting_by_kind() {
    // The oldest unfinished jobs through the partial index jobs_active (its predicate written
    // as in the index, so SQLite uses it), at most kWaitingScanLimit of them, then grouped.
    const bool sqlite = db_.dialect() == storage::Dialect::Sqlite;
    auto found = db_.execute(
        fmt::format("SELECT kind, COUNT(*), MIN(created_at) FROM (SELECT j.kind, j.status, "
                    "j.created_at FROM jobs j{} WHERE {} ORDER BY j.id LIMIT ?) AS oldest "
                    "WHERE status <> 'running' GROUP BY kind ORDER BY kind",
                    sqlite ? " INDEXED BY jobs_active" : "", unfinished("j")),
        {static_cast<std::int64_t>(kWaitingScanLimit)});
    if (!found) return unexpected(to_queue_error(found.error()));
    std::vector<WaitingJobs> waiting;
    for (const auto& row : found->rows) {
        waiting.push_back({row.text(0), row.integer(1), row.integer(2)});
    }
    return waiting;
}

QueueResult<JobCounts> DbQueue::counts() {
    auto found = db_.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status");
    if (!found) return unexpected(to_queue_error(found.error()));
    JobCounts counts;
    for (const auto& row : found->rows) {
        auto status = status_from_string(row.text(0));
        if (!status) continue;
        auto n = row.integer(1);
        switch (*status) {
            case JobStatus::Queued:
                counts.queued = n;
                break;
            case JobStatus::Running:
                counts.running = n;
                break;
            case JobStatus::Retrying:
                counts.retrying = n;
                break;
            case JobStatus::Done:
                counts.done = n;
                break;
            case JobStatus::Dead:
                counts.dead = n;
                break;
        }
    }
    return counts;
}

QueueResult<std::int64_t> DbQueue::forget_key(const std::string& ordering_key) {
    std::int64_t deleted = 0;
    auto done = db_.transaction([&](storage::Connection& conn) -> storage::StorageResult<void> {
        auto jobs = conn.execute("DELETE FROM jobs WHERE ordering_key = ?", {ordering_key});
        if (!jobs) return unexpected(jobs.error());
        deleted = jobs->affected;
        auto delay =
            conn.execute("DELETE FROM job_key_delays WHERE ordering_key = ?", {ordering_key});
        if (!delay) return unexpected(delay.error());
        return {};
    });
    if (!done) return unexpected(to_queue_error(done.error()));
    return deleted;
}

}  // namespace megatron::jobs
