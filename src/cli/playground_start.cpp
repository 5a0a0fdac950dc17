#include "cli/playground_start.hpp"

#include "cli/setup.hpp"
#include "config/database_url.hpp"
#include "storage/store.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace megatron::cli {

bool slack_configured(storage::Database& db) {
    storage::Store store(db);
    auto organizations = store.organizations();
    if (!organizations) return true;  // unknown: say nothing rather than something wrong
    for (const auto& organization : *organizations) {
        auto integrations = store.integrations_for(organization.id);
        if (!integrations || !integrations->empty()) return true;
    }
    return false;
}

std::string playground_database_url(const std::string& database_url) {
    auto url = config::parse_database_url(database_url);
    if (url && url->kind == config::DatabaseUrl::Kind::Sqlite && url->sqlite_path == ":memory:") {
        return "sqlite://:memory:";
    }
    if (!url || url->kind != config::DatabaseUrl::Kind::Sqlite) {
        return "sqlite:///megatron-playground.db";  // PostgreSQL: a file in the working directory
    }
    std::filesystem::path real(url->sqlite_path);
    auto file = real.parent_path() / (real.stem().string() + "-playground.db");
    // sqlite:/// + a relative path, sqlite://// + an absolute one.
    return "sqlite:///" + file.string();
}

namespace {

// The playground starts from nothing each time: its Slack is in memory, so yesterday's
// channels and messages would point at nothing.
void remove_old_playground(const std::string& database_url) {
    auto url = config::parse_database_url(database_url);
    if (!url || url->kind != config::DatabaseUrl::Kind::Sqlite || url->sqlite_path == ":memory:") {
        return;
    }
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(url->sqlite_path + suffix, ignored);
    }
}

}  // namespace

std::unique_ptr<PlaygroundRun> start_playground(const config::Config& config, bool slack_is_set,
                                                CommandContext& ctx) {
    bool wanted = config.playground == config::PlaygroundMode::On ||
                  (config.playground == config::PlaygroundMode::Auto && !slack_is_set);
    if (!wanted) return nullptr;
    config::Config own = config;
    own.database_url = playground_database_url(config.database_url);
    own.http_threads = 4;
    own.worker_threads = 4;
    remove_old_playground(own.database_url);
    CommandContext quiet = ctx;  // a playground that cannot start does not fail `serve`
    auto run = std::make_unique<PlaygroundRun>();
    run->db = open_and_migrate(own, quiet);
    if (!run->db) return nullptr;
    try {
        run->playground = std::make_unique<playground::Playground>(config, *run->db);
    } catch (const std::exception& e) {
        spdlog::error("the playground could not start: {}", e.what());
        return nullptr;
    }
    spdlog::info("playground on /playground (database {})", run->db->describe());
    return run;
}

}  // namespace megatron::cli
