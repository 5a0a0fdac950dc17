// The queue's guarantees on every back end: SQLite, PostgreSQL, Redis Streams.
#include "job_backend.hpp"
#include "jobs/queue.hpp"
#include "util/request_context.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

NewJob job(const std::string& key, const std::string& idem, const std::string& payload = "{}") {
    return NewJob{"test.kind", key, idem, payload};
}

class DbQueueTest : public ::testing::TestWithParam<Backend> {
  protected:
    DbQueueTest()
        : database_(GetParam()), db_(database_.open()), queue_ptr_(database_.queue(*db_, clock_)) {}

    std::optional<Job> claim(const std::string& worker = "w1",
                             std::chrono::milliseconds lease = 60s) {
        auto claimed = queue_.claim(worker, lease);
        EXPECT_TRUE(claimed) << claimed.error().message;
        return claimed ? *claimed : std::nullopt;
    }

    TestDatabase database_;
    std::unique_ptr<storage::Database> db_;
    ManualClock clock_;
    std::unique_ptr<JobQueue> queue_ptr_;
    JobQueue& queue_ = *queue_ptr_;
};

TEST_P(DbQueueTest, EnqueuedJobIsStoredBeforeEnqueueReturnsAndKeyedByIdempotency) {
    auto first = queue_.enqueue(job("C1", "post-1", R"({"n":1})"));
    ASSERT_OK(first);
    EXPECT_FALSE(first->duplicate);

    // Another connection (as another process) sees it at once.
    auto other_db = database_.open();
    auto other = database_.queue(*other_db, clock_);
    auto found = other->find(first->id);
    ASSERT_OK(found);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->payload, R"({"n":1})");
    EXPECT_EQ((*found)->status, JobStatus::Queued);

    auto again = queue_.enqueue(job("C1", "post-1", R"({"n":2})"));
    ASSERT_OK(again);
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(again->id, first->id);
    auto counts = queue_.counts();
    ASSERT_OK(counts);
    EXPECT_EQ(counts->queued, 1);
}

TEST_P(DbQueueTest, WaitingJobsAreCountedByKindWithTheOldestsCreationTime) {
    auto start = clock_.millis();
    ASSERT_OK(queue_.enqueue(NewJob{"relay.b", "K1", "b1", "{}"}));
    ASSERT_OK(queue_.enqueue(NewJob{"relay.b", "K2", "b2", "{}"}));
    ASSERT_OK(queue_.enqueue(NewJob{"relay.a", "K3", "a1", "{}"}));
    clock_.advance(5s);
    ASSERT_OK(queue_.enqueue(NewJob{"relay.a", "K4", "a2", "{}"}));
    // A retrying job waits; a running one does not, nor a dead one.
    auto b1 = claim("w1");
    ASSERT_TRUE(b1);
    EXPECT_EQ(b1->idempotency_key, "b1");
    EXPECT_EQ(b1->created_at_ms, start);
    ASSERT_OK(queue_.retry_later(*b1, 60s, "try again", 5));
    auto b2 = claim("w2");
    ASSERT_TRUE(b2);
    EXPECT_EQ(b2->idempotency_key, "b2");
    ASSERT_OK(queue_.dead_letter(*b2, "gone"));
    auto a1 = claim("w3");
    ASSERT_TRUE(a1);
    EXPECT_EQ(a1->idempotency_key, "a1");

    auto waiting = queue_.waiting_by_kind();
    ASSERT_OK(waiting);
    ASSERT_EQ(waiting->size(), 2u);
    EXPECT_EQ((*waiting)[0].kind, "relay.a");
    EXPECT_EQ((*waiting)[0].count, 1);
    EXPECT_EQ((*waiting)[0].oldest_created_ms, start + 5000);
    EXPECT_EQ((*waiting)[1].kind, "relay.b");
    EXPECT_EQ((*waiting)[1].count, 1);
    EXPECT_EQ((*waiting)[1].oldest_created_ms, start);

    ASSERT_OK(queue_.complete(*a1, "{}"));
    auto a2 = claim("w4");
    ASSERT_TRUE(a2);
    waiting = queue_.waiting_by_kind();
    ASSERT_OK(waiting);
    ASSERT_EQ(waiting->size(), 1u) << "relay.a has nothing waiting";
    EXPECT_EQ((*waiting)[0].kind, "relay.b");
}

