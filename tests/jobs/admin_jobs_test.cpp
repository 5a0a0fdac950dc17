// `megatron admin jobs`: a job that failed for good shows as dead with its error, and
// `retry` makes a worker run it again once the cause is fixed.
#include "storage/store.hpp"
#include "worker_fixture.hpp"

#include <csignal>
#include <thread>

namespace megatron::jobs::test {
namespace {

using namespace std::chrono_literals;

using AdminJobsTest = WorkerFixture;

megatron::test::ProcessResult admin(const TestDatabase& database, std::vector<std::string> args) {
    args.insert(args.begin(), {"admin", "jobs"});
    return megatron::test::run(megatron::test::megatron_binary(), args, database.env());
}

TEST_P(AdminJobsTest, ListsADeadJobWithItsErrorAndRetriesIt) {
    auto channels = add_channels(1);
    sim_.invalidate_token("xoxb-fault-tests", "token_revoked");
    enqueue_posts(channels, 1);
    auto worker = start_worker();
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (counts().dead < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(counts().dead, 1) << worker->output();

    auto listed = admin(database_, {"list"});
    ASSERT_EQ(listed.exit_code, 0) << listed.output;
    EXPECT_NE(listed.output.find("dead"), std::string::npos) << listed.output;
    EXPECT_NE(listed.output.find("slack.post_message"), std::string::npos) << listed.output;
    EXPECT_NE(listed.output.find("token_revoked"), std::string::npos) << listed.output;
    EXPECT_EQ(listed.output.find("xoxb-"), std::string::npos) << "no token in the listing";

    auto dead = queue_->list({JobStatus::Dead}, 10);
    ASSERT_TRUE(dead);
    ASSERT_EQ(dead->size(), 1u);
    auto id = std::to_string(dead->front().id);

    auto unknown = admin(database_, {"retry", "999999"});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.output;

    // The workspace gets a working token again; the dead job is retried and goes through.
    sim_.add_token(team_, "xoxb-fault-tests-2");
    storage::Store store(*db_);
    auto org = store.find_organization_by_name("fault-tests");
    ASSERT_TRUE(org && *org);
    ASSERT_TRUE(store.upsert_workspace((*org)->id, {"Faults", storage::PlatformType::Slack, team_,
                                                    "faults", Secret("xoxb-fault-tests-2")}));
    auto retried = admin(database_, {"retry", id});
    ASSERT_EQ(retried.exit_code, 0) << retried.output;
    ASSERT_TRUE(wait_for_done(1, 60s)) << worker->output();
    expect_posts_exactly_once_in_order(channels, 1);

    auto again = admin(database_, {"retry", id});
    EXPECT_EQ(again.exit_code, 1) << "only dead jobs can be retried";
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0);
}

TEST_P(AdminJobsTest, DropsADeadJob) {
    auto channels = add_channels(1);
    sim_.invalidate_token("xoxb-fault-tests", "token_revoked");
    enqueue_posts(channels, 1);
    auto worker = start_worker();
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (counts().dead < 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
    }
    worker->signal(SIGTERM);
    EXPECT_EQ(worker->wait(), 0);
    auto dead = queue_->list({JobStatus::Dead}, 10);
    ASSERT_TRUE(dead);
    ASSERT_EQ(dead->size(), 1u);
    auto dropped = admin(database_, {"drop", std::to_string(dead->front().id)});
    ASSERT_EQ(dropped.exit_code, 0) << dropped.output;
    auto listed = admin(database_, {"list"});
    EXPECT_EQ(listed.output.find("post_message"), std::string::npos) << listed.output;
    EXPECT_EQ(counts().dead, 0);
}

MEGATRON_JOBS_BACKENDS(AdminJobsTest);

}  // namespace
}  // namespace megatron::jobs::test
