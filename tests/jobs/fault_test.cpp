// Fault tests with real worker processes, on SQLite and PostgreSQL: whatever happens to the
// workers or to Slack, every accepted post reaches its channel exactly once, in order.
#include "jobs/lease.hpp"
#include "jobs/scheduler.hpp"
#include "worker_fixture.hpp"

#include <boost/json.hpp>
#include <csignal>
#include <set>
#include <thread>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

using FaultTest = WorkerFixture;

TEST_P(FaultTest, WorkerKilledMidwayLosesNothingAndPostsNothingTwice) {
    auto channels = add_channels(50);
    enqueue_posts(channels, 1000);
    {
        auto worker = start_worker();
        auto deadline = std::chrono::steady_clock::now() + 60s;
        while (sim_.call_count("chat.postMessage") < 300 &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(5ms);
        }
        ASSERT_GE(sim_.call_count("chat.postMessage"), 300u) << worker->output();
        worker->signal(SIGKILL);
        EXPECT_EQ(worker->wait(), -SIGKILL);
    }
    EXPECT_LT(counts().done, 1000) << "the kill came too late to test anything";
    auto worker = start_worker();
    ASSERT_TRUE(wait_for_done(1000, 120s)) << worker->output();
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0) << worker->output();
    expect_posts_exactly_once_in_order(channels, 1000);
    auto c = counts();
    EXPECT_EQ(c.dead, 0);
    EXPECT_EQ(c.running + c.queued + c.retrying, 0);
}

// A stretch of 429s (with Retry-After), 5xx answers and posts whose answer is lost after
// Slack carried them out.
TEST_P(FaultTest, SlackRateLimitsAndOutagesLoseNothingKeepOrderAndHonourRetryAfter) {
    auto channels = add_channels(10);
    enqueue_posts(channels, 200);
    sim_.inject({.kind = slack_sim::FaultKind::ServerError,
                 .method = "chat.postMessage",
                 .times = 30,
                 .status = 503});
    sim_.inject({.kind = slack_sim::FaultKind::DropAfterProcessing,
                 .method = "chat.postMessage",
                 .times = 5});
    sim_.inject({.kind = slack_sim::FaultKind::RateLimited,
                 .method = "chat.postMessage",
                 .times = 6,
                 .retry_after_seconds = 2});

    // Watch the calls as they arrive, so the waits after each 429 can be measured.
    std::atomic<bool> watching{true};
    std::vector<std::pair<slack_sim::RecordedCall, std::chrono::steady_clock::time_point>> seen;
    std::thread watcher([&] {
        while (watching) {
            auto calls = sim_.calls("chat.postMessage");
            auto now = std::chrono::steady_clock::now();
            for (std::size_t i = seen.size(); i < calls.size(); ++i)
                seen.emplace_back(calls[i], now);
            std::this_thread::sleep_for(2ms);
        }
    });
    auto worker = start_worker();
    bool done = wait_for_done(200, 120s);
    watching = false;
    watcher.join();
    ASSERT_TRUE(done) << worker->output();
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0);
    expect_posts_exactly_once_in_order(channels, 200);
    EXPECT_EQ(counts().dead, 0);

    int rate_limited = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i].first.error != "ratelimited") continue;
        ++rate_limited;
        const auto& channel = seen[i].first.args["channel"];
        for (std::size_t j = i + 1; j < seen.size(); ++j) {
            auto& next = seen[j].first;
            if (next.args["channel"] != channel) continue;
            // Polling adds a few ms of error; Retry-After is 2 s.
            EXPECT_GE(seen[j].second - seen[i].second, 1900ms) << "channel " << channel;
            break;
        }
    }
    EXPECT_EQ(rate_limited, 6);
}