TEST_P(DbQueueTest, AJobKeepsTheRequestIdOfTheThreadThatEnqueuedIt) {
    {
        request_context::Scope request("req-42");
        ASSERT_OK(queue_.enqueue(job("A", "a1")));
    }
    NewJob named = job("B", "b1");
    named.request_id = "req-given";
    ASSERT_OK(queue_.enqueue(named));
    ASSERT_OK(queue_.enqueue(job("C", "c1")));  // outside any request
    std::map<std::string, std::string> ids;
    for (int i = 0; i < 3; ++i) {
        auto claimed = claim("w" + std::to_string(i));
        ASSERT_TRUE(claimed);
        ids[claimed->idempotency_key] = claimed->request_id;
    }
    EXPECT_EQ(ids["a1"], "req-42");
    EXPECT_EQ(ids["b1"], "req-given");
    EXPECT_EQ(ids["c1"], "");
}

TEST_P(DbQueueTest, JobsOfOneKeyRunOneAtATimeInArrivalOrderOtherKeysInParallel) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    ASSERT_OK(queue_.enqueue(job("A", "a2")));
    ASSERT_OK(queue_.enqueue(job("B", "b1")));

    auto a1 = claim();
    ASSERT_TRUE(a1);
    EXPECT_EQ(a1->idempotency_key, "a1");
    EXPECT_EQ(a1->attempts, 1);
    auto b1 = claim("w2");
    ASSERT_TRUE(b1);
    EXPECT_EQ(b1->idempotency_key, "b1");
    EXPECT_FALSE(claim("w3")) << "a2 must wait for a1";

    ASSERT_OK(queue_.complete(*a1, R"({"ok":true})"));
    auto a2 = claim("w3");
    ASSERT_TRUE(a2);
    EXPECT_EQ(a2->idempotency_key, "a2");
    auto done = queue_.find(a1->id);
    ASSERT_OK(done);
    EXPECT_EQ((*done)->status, JobStatus::Done);
    EXPECT_EQ((*done)->result, R"({"ok":true})");
}

TEST_P(DbQueueTest, RetryableFailureWaitsItsDelayAndIsParkedDeadAfterMaxFailures) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    ASSERT_OK(queue_.enqueue(job("A", "a2")));
    for (int failure = 1; failure <= 3; ++failure) {
        auto a1 = claim();
        ASSERT_TRUE(a1) << "failure " << failure;
        EXPECT_EQ(a1->idempotency_key, "a1");
        auto status = queue_.retry_later(*a1, 1000ms, "slack 503 #" + std::to_string(failure), 3);
        ASSERT_OK(status);
        if (failure < 3) {
            EXPECT_EQ(*status, JobStatus::Retrying);
            EXPECT_FALSE(claim()) << "neither a1 (waiting) nor a2 (behind a1) may run";
            clock_.advance(999ms);
            EXPECT_FALSE(claim());
            clock_.advance(2ms);
        } else {
            EXPECT_EQ(*status, JobStatus::Dead);
        }
    }
    auto dead = queue_.list({JobStatus::Dead}, 10);
    ASSERT_OK(dead);
    ASSERT_EQ(dead->size(), 1u);
    EXPECT_EQ(dead->front().last_error, "slack 503 #3");
    EXPECT_EQ(dead->front().failures, 3);

    // A dead job no longer holds its key back.
    auto a2 = claim();
    ASSERT_TRUE(a2);
    EXPECT_EQ(a2->idempotency_key, "a2");
    ASSERT_OK(queue_.complete(*a2, "{}"));

    ASSERT_OK(queue_.retry_dead(dead->front().id));
    auto again = claim();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, dead->front().id);
    EXPECT_EQ(again->failures, 0);
    auto not_dead = queue_.retry_dead(again->id);
    ASSERT_FALSE(not_dead);
    EXPECT_EQ(not_dead.error().kind, QueueError::Kind::NotFound);
}

TEST_P(DbQueueTest, RateLimitHoldsTheWholeKeyForRetryAfterWithoutCountingAFailure) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    ASSERT_OK(queue_.enqueue(job("A", "a2")));
    ASSERT_OK(queue_.enqueue(job("B", "b1")));
    auto a1 = claim();
    ASSERT_TRUE(a1);
    ASSERT_OK(queue_.rate_limited(*a1, 5000ms));
    auto b1 = claim();
    ASSERT_TRUE(b1);
    EXPECT_EQ(b1->ordering_key, "B");
    ASSERT_OK(queue_.complete(*b1, "{}"));
    EXPECT_FALSE(claim());
    clock_.advance(4999ms);
    EXPECT_FALSE(claim());
    clock_.advance(2ms);
    auto again = claim();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->idempotency_key, "a1");
    EXPECT_EQ(again->attempts, 2);
    EXPECT_EQ(again->failures, 0);
}

