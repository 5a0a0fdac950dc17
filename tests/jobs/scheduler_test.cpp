// The scheduler's lease: held by one process, renewed only when it runs short (an idle
// server writes nothing each tick), and never lapsing while its holder ticks.
#include "jobs/scheduler.hpp"
#include "job_backend.hpp"

#include <gtest/gtest.h>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

// Counts the writes that take or renew a lease.
class CountingLeases final : public LeaseStore {
  public:
    explicit CountingLeases(LeaseStore& inner) : inner_(inner) {}
    QueueResult<bool> acquire(const std::string& name, const std::string& holder,
                              std::chrono::milliseconds ttl) override {
        ++acquires;
        return inner_.acquire(name, holder, ttl);
    }
    QueueResult<void> release(const std::string& name, const std::string& holder) override {
        return inner_.release(name, holder);
    }
    QueueResult<std::string> holder(const std::string& name) override {
        return inner_.holder(name);
    }
    int acquires = 0;

  private:
    LeaseStore& inner_;
};

class SchedulerLeaseTest : public ::testing::TestWithParam<Backend> {
  protected:
    SchedulerLeaseTest()
        : database_(GetParam()), db_(database_.open()), queue_(database_.queue(*db_, clock_)) {}

    TestDatabase database_;
    std::unique_ptr<storage::Database> db_;
    ManualClock clock_;
    std::unique_ptr<JobQueue> queue_;
};

TEST_P(SchedulerLeaseTest, TheLeaderRenewsOnlyWhenItsLeaseRunsShortAndNeverLosesIt) {
    DbLeaseStore store(*db_, clock_);
    CountingLeases leases(store);
    SchedulerOptions options{"proc-a", 1s, 3s};
    Scheduler leader(*queue_, leases, clock_, options, {});
    CountingLeases others(store);
    Scheduler other(*queue_, others, clock_, SchedulerOptions{"proc-b", 1s, 3s}, {});
    for (int tick = 0; tick < 12; ++tick) {
        EXPECT_TRUE(leader.tick()) << "tick " << tick;
        EXPECT_FALSE(other.tick()) << "proc-b took the lease at tick " << tick;
        auto holder = store.holder(kSchedulerLease);
        ASSERT_OK(holder);
        EXPECT_EQ(*holder, "proc-a") << "tick " << tick;
        clock_.advance(1s);
    }
    // A write at most every other tick (was one a tick).
    EXPECT_LE(leases.acquires, 6);
    // The leader stops ticking (it died): the other takes over once the lease lapsed.
    clock_.advance(3s);
    EXPECT_TRUE(other.tick());
}

MEGATRON_JOBS_BACKENDS(SchedulerLeaseTest);

}  // namespace
}  // namespace megatron::jobs::test
