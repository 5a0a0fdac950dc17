// The worker pool on every back end: idle workers wake when a job is enqueued (in this
// process, and on PostgreSQL and Redis in another one), and a job that runs longer than its
// lease keeps it through heartbeats instead of being run a second time.
#include "jobs/worker_pool.hpp"
#include "counting_queue.hpp"
#include "job_backend.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

class WorkerPoolTest : public ::testing::TestWithParam<Backend> {
  protected:
    WorkerPoolTest()
        : database_(GetParam()), db_(database_.open()), queue_(database_.queue(*db_, clock_)) {}

    // Waits until job `id` is done; false after `timeout`.
    bool wait_done(JobQueue& queue, std::int64_t id, std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto job = queue.find(id);
            if (job && *job && (*job)->status == JobStatus::Done) return true;
            std::this_thread::sleep_for(5ms);
        }
        return false;
    }

    TestDatabase database_;
    std::unique_ptr<storage::Database> db_;
    SystemClock clock_;
    std::unique_ptr<JobQueue> queue_;
};

// The poll interval is a minute: a job done within seconds was started by a wake-up.
TEST_P(WorkerPoolTest, IdleWorkersWakeOnEnqueueInsteadOfWaitingForTheirPoll) {
    HandlerRegistry handlers;
    std::atomic<int> runs{0};
    handlers.add("test.kind", [&] {
        return std::make_unique<FunctionHandler>([&](const Job&) -> JobOutcome {
            ++runs;
            return outcome::Done{};
        });
    });
    WorkerOptions options;
    options.threads = 2;
    options.poll = 60s;
    WorkerPool pool(*queue_, handlers, options);
    queue_->on_new_work([&] { pool.wake(); });
    pool.start();
    std::this_thread::sleep_for(200ms);  // the workers found nothing and sleep
    for (int i = 0; i < 3; ++i) {
        auto enqueued = queue_->enqueue(NewJob{"test.kind", "key-" + std::to_string(i),
                                               "in-process-" + std::to_string(i), "{}"});
        ASSERT_TRUE(enqueued) << enqueued.error().message;
        EXPECT_TRUE(wait_done(*queue_, enqueued->id, 20s)) << "job " << i << " waited for the poll";
        std::this_thread::sleep_for(100ms);  // idle again before the next one
    }
    pool.stop();
    EXPECT_EQ(runs.load(), 3);
}

// Another process enqueues: PostgreSQL NOTIFY or the Redis stream wakes this pool. SQLite has
// no such signal; its workers find the job at their poll (short here).
TEST_P(WorkerPoolTest, WorkersWakeForJobsEnqueuedByAnotherProcess) {
    auto producer_db = database_.open();
    auto producer = database_.queue(*producer_db, clock_);
    HandlerRegistry handlers;
    handlers.add("test.kind", [] {
        return std::make_unique<FunctionHandler>(
            [](const Job&) -> JobOutcome { return outcome::Done{}; });
    });
    WorkerOptions options;
    options.threads = 1;
    options.poll = GetParam() == Backend::Sqlite ? 50ms : 60s;
    WorkerPool pool(*queue_, handlers, options);
    pool.start();
    std::this_thread::sleep_for(300ms);
    for (int i = 0; i < 3; ++i) {
        auto enqueued =
            producer->enqueue(NewJob{"test.kind", "k", "elsewhere-" + std::to_string(i), "{}"});
        ASSERT_TRUE(enqueued) << enqueued.error().message;
        EXPECT_TRUE(wait_done(*producer, enqueued->id, 20s)) << "job " << i << " was not woken for";
        std::this_thread::sleep_for(300ms);
    }
    pool.stop();
}

// A job running four times its lease: heartbeats renew the lease, so a second pool (another
// process) never claims it while it runs, and it runs exactly once.
TEST_P(WorkerPoolTest, SlowJobKeepsItsLeaseAndRunsOnce) {
    std::atomic<int> starts{0};
    HandlerRegistry handlers;
    handlers.add("test.slow", [&] {
        return std::make_unique<FunctionHandler>([&](const Job&) -> JobOutcome {
            ++starts;
            std::this_thread::sleep_for(1600ms);
            return outcome::Done{};
        });
    });
    WorkerOptions options;
    options.threads = 1;
    options.lease = 400ms;
    options.poll = 20ms;
    auto other_db = database_.open();
    auto other_queue = database_.queue(*other_db, clock_);
    WorkerPool first(*queue_, handlers, options);
    auto enqueued = queue_->enqueue(NewJob{"test.slow", "slow", "slow-1", "{}"});
    ASSERT_TRUE(enqueued) << enqueued.error().message;
    first.start();
    while (starts.load() == 0) std::this_thread::sleep_for(5ms);
    WorkerPool second(*other_queue, handlers, options);
    second.start();
    EXPECT_TRUE(wait_done(*queue_, enqueued->id, 30s));
    first.stop();
    second.stop();
    EXPECT_EQ(starts.load(), 1) << "the slow job was claimed again while it still ran";
    auto job = queue_->find(enqueued->id);
    ASSERT_TRUE(job && *job);
    EXPECT_EQ((*job)->attempts, 1);
}