TEST_P(DbQueueTest, DelayedKeyIsNotClaimedBeforeItsTime) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    ASSERT_OK(queue_.enqueue(job("B", "b1")));
    ASSERT_OK(queue_.delay_key("A", 2000ms));
    auto first = claim();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->ordering_key, "B");
    EXPECT_FALSE(claim());
    clock_.advance(2001ms);
    auto second = claim();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->ordering_key, "A");
}

TEST_P(DbQueueTest, JobOfADeadWorkerIsClaimedAgainAfterItsLeaseAndTheOldClaimIsVoid) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto first = claim("w1", 300ms);
    ASSERT_TRUE(first);
    EXPECT_FALSE(claim("w2", 300ms));
    // The database compares with the clock; Redis measures a pending entry's idle time itself.
    clock_.advance(301ms);
    std::this_thread::sleep_for(350ms);
    auto second = claim("w2", 300ms);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, first->id);
    EXPECT_EQ(second->attempts, 2) << "the second run knows an earlier one may have acted";

    auto late = queue_.complete(*first, R"({"by":"w1"})");
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, QueueError::Kind::NotFound);
    ASSERT_OK(queue_.complete(*second, R"({"by":"w2"})"));
    auto done = queue_.find(first->id);
    ASSERT_OK(done);
    EXPECT_EQ((*done)->result, R"({"by":"w2"})");
}

// Issue #15 (Redis): the completion's writes were committed before the lease was checked, so
// a worker whose lease had run out (its job already claimed again) still wrote them.
TEST_P(DbQueueTest, ALateCompletionWritesNothing) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto first = claim("w1", 300ms);
    ASSERT_TRUE(first);
    clock_.advance(301ms);
    std::this_thread::sleep_for(350ms);
    auto second = claim("w2", 300ms);
    ASSERT_TRUE(second);
    bool wrote = false;
    auto late = queue_.complete(*first, "{}", [&](storage::Connection&) {
        wrote = true;
        return storage::StorageResult<void>();
    });
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, QueueError::Kind::NotFound);
    EXPECT_FALSE(wrote) << "the writes of a lost lease ran";
}

TEST_P(DbQueueTest, CompletionWritesCommitTogetherWithTheCompletionOrNotAtAll) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto a1 = claim();
    ASSERT_TRUE(a1);
    auto failing = queue_.complete(*a1, "{}", [](storage::Connection& conn) {
        auto r = conn.execute("INSERT INTO no_such_table (x) VALUES (1)");
        if (!r) return storage::StorageResult<void>(unexpected(r.error()));
        return storage::StorageResult<void>();
    });
    ASSERT_FALSE(failing);
    auto still = queue_.find(a1->id);
    ASSERT_OK(still);
    EXPECT_EQ((*still)->status, JobStatus::Running) << "completion rolled back with the write";

    ASSERT_OK(queue_.complete(*a1, "{}", [](storage::Connection& conn) {
        auto r = conn.execute(
            "INSERT INTO job_leases (name, holder, until_ms) VALUES (?, ?, ?)",
            {std::string("written-with-completion"), std::string("t"), std::int64_t{1}});
        if (!r) return storage::StorageResult<void>(unexpected(r.error()));
        return storage::StorageResult<void>();
    }));
    auto rows =
        db_->execute("SELECT COUNT(*) FROM job_leases WHERE name = 'written-with-completion'");
    ASSERT_OK(rows);
    EXPECT_EQ(rows->rows.at(0).integer(0), 1);
}

TEST_P(DbQueueTest, FatalErrorParksTheJobAndDropRemovesIt) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto a1 = claim();
    ASSERT_TRUE(a1);
    ASSERT_OK(queue_.dead_letter(*a1, "channel_not_found"));
    auto found = queue_.find(a1->id);
    ASSERT_OK(found);
    EXPECT_EQ((*found)->status, JobStatus::Dead);
    EXPECT_EQ((*found)->last_error, "channel_not_found");
    ASSERT_OK(queue_.drop_dead(a1->id));
    auto gone = queue_.find(a1->id);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());
}

TEST_P(DbQueueTest, ReleasedJobIsHandedBackWithoutCountingTheAttempt) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto a1 = claim();
    ASSERT_TRUE(a1);
    ASSERT_OK(queue_.release(*a1));
    auto again = claim();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->attempts, 1);
}