// Two `serve` (one with workers, one --no-workers) and two `worker` processes on one
// database (and Redis): each periodic job is enqueued once per period and runs once, and when
// the lease holder is killed with kill -9 another process takes over within one period (no
// period is missed).
TEST_P(FaultTest,
       PeriodicJobsRunOncePerPeriodAcrossServeAndWorkerProcessesAndAKilledLeaseHolderIsReplaced) {
    constexpr long kMinuteMs = 1500;
    std::map<std::string, std::string> env{
        {"MEGATRON_SCHEDULER_MINUTE_MS", std::to_string(kMinuteMs)}, {"MEGATRON_WORKERS", "1"}};
    std::vector<std::unique_ptr<megatron::test::ChildProcess>> processes;
    processes.push_back(start_serve(env, false));
    processes.push_back(start_serve(env, true));
    processes.push_back(start_worker(env));
    processes.push_back(start_worker(env));
    std::this_thread::sleep_for(std::chrono::milliseconds(kMinuteMs * 3));

    DbLeaseStore leases(*db_, clock_);
    auto holder_index = [&]() -> int {
        auto holder = leases.holder(kSchedulerLease);
        EXPECT_TRUE(holder) << holder.error().message;
        if (!holder) return -1;
        int found = -1;
        for (std::size_t i = 0; i < processes.size(); ++i) {
            if (!processes[i]) continue;
            if (holder->find("-" + std::to_string(processes[i]->pid()) + "-") != std::string::npos)
                found = static_cast<int>(i);
        }
        return found;
    };
    int leader = holder_index();
    ASSERT_GE(leader, 0) << "no live process holds the scheduler lease";
    processes[leader]->signal(SIGKILL);
    processes[leader]->wait();
    processes[leader].reset();
    std::this_thread::sleep_for(std::chrono::milliseconds(kMinuteMs * 4));
    int successor = holder_index();
    EXPECT_GE(successor, 0) << "nobody took the lease over";
    EXPECT_NE(successor, leader);
    for (auto& p : processes) {
        if (!p) continue;
        p->signal(SIGTERM);
        EXPECT_EQ(p->wait(), 0) << p->output();
    }

    auto jobs = queue_->list({}, 10000);
    ASSERT_TRUE(jobs);
    // Period starts per kind: each period once, none missing between the first and last.
    std::map<std::string, std::vector<std::int64_t>> starts;
    int ran_again = 0;
    for (const auto& job : *jobs) {
        if (!job.kind.starts_with("scheduler.")) continue;
        auto payload = boost::json::parse(job.payload).as_object();
        starts[job.kind].push_back(payload.at("period_start_ms").as_int64());
        if (job.status == JobStatus::Done && job.attempts > 1) ++ran_again;
        EXPECT_TRUE(job.status == JobStatus::Done || job.status == JobStatus::Queued ||
                    job.status == JobStatus::Running)
            << job.idempotency_key << " is " << to_string(job.status);
    }
    // A second run happens only to a job the killed process had claimed and not finished.
    EXPECT_LE(ran_again, 1);
    const std::map<std::string, std::int64_t> periods{{"scheduler.minute", kMinuteMs},
                                                      {"scheduler.hour", kMinuteMs * 60},
                                                      {"scheduler.day", kMinuteMs * 60 * 24}};
    ASSERT_GE(starts["scheduler.minute"].size(), 5u);
    for (auto& [kind, list] : starts) {
        std::sort(list.begin(), list.end());
        for (std::size_t i = 1; i < list.size(); ++i) {
            EXPECT_EQ(list[i] - list[i - 1], periods.at(kind))
                << kind << ": a period was missed or repeated";
        }
    }
    auto done = queue_->list({JobStatus::Done}, 10000);
    ASSERT_TRUE(done);
    std::size_t minute_done = 0;
    for (const auto& job : *done) minute_done += job.kind == "scheduler.minute" ? 1 : 0;
    EXPECT_GE(minute_done + 1, starts["scheduler.minute"].size())
        << "periodic jobs were enqueued but not run";
}

MEGATRON_JOBS_BACKENDS(FaultTest);

}  // namespace
}  // namespace megatron::jobs::test
