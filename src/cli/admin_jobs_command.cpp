// `megatron admin jobs list|retry <id>|drop <id>`: see queued, retrying and dead jobs; run a
// dead job again or drop it.
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "jobs/runtime.hpp"
#include "util/clock.hpp"

#include <fmt/core.h>

#include <memory>

namespace megatron::cli {
namespace {

struct JobsArgs {
    std::vector<std::string> statuses;
    int limit = 100;
    std::int64_t id = 0;
};

template <class Action>
void with_queue(CommandContext& ctx, Action action) {
    auto config = load_config(ctx);
    if (!config) return;
    auto db = open_and_migrate(*config, ctx);
    if (!db) return;
    SystemClock clock;
    auto queue = jobs::open_queue(*config, *db, clock);
    if (auto failure = action(*queue)) {
        report_error(*failure);
        ctx.exit_code = kExitFailure;
    }
}

std::string describe(const jobs::QueueError& e) {
    return e.kind == jobs::QueueError::Kind::NotFound ? e.message : "job queue: " + e.message;
}

// Errors are single lines in the listing.
std::string one_line(std::string text) {
    for (auto& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return text;
}

std::optional<std::string> list(jobs::JobQueue& queue, const JobsArgs& args) {
    std::vector<jobs::JobStatus> statuses;
    for (const auto& name : args.statuses) {
        auto status = jobs::status_from_string(name);
        if (!status) return "unknown status '" + name + "'";
        statuses.push_back(*status);
    }
    if (statuses.empty()) {
        statuses = {jobs::JobStatus::Queued, jobs::JobStatus::Running, jobs::JobStatus::Retrying,
                    jobs::JobStatus::Dead};
    }
    auto found = queue.list(statuses, args.limit);
    if (!found) return describe(found.error());
    fmt::print("{:>8}  {:<9}  {:<20}  {:<24}  {:>8}  {:>8}  {}\n", "ID", "STATUS", "KIND",
               "ORDERING KEY", "ATTEMPTS", "FAILURES", "LAST ERROR");
    for (const auto& job : *found) {
        fmt::print("{:>8}  {:<9}  {:<20}  {:<24}  {:>8}  {:>8}  {}\n", job.id,
                   jobs::to_string(job.status), job.kind, job.ordering_key, job.attempts,
                   job.failures, one_line(job.last_error));
    }
    return std::nullopt;
}

}  // namespace

void add_admin_jobs_command(CLI::App& admin, CommandContext& ctx) {
    auto args = std::make_shared<JobsArgs>();
    auto* jobs_cmd = admin.add_subcommand("jobs", "The work queue: list, retry or drop jobs");
    jobs_cmd->require_subcommand(1);

    auto* list_cmd = jobs_cmd->add_subcommand("list", "Queued, running, retrying and dead jobs");
    list_cmd->add_option("--status", args->statuses,
                         "Only these statuses (queued, running, retrying, done, dead)");
    list_cmd->add_option("--limit", args->limit, "At most this many jobs")
        ->check(CLI::PositiveNumber);
    list_cmd->callback([&ctx, args] {
        with_queue(ctx, [&](jobs::JobQueue& queue) { return list(queue, *args); });
    });

    auto* retry_cmd = jobs_cmd->add_subcommand("retry", "Run a dead job again");
    retry_cmd->add_option("id", args->id, "Job id")->required();
    retry_cmd->callback([&ctx, args] {
        with_queue(ctx, [&](jobs::JobQueue& queue) -> std::optional<std::string> {
            auto done = queue.retry_dead(args->id);
            if (!done) return describe(done.error());
            fmt::print("job {} queued again\n", args->id);
            return std::nullopt;
        });
    });

    auto* drop_cmd = jobs_cmd->add_subcommand("drop", "Remove a dead job for good");
    drop_cmd->add_option("id", args->id, "Job id")->required();
    drop_cmd->callback([&ctx, args] {
        with_queue(ctx, [&](jobs::JobQueue& queue) -> std::optional<std::string> {
            auto done = queue.drop_dead(args->id);
            if (!done) return describe(done.error());
            fmt::print("job {} dropped\n", args->id);
            return std::nullopt;
        });
    });
}

}  // namespace megatron::cli