// Many workers on two connections pools (two "processes"): every job runs exactly once and
// each key's jobs run in arrival order, never two of one key at a time.
TEST_P(DbQueueTest, ConcurrentWorkersKeepPerKeyOrderAndRunEachJobOnce) {
    constexpr int kKeys = 8;
    constexpr int kPerKey = 15;
    for (int n = 0; n < kPerKey; ++n) {
        for (int k = 0; k < kKeys; ++k) {
            ASSERT_OK(queue_.enqueue(job("K" + std::to_string(k),
                                         "k" + std::to_string(k) + "-" + std::to_string(n),
                                         std::to_string(n))));
        }
    }
    auto second_db = database_.open();
    auto second_queue = database_.queue(*second_db, clock_);
    JobQueue& second = *second_queue;
    std::mutex mutex;
    std::map<std::string, std::vector<int>> seen;
    std::set<std::string> running;
    std::atomic<int> overlaps{0};
    std::atomic<int> errors{0};
    auto worker = [&](JobQueue& q, const std::string& name) {
        int idle = 0;
        while (idle < 50) {
            auto claimed = q.claim(name, 60s);
            if (!claimed) {
                ++errors;
                continue;
            }
            if (!*claimed) {
                ++idle;
                std::this_thread::sleep_for(2ms);
                continue;
            }
            idle = 0;
            const Job& j = **claimed;
            {
                std::lock_guard lock(mutex);
                if (!running.insert(j.ordering_key).second) ++overlaps;
                seen[j.ordering_key].push_back(std::stoi(j.payload));
            }
            std::this_thread::sleep_for(1ms);  // "work", so an overlapping claim would show
            {
                std::lock_guard lock(mutex);
                running.erase(j.ordering_key);
            }
            if (!q.complete(j, "{}")) ++errors;
        }
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i)
        threads.emplace_back(worker, std::ref(queue_), "a" + std::to_string(i));
    for (int i = 0; i < 3; ++i)
        threads.emplace_back(worker, std::ref(second), "b" + std::to_string(i));
    for (auto& t : threads) t.join();

    EXPECT_EQ(overlaps.load(), 0);
    EXPECT_EQ(errors.load(), 0);
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(kKeys));
    for (const auto& [key, order] : seen) {
        std::vector<int> expected(kPerKey);
        for (int n = 0; n < kPerKey; ++n) expected[n] = n;
        EXPECT_EQ(order, expected) << key;
    }
}

// Issue #15, PostgreSQL with two producers: ids are drawn before commit, so a job whose
// producer committed late used to become its key's head while a later job already ran (two
// running at once, the later one first). A trigger holds producer A's commit for 0.8 s
// after it drew its id; producer B enqueues for the same key meanwhile. A key never has two
// running jobs, and its jobs complete in the order their enqueues returned (committed).
TEST(DbQueuePostgres, AKeysJobsRunInCommitOrderWhenAProducerCommitsLate) {
    TestDatabase database(Backend::Postgres);
    auto setup = database.open();
    auto trigger = setup->execute(
        "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.payload = 'slow' THEN PERFORM pg_sleep(0.8); END IF; RETURN NEW; END $$; "
        "CREATE TRIGGER slow_commit BEFORE INSERT ON jobs FOR EACH ROW "
        "EXECUTE FUNCTION slow_commit()",
        {});
    ASSERT_TRUE(trigger) << trigger.error().message;
    SystemClock clock;
    auto db_a = database.open();
    auto db_b = database.open();
    auto producer_a = database.queue(*db_a, clock);
    auto producer_b = database.queue(*db_b, clock);
    auto consumer_db = database.open();
    auto consumer = database.queue(*consumer_db, clock);

    std::mutex mutex;
    std::vector<std::string> committed;  // payloads in the order their enqueue returned
    std::vector<std::string> completed;
    std::atomic<int> running{0};
    std::atomic<int> overlaps{0};
    std::atomic<bool> producing{true};
    auto produce = [&](JobQueue& q, const std::string& payload) {
        auto enqueued = q.enqueue(job("one-channel", "commit-order-" + payload, payload));
        EXPECT_TRUE(enqueued) << enqueued.error().message;
        std::lock_guard lock(mutex);
        committed.push_back(payload);
    };
    auto work = [&](const std::string& name) {
        while (producing || [&] {
            std::lock_guard lock(mutex);
            return completed.size() < 2;
        }()) {
            auto claimed = consumer->claim(name, 60s);
            if (!claimed || !*claimed) {
                std::this_thread::sleep_for(5ms);
                continue;
            }
            if (++running > 1) ++overlaps;
            std::this_thread::sleep_for(1500ms);  // long enough to overlap the late commit
            --running;
            {
                std::lock_guard lock(mutex);
                completed.push_back((*claimed)->payload);
            }
            EXPECT_TRUE(consumer->complete(**claimed, "{}"));
        }
    };
    std::thread worker_1(work, "w1");
    std::thread worker_2(work, "w2");
    std::thread slow(produce, std::ref(*producer_a), "slow");
    std::this_thread::sleep_for(300ms);  // A has drawn its id and sits in the trigger
    std::thread fast(produce, std::ref(*producer_b), "fast");
    slow.join();
    fast.join();
    producing = false;
    worker_1.join();
    worker_2.join();

    EXPECT_EQ(overlaps.load(), 0) << "the key had two running jobs";
    EXPECT_EQ(completed, committed);
}

