#include "worker_fixture.hpp"

#include "commands/post_message/post_message_job.hpp"
#include "storage/store.hpp"

#include <thread>

namespace megatron::jobs::test {

using namespace std::chrono_literals;

namespace {
constexpr const char* kBotToken = "xoxb-fault-tests";
}

WorkerFixture::WorkerFixture() : database_(GetParam()), db_(database_.open()) {
    queue_ = database_.queue(*db_, clock_);
    sim_.start();
    sim_.add_workspace({.id = team_, .name = "Faults", .domain = "faults", .bot_token = kBotToken});
    storage::Store store(*db_);
    auto org = store.create_organization("fault-tests", std::nullopt);
    EXPECT_TRUE(org) << org.error().message;
    if (!org) return;
    auto ws = store.upsert_workspace(org->organization.id, {"Faults", storage::PlatformType::Slack,
                                                            team_, "faults", Secret(kBotToken)});
    EXPECT_TRUE(ws) << ws.error().message;
}

WorkerFixture::~WorkerFixture() {
    sim_.stop();
}

std::vector<std::string> WorkerFixture::add_channels(int count) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        ids.push_back(sim_.add_channel(team_, {.name = "zz-customer-" + std::to_string(i)}));
    }
    return ids;
}

void WorkerFixture::enqueue_posts(const std::vector<std::string>& channels, int count) {
    for (int n = 0; n < count; ++n) {
        const auto& channel = channels[n % channels.size()];
        auto payload =
            commands::post_message_payload({team_, channel, std::to_string(n), {}, {}, {}});
        auto enqueued = queue_->enqueue(
            NewJob{commands::kPostMessageKind, channel, "post-" + std::to_string(n), payload});
        ASSERT_TRUE(enqueued) << enqueued.error().message;
    }
}

std::unique_ptr<megatron::test::ChildProcess> WorkerFixture::start_serve(
    std::map<std::string, std::string> extra, bool no_workers) {
    auto port = megatron::test::free_port();
    extra["DJANGO_PORT"] = std::to_string(port);
    extra["MEGATRON_LISTEN_ADDRESS"] = "127.0.0.1";
    std::vector<std::string> args{"serve"};
    if (no_workers) args.emplace_back("--no-workers");
    auto child = start_process(std::move(args), std::move(extra));
    EXPECT_TRUE(megatron::test::wait_for_port(port)) << "serve did not start:\n" << child->output();
    return child;
}

std::unique_ptr<megatron::test::ChildProcess> WorkerFixture::start_worker(
    std::map<std::string, std::string> extra) {
    return start_process({"worker"}, std::move(extra));
}

std::unique_ptr<megatron::test::ChildProcess> WorkerFixture::start_process(
    std::vector<std::string> args, std::map<std::string, std::string> extra) {
    std::map<std::string, std::string> env{
        {"SLACK_API_URL", sim_.api_url()},      {"MEGATRON_WORKERS", "4"},
        {"MEGATRON_JOB_LEASE_MS", "3000"},      {"MEGATRON_JOB_POLL_MS", "20"},
        {"MEGATRON_JOB_BACKOFF_BASE_MS", "50"}, {"MEGATRON_JOB_BACKOFF_MAX_MS", "400"},
        {"MEGATRON_JOB_MAX_ATTEMPTS", "1000"},  {"MEGATRON_LOG_LEVEL", "warn"},
        {"MEGATRON_PLAYGROUND", "off"},
    };
    for (auto& [k, v] : database_.env()) env[k] = v;
    for (auto& [k, v] : extra) env[k] = v;
    return std::make_unique<megatron::test::ChildProcess>(megatron::test::megatron_binary(),
                                                          std::move(args), env);
}

JobCounts WorkerFixture::counts() {
    auto c = queue_->counts();
    EXPECT_TRUE(c) << c.error().message;
    return c ? *c : JobCounts{};
}

bool WorkerFixture::wait_for_done(std::int64_t done, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        // The scheduler's own jobs (minute/hour/day ticks, pruning) count as done too, so
        // reaching `done` alone could stop the wait while the last posts are still queued.
        auto c = counts();
        if (c.done >= done && c.queued + c.running + c.retrying == 0) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

void WorkerFixture::expect_posts_exactly_once_in_order(const std::vector<std::string>& channels,
                                                       int count) {
    std::map<std::string, std::vector<std::string>> expected;
    for (int n = 0; n < count; ++n) {
        expected[channels[n % channels.size()]].push_back(std::to_string(n));
    }
    for (const auto& channel : channels) {
        std::vector<std::string> texts;
        for (const auto& m : sim_.messages(channel)) texts.push_back(m.text);
        EXPECT_EQ(texts, expected[channel]) << "channel " << channel;
    }
}

}  // namespace megatron::jobs::test