// Issue #15: a throwing handler called std::terminate (and, claimed again after its lease,
// crash-looped every process). Now it is retried with backoff, dead after its attempts with
// the exception's text as its last error, and the workers go on with other jobs.
TEST_P(WorkerPoolTest, AThrowingHandlerIsRetriedThenDeadAndTheWorkersLiveOn) {
    std::atomic<int> throws{0};
    std::atomic<int> fine{0};
    HandlerRegistry handlers;
    handlers.add("test.throws", [&] {
        return std::make_unique<FunctionHandler>([&](const Job&) -> JobOutcome {
            ++throws;
            throw std::runtime_error("stoll: corrupted field");
        });
    });
    handlers.add("test.fine", [&] {
        return std::make_unique<FunctionHandler>([&](const Job&) -> JobOutcome {
            ++fine;
            return outcome::Done{};
        });
    });
    WorkerOptions options;
    options.threads = 2;
    options.poll = 10ms;
    options.max_failures = 3;
    options.backoff = BackoffPolicy{std::chrono::milliseconds(20), std::chrono::milliseconds(40)};
    WorkerPool pool(*queue_, handlers, options);
    auto bad = queue_->enqueue(NewJob{"test.throws", "k-bad", "throws-1", "{}"});
    ASSERT_TRUE(bad) << bad.error().message;
    pool.start();
    std::optional<Job> dead;
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(10ms)) {
        auto job = queue_->find(bad->id);
        ASSERT_TRUE(job) << job.error().message;
        if (*job && (*job)->status == JobStatus::Dead) {
            dead = **job;
            break;
        }
    }
    auto after = queue_->enqueue(NewJob{"test.fine", "k-fine", "fine-1", "{}"});
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_TRUE(wait_done(*queue_, after->id, 20s)) << "the workers stopped after the throw";
    pool.stop();
    ASSERT_TRUE(dead) << "the throwing job never became dead";
    EXPECT_EQ(throws.load(), 3);
    EXPECT_EQ(dead->failures, 3);
    EXPECT_NE(dead->last_error.find("stoll: corrupted field"), std::string::npos)
        << dead->last_error;
    EXPECT_EQ(fine.load(), 1);
}

// Sixteen idle workers do not each query the database every poll: one of them polls, the
// others sleep kSleeperPolls polls. Polling every 20 ms for a second, sixteen pollers would
// claim about 800 times; one poller and fifteen sleepers about 50 + 15 x 2.
TEST_P(WorkerPoolTest, OnlyOneIdleWorkerPollsTheQueue) {
    CountingQueue counting(*queue_);
    HandlerRegistry handlers;
    handlers.add("test.kind", [] {
        return std::make_unique<FunctionHandler>(
            [](const Job&) -> JobOutcome { return outcome::Done{}; });
    });
    WorkerOptions options;
    options.threads = 16;
    options.poll = 20ms;
    WorkerPool pool(counting, handlers, options);
    pool.start();
    std::this_thread::sleep_for(1s);
    int idle_claims = counting.claims();
    // Still a working pool: a job enqueued now is run (by a wake-up or the poller).
    counting.on_new_work([&] { pool.wake(); });
    auto enqueued = counting.enqueue(NewJob{"test.kind", "k", "after-idle", "{}"});
    ASSERT_TRUE(enqueued) << enqueued.error().message;
    EXPECT_TRUE(wait_done(*queue_, enqueued->id, 20s));
    pool.stop();
    EXPECT_LT(idle_claims, 200) << "idle workers polled the queue " << idle_claims << " times";
}

// The pool as the queue's local dispatcher (as jobs::Runtime sets it up): on SQLite jobs of a
// free key go straight to an idle worker. Producers on several threads, few keys: every job
// runs once, and one key's jobs in the order they were stored.
TEST_P(WorkerPoolTest, JobsHandedOverAtEnqueueRunOnceEachAndInKeyOrder) {
    std::mutex mutex;
    std::map<std::string, std::vector<std::int64_t>> runs;  // key -> job ids in run order
    std::map<std::string, int> running;                     // key -> jobs running now
    bool overlapped = false;
    HandlerRegistry handlers;
    handlers.add("test.kind", [&] {
        return std::make_unique<FunctionHandler>([&](const Job& job) -> JobOutcome {
            {
                std::lock_guard lock(mutex);
                overlapped = overlapped || running[job.ordering_key]++ > 0;
                runs[job.ordering_key].push_back(job.id);
            }
            std::this_thread::sleep_for(1ms);
            std::lock_guard lock(mutex);
            --running[job.ordering_key];
            return outcome::Done{};
        });
    });
    WorkerOptions options;
    options.threads = 4;
    options.poll = 50ms;
    WorkerPool pool(*queue_, handlers, options);
    queue_->on_new_work([&] { pool.wake(); });
    pool.start();
    queue_->set_local_dispatcher(&pool);
    constexpr int kProducers = 4, kEach = 40;
    std::vector<std::thread> producers;
    std::mutex ids_mutex;
    std::vector<std::int64_t> ids;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kEach; ++i) {
                auto enqueued = queue_->enqueue(NewJob{"test.kind", "key-" + std::to_string(i % 3),
                                                       fmt::format("p{}-{}", p, i), "{}"});
                ASSERT_TRUE(enqueued) << enqueued.error().message;
                std::lock_guard lock(ids_mutex);
                ids.push_back(enqueued->id);
            }
        });
    }
    for (auto& t : producers) t.join();
    for (auto id : ids) EXPECT_TRUE(wait_done(*queue_, id, 30s)) << "job " << id;
    queue_->set_local_dispatcher(nullptr);
    pool.stop();
    std::lock_guard lock(mutex);
    EXPECT_FALSE(overlapped) << "two jobs of one key ran at once";
    std::size_t total = 0;
    for (const auto& [key, order] : runs) {
        total += order.size();
        EXPECT_TRUE(std::is_sorted(order.begin(), order.end())) << key << " ran out of order";
        EXPECT_EQ(std::set<std::int64_t>(order.begin(), order.end()).size(), order.size())
            << key << ": a job ran twice";
    }
    EXPECT_EQ(total, ids.size());
}

MEGATRON_JOBS_BACKENDS(WorkerPoolTest);

}  // namespace
}  // namespace megatron::jobs::test