TEST_P(DbQueueTest, RenewedLeaseKeepsARunningJobFromBeingClaimedAgain) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    auto first = claim("w1", 300ms);
    ASSERT_TRUE(first);
    // Renewed twice within its lease, it outlives the first lease by far.
    for (int i = 0; i < 2; ++i) {
        clock_.advance(200ms);
        std::this_thread::sleep_for(200ms);
        ASSERT_OK(queue_.renew(*first, 300ms));
    }
    clock_.advance(200ms);
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(claim("w2", 300ms)) << "a renewed job was claimed a second time";
    // Without renewals the lease runs out and another worker takes it; the old holder's
    // renewal then fails: its claim is void.
    clock_.advance(301ms);
    std::this_thread::sleep_for(350ms);
    auto second = claim("w2", 300ms);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, first->id);
    auto late = queue_.renew(*first, 300ms);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, QueueError::Kind::NotFound);
    ASSERT_OK(queue_.complete(*second, "{}"));
}

TEST_P(DbQueueTest, PruneDeletesOnlyDoneJobsOlderThanTheCutoffInBatches) {
    for (int i = 0; i < 5; ++i)
        ASSERT_OK(queue_.enqueue(job("K" + std::to_string(i), "old-" + std::to_string(i))));
    for (int i = 0; i < 5; ++i) {
        auto j = claim();
        ASSERT_TRUE(j);
        if (i == 4) {
            ASSERT_OK(queue_.dead_letter(*j, "fatal"));  // dead jobs stay until dropped
        } else {
            ASSERT_OK(queue_.complete(*j, "{}"));
        }
    }
    clock_.advance(10s);
    auto cutoff = clock_.millis();
    ASSERT_OK(queue_.enqueue(job("N", "new")));
    auto fresh = claim();
    ASSERT_TRUE(fresh);
    ASSERT_OK(queue_.complete(*fresh, "{}"));
    ASSERT_OK(queue_.enqueue(job("Q", "queued")));

    auto first = queue_.prune_done(cutoff, 3);
    ASSERT_OK(first);
    EXPECT_EQ(*first, 3);
    auto second = queue_.prune_done(cutoff, 3);
    ASSERT_OK(second);
    EXPECT_EQ(*second, 1);
    auto none = queue_.prune_done(cutoff, 3);
    ASSERT_OK(none);
    EXPECT_EQ(*none, 0);

    auto counts = queue_.counts();
    ASSERT_OK(counts);
    EXPECT_EQ(counts->dead, 1);
    EXPECT_EQ(counts->queued, 1);
    auto listed = queue_.list({JobStatus::Done}, 100);
    ASSERT_OK(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().idempotency_key, "new");
    // A pruned job's idempotency key is forgotten: the same key makes a new job.
    auto again = queue_.enqueue(job("K0", "old-0"));
    ASSERT_OK(again);
    EXPECT_FALSE(again->duplicate);
    auto kept = queue_.enqueue(job("N", "new"));
    ASSERT_OK(kept);
    EXPECT_TRUE(kept->duplicate);
}

