#include "cli/setup.hpp"

#include "config/database_url.hpp"
#include "jobs/migrations.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"

#include <fmt/core.h>

#include <vector>

namespace megatron::cli {

void report_error(const std::string& line) {
    fmt::print(stderr, "megatron: {}\n", line);
}

std::optional<config::Config> load_config(CommandContext& ctx) {
    auto config = config::load(ctx.env_file);
    if (!config) {
        report_error(config.error().line());
        ctx.exit_code = kExitBadConfig;
        return std::nullopt;
    }
    return std::move(*config);
}

std::unique_ptr<storage::Database> open_and_migrate(const config::Config& config,
                                                    CommandContext& ctx, int* applied) {
    auto url = config::parse_database_url(config.database_url);  // validated by load_config
    auto db = storage::open_database(*url, config.http_threads + config.worker_threads + 2);
    if (!db) {
        report_error("cannot open database " + config::redact_url(config.database_url) + ": " +
                     db.error().message);
        ctx.exit_code = kExitFailure;
        return nullptr;
    }
    auto core = storage::core_migrations();
    std::vector<storage::Migration> all(core.begin(), core.end());
    auto job_tables = jobs::migrations();
    all.insert(all.end(), job_tables.begin(), job_tables.end());
    auto count = storage::migrate(**db, all);
    if (!count) {
        report_error("database migration failed: " + count.error().message);
        ctx.exit_code = kExitFailure;
        return nullptr;
    }
    if (applied != nullptr) *applied = *count;
    return std::move(*db);
}

}  // namespace megatron::cli
