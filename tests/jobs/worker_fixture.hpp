#pragma once
// Fault tests with real `megatron worker` processes: a migrated database (SQLite file or a
// fresh PostgreSQL database), the Slack simulator in this process with one workspace whose
// bot token is stored in customer_workspaces, and helpers to enqueue numbered posts and to
// check what reached Slack.
#include "job_backend.hpp"
#include "jobs/queue.hpp"
#include "slack_sim/simulator.hpp"
#include "support/process.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace megatron::jobs::test {

class WorkerFixture : public ::testing::TestWithParam<Backend> {
  protected:
    WorkerFixture();
    ~WorkerFixture() override;

    // Creates `count` channels in the simulator (their ids, in order).
    std::vector<std::string> add_channels(int count);
    // Enqueues posts 0..count-1, post n going to channels[n % channels.size()] with text "n".
    void enqueue_posts(const std::vector<std::string>& channels, int count);
    // A `megatron worker` child with the test's settings plus `extra`.
    std::unique_ptr<megatron::test::ChildProcess> start_worker(
        std::map<std::string, std::string> extra = {});
    // A `megatron serve` child (HTTP on a free loopback port, plus workers unless
    // `no_workers`) with the same settings; returns once it listens.
    std::unique_ptr<megatron::test::ChildProcess> start_serve(
        std::map<std::string, std::string> extra, bool no_workers);
    // Waits until `done` jobs are done and none is queued, running or retrying (false on
    // timeout).
    bool wait_for_done(std::int64_t done, std::chrono::seconds timeout);
    // Every channel got exactly its posts, once each, in order.
    void expect_posts_exactly_once_in_order(const std::vector<std::string>& channels, int count);
    JobCounts counts();
    std::unique_ptr<megatron::test::ChildProcess> start_process(
        std::vector<std::string> args, std::map<std::string, std::string> extra);

    TestDatabase database_;
    std::unique_ptr<storage::Database> db_;
    SystemClock clock_;
    std::unique_ptr<JobQueue> queue_;
    slack_sim::Simulator sim_;
    std::string team_ = "T0FAULTS";
};

}  // namespace megatron::jobs::test