// `admin customer forget`: every job of the customer's key goes, whatever its status, with
// its payload and idempotency key; another key's jobs stay; the key works again at once.
TEST_P(DbQueueTest, ForgetKeyDeletesEveryJobOfTheKeyWhateverItsStatus) {
    const std::string key = "dm:1:UCARLA";
    const std::string secret = R"({"text":"carla.private@customer.example"})";
    ASSERT_OK(queue_.enqueue(job("K-other", "o-done", R"({"text":"dave"})")));
    auto other_done = claim();
    ASSERT_TRUE(other_done);
    ASSERT_OK(queue_.complete(*other_done, "{}"));
    ASSERT_OK(queue_.enqueue(job(key, "done", secret)));
    auto done = claim();
    ASSERT_TRUE(done);
    ASSERT_OK(queue_.complete(*done, secret));
    ASSERT_OK(queue_.enqueue(job(key, "dead", secret)));
    auto dead = claim();
    ASSERT_TRUE(dead);
    ASSERT_OK(queue_.dead_letter(*dead, "fatal"));
    ASSERT_OK(queue_.enqueue(job(key, "running", secret)));
    ASSERT_OK(queue_.enqueue(job(key, "queued", secret)));
    auto running = claim();
    ASSERT_TRUE(running);
    EXPECT_EQ(running->idempotency_key, "running");
    ASSERT_OK(queue_.delay_key(key, 60s));  // a 429 held the key back
    ASSERT_OK(queue_.enqueue(job("K-other", "o-queued", R"({"text":"dave"})")));

    auto forgotten = queue_.forget_key(key);
    ASSERT_OK(forgotten);
    EXPECT_EQ(*forgotten, 4);
    auto lost = queue_.complete(*running, "{}");  // its worker finds the lease lost
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().kind, QueueError::Kind::NotFound);
    auto listed = queue_.list({}, 100);
    ASSERT_OK(listed);
    std::set<std::string> left;
    for (const auto& j : *listed) {
        left.insert(j.idempotency_key);
        EXPECT_EQ(j.payload.find("carla"), std::string::npos) << j.idempotency_key;
        EXPECT_EQ(j.result.find("carla"), std::string::npos) << j.idempotency_key;
    }
    EXPECT_EQ(left, (std::set<std::string>{"o-done", "o-queued"}));
    auto gone = queue_.find(done->id);
    ASSERT_OK(gone);
    EXPECT_FALSE(gone->has_value());

    // The idempotency key is forgotten and the key's delay lifted: new work runs at once.
    auto again = queue_.enqueue(job(key, "done", "{}"));
    ASSERT_OK(again);
    EXPECT_FALSE(again->duplicate);
    std::set<std::string> claimed;
    for (int i = 0; i < 2; ++i) {
        auto next = claim("w2");
        ASSERT_TRUE(next);
        claimed.insert(next->idempotency_key);
        ASSERT_OK(queue_.complete(*next, "{}"));
    }
    EXPECT_EQ(claimed, (std::set<std::string>{"o-queued", "done"}));
    auto repeat = queue_.forget_key("dm:1:UNOBODY");
    ASSERT_OK(repeat);
    EXPECT_EQ(*repeat, 0);
}

TEST_P(DbQueueTest, NewWorkIsSignalledInProcessAndToListenersElsewhere) {
    std::atomic<int> signalled{0};
    queue_.on_new_work([&] { ++signalled; });
    // Another process's view of the queue, listening for work.
    auto other_db = database_.open();
    auto other = database_.queue(*other_db, clock_);
    auto listener = other->listen();
    if (GetParam() == Backend::Sqlite) {
        EXPECT_EQ(listener, nullptr) << "SQLite has no cross-process signal: workers poll";
    } else {
        ASSERT_NE(listener, nullptr);
        listener->wait(50ms);  // connects; a first wait may report "maybe work"
        while (listener->wait(20ms)) {
        }
    }
    std::atomic<bool> woke{false};
    std::thread waiter([&] {
        if (listener) woke = listener->wait(10s);
    });
    std::this_thread::sleep_for(100ms);
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    waiter.join();
    EXPECT_EQ(signalled.load(), 1);
    if (listener) {
        EXPECT_TRUE(woke.load()) << "the listener did not hear of the new job";
    }
    ASSERT_OK(queue_.enqueue(job("A", "a1")));  // a duplicate stores nothing: no signal
    EXPECT_EQ(signalled.load(), 1);
}

// A process's own enqueues wake its workers in-process; its own listener must not wake them
// all a second time for the same jobs (with 16 workers that was 16 empty claims per job).
TEST_P(DbQueueTest, AQueuesOwnListenerIgnoresItsOwnEnqueuesButHearsOtherProcesses) {
    auto own = queue_.listen();
    if (GetParam() == Backend::Sqlite) {
        EXPECT_EQ(own, nullptr);
        return;
    }
    ASSERT_NE(own, nullptr);
    auto other_db = database_.open();
    auto other = database_.queue(*other_db, clock_);
    own->wait(50ms);  // connects; a first wait may report "maybe work"
    while (own->wait(20ms)) {
    }
    ASSERT_OK(queue_.enqueue(job("A", "mine")));
    EXPECT_FALSE(own->wait(500ms)) << "woken by its own enqueue";
    ASSERT_OK(other->enqueue(job("B", "theirs")));
    EXPECT_TRUE(own->wait(10s)) << "did not hear of another process's job";
}

