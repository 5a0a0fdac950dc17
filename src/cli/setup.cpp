#include "cli/setup.hpp"

#include "config/database_url.hpp"
#include "jobs/migrations.hpp"
#include "storage/customer_data.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "storage/secret_columns.hpp"
#include "util/key_ring.hpp"

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
    if (!attach_secret_keys(config, **db, ctx)) return nullptr;
    return std::move(*db);
}

bool attach_secret_keys(const config::Config& config, storage::Database& db, CommandContext& ctx) {
    const auto& keys = config.privacy.secret_keys;
    if (keys.empty() && config.app_mode == config::AppMode::Production) {
        report_error(
            "MEGATRON_SECRET_KEY: is required in megatron-production mode (bot tokens "
            "are encrypted at rest with it; docs/data.md)");
        ctx.exit_code = kExitBadConfig;
        return false;
    }
    std::shared_ptr<const crypto::KeyRing> ring;
    if (!keys.empty()) {
        auto made = crypto::KeyRing::from_keys(keys);  // sizes checked by the config already
        if (!made) {
            report_error("MEGATRON_SECRET_KEY: " + made.error());
            ctx.exit_code = kExitBadConfig;
            return false;
        }
        ring = std::make_shared<const crypto::KeyRing>(std::move(*made));
    }
    // A wrong or missing key is found here, once, rather than by every job that reads a token.
    if (auto readable = storage::check_secrets(db, ring.get()); !readable) {
        report_error("MEGATRON_SECRET_KEY: " + readable.error().message);
        ctx.exit_code = kExitBadConfig;
        return false;
    }
    if (ring) {
        // Rows stored before a key was set are sealed now (docs/data.md).
        auto sealed = storage::reseal_secrets(db, *ring, storage::Reseal::PlainOnly);
        if (sealed && *sealed > 0) (void)storage::flush_erased(db);
        if (!sealed) {
            report_error("cannot encrypt stored secrets: " + sealed.error().message);
            ctx.exit_code = kExitFailure;
            return false;
        }
    }
    db.set_key_ring(std::move(ring));
    return true;
}

}  // namespace megatron::cli