// Many producers at once (the group commit stores them in shared transactions): every job is
// stored once with its own id, duplicates of one key resolve to the same job, and each
// producer's job is readable as soon as its enqueue returned.
TEST_P(DbQueueTest, ConcurrentProducersEachGetTheirJobStoredOnce) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 40;
    std::mutex mutex;
    std::map<std::string, std::set<std::int64_t>> ids;  // idempotency key -> ids returned
    std::atomic<int> errors{0};
    std::atomic<int> missing{0};
    std::vector<std::thread> producers;
    for (int t = 0; t < kThreads; ++t) {
        producers.emplace_back([&, t] {
            for (int n = 0; n < kPerThread; ++n) {
                // Every fourth key is shared by all threads: duplicates inside one batch.
                auto key = n % 4 == 0 ? fmt::format("shared-{}", n) : fmt::format("t{}-{}", t, n);
                auto enqueued = queue_.enqueue(job(fmt::format("K{}", n % 5), key));
                if (!enqueued) {
                    ++errors;
                    continue;
                }
                auto found = queue_.find(enqueued->id);
                if (!found || !*found || (*found)->idempotency_key != key) ++missing;
                std::lock_guard lock(mutex);
                ids[key].insert(enqueued->id);
            }
        });
    }
    for (auto& p : producers) p.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(missing.load(), 0) << "an acknowledged job was not readable";
    std::set<std::int64_t> all;
    for (const auto& [key, set] : ids) {
        EXPECT_EQ(set.size(), 1u) << key << " was stored more than once";
        all.insert(set.begin(), set.end());
    }
    const std::size_t expected = kThreads * (kPerThread - kPerThread / 4) + kPerThread / 4;
    EXPECT_EQ(all.size(), expected);
    auto counts = queue_.counts();
    ASSERT_OK(counts);
    EXPECT_EQ(counts->queued, static_cast<std::int64_t>(expected));
}

// The worker's fast path: the completion and the next claim together. The key's next job
// becomes claimable only once the completion is in; a lost lease completes nothing.
TEST_P(DbQueueTest, CompleteAndClaimFinishesOneJobAndClaimsTheNextInOrder) {
    ASSERT_OK(queue_.enqueue(job("A", "a1")));
    ASSERT_OK(queue_.enqueue(job("A", "a2")));
    auto first = claim("w1");
    ASSERT_TRUE(first);
    auto both = queue_.complete_and_claim(*first, R"({"n":1})", {}, "w1", 60s);
    ASSERT_TRUE(both.completed) << both.completed.error().message;
    ASSERT_TRUE(both.next);
    EXPECT_EQ(both.next->idempotency_key, "a2");
    EXPECT_EQ(both.next->attempts, 1);
    auto done = queue_.find(first->id);
    ASSERT_OK(done);
    EXPECT_EQ((*done)->status, JobStatus::Done);
    EXPECT_EQ((*done)->result, R"({"n":1})");
    EXPECT_FALSE(claim("w2")) << "the key's next job was claimed twice";

    auto last = queue_.complete_and_claim(*both.next, "{}", {}, "w1", 60s);
    ASSERT_TRUE(last.completed);
    EXPECT_FALSE(last.next) << "nothing is left to claim";

    // A void claim (completed already) completes nothing and claims nothing.
    ASSERT_OK(queue_.enqueue(job("B", "b1")));
    auto stale = queue_.complete_and_claim(*first, "{}", {}, "w1", 60s);
    ASSERT_FALSE(stale.completed);
    EXPECT_EQ(stale.completed.error().kind, QueueError::Kind::NotFound);
    EXPECT_FALSE(stale.next);
}

MEGATRON_JOBS_BACKENDS(DbQueueTest);

// --- SQLite: jobs leased as they are stored, for an idle worker of this process -----------------

// A consumer standing for the worker pool: `idle` workers, and what it was handed.
class TestDispatcher final : public LocalDispatcher {
  public:
    bool reserve() override {
        if (idle == 0) return false;
        --idle;
        return true;
    }
    void hand(Job job) override { handed.push_back(std::move(job)); }
    void unreserve() override {
        ++idle;
        ++unreserved;
    }
    const std::string& dispatch_id() const override { return id_; }
    std::chrono::milliseconds lease() const override { return 30s; }

    int idle = 1;
    int unreserved = 0;
    std::vector<Job> handed;

  private:
    std::string id_ = "proc/handed";
};

// The queue with a TestDispatcher, counting the wake-ups it signals.
class LocalDispatchTest : public DbQueueTest {
  protected:
    LocalDispatchTest() {
        queue_.set_local_dispatcher(&local);
        queue_.on_new_work([this] { ++signalled; });
    }
    TestDispatcher local;
    int signalled = 0;
};

TEST_P(LocalDispatchTest, AJobOfAFreeKeyIsStoredLeasedAndHandedOverWithoutAClaim) {
    local.idle = 2;
    auto enqueued = queue_.enqueue(job("K1", "a", R"({"n":1})"));
    ASSERT_OK(enqueued);
    ASSERT_EQ(local.handed.size(), 1u);
    const Job& handed = local.handed.front();
    EXPECT_EQ(handed.id, enqueued->id);
    EXPECT_EQ(handed.payload, R"({"n":1})");
    EXPECT_EQ(handed.attempts, 1);
    EXPECT_EQ(signalled, 0) << "a handed job woke the workers as well";
    // Stored running under its lease: no worker can claim it.
    auto stored = queue_.find(handed.id);
    ASSERT_OK(stored);
    EXPECT_EQ((*stored)->status, JobStatus::Running);
    EXPECT_FALSE(claim("w1"));
    ASSERT_OK(queue_.complete(handed, R"({"ok":true})"));
    auto done = queue_.find(handed.id);
    ASSERT_OK(done);
    EXPECT_EQ((*done)->status, JobStatus::Done);
}

TEST_P(LocalDispatchTest, AKeyWithAJobUnfinishedOrDelayedGetsItsNextJobQueuedInOrder) {
    local.idle = 5;
    ASSERT_OK(queue_.enqueue(job("K1", "a")));
    ASSERT_OK(queue_.enqueue(job("K1", "b")));  // behind a, which runs
    ASSERT_OK(queue_.delay_key("K2", 10s));
    ASSERT_OK(queue_.enqueue(job("K2", "c")));    // its key waits out a rate limit
    auto again = queue_.enqueue(job("K3", "a"));  // a duplicate of a: nothing new
    ASSERT_OK(again);
    EXPECT_TRUE(again->duplicate);
    ASSERT_EQ(local.handed.size(), 1u);
    EXPECT_EQ(local.handed.front().idempotency_key, "a");
    EXPECT_EQ(local.unreserved, 3);
    EXPECT_EQ(local.idle, 4) << "held workers were not given back";
    EXPECT_EQ(signalled, 2);
    EXPECT_FALSE(claim("w1")) << "b was claimed while a ran";
    auto both = queue_.complete_and_claim(local.handed.front(), "{}", {}, "w1", 60s);
    ASSERT_OK(both.completed);
    ASSERT_TRUE(both.next);
    EXPECT_EQ(both.next->idempotency_key, "b");
}

TEST_P(LocalDispatchTest, WithNoIdleWorkerTheJobIsQueuedAndTheWorkersWoken) {
    local.idle = 0;
    ASSERT_OK(queue_.enqueue(job("K1", "a")));
    EXPECT_TRUE(local.handed.empty());
    EXPECT_EQ(signalled, 1);
    auto claimed = claim("w1");
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->idempotency_key, "a");
}

// The lease taken at enqueue is a lease like any other: if the process dies before its
// worker completes the job, another worker claims it once the lease ran out, and the first
// run's completion is void.
TEST_P(LocalDispatchTest, AHandedJobWhoseLeaseRanOutIsClaimedAgain) {
    ASSERT_OK(queue_.enqueue(job("K1", "a")));
    ASSERT_EQ(local.handed.size(), 1u);
    clock_.advance(29s);
    EXPECT_FALSE(claim("w2"));
    clock_.advance(2s);
    auto again = claim("w2");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, local.handed.front().id);
    EXPECT_EQ(again->attempts, 2);
    auto late = queue_.complete(local.handed.front(), "{}");
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().kind, QueueError::Kind::NotFound);
}

// Only SQLite's queue leases at enqueue (the others ignore a local dispatcher).
INSTANTIATE_TEST_SUITE_P(Sqlite, LocalDispatchTest, ::testing::Values(Backend::Sqlite),
                         backend_name);

}  // namespace
}  // namespace megatron::jobs::test
