#pragma once
// A migrated SQLite database in a test's temporary directory, for the commands' unit tests
// (the real embedded back end, as the server uses by default).
#include "config/database_url.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace megatron::commands::test {

// nullptr (and a test failure) when it cannot be opened or migrated.
inline std::unique_ptr<storage::Database> migrated_sqlite(const std::string& dir) {
    auto url = config::parse_database_url("sqlite:///" + dir + "/megatron.db");
    if (!url) {
        ADD_FAILURE() << "bad test database URL";
        return nullptr;
    }
    auto opened = storage::open_database(*url, 2);
    if (!opened) {
        ADD_FAILURE() << opened.error().message;
        return nullptr;
    }
    auto migrated = storage::migrate(**opened, storage::core_migrations());
    if (!migrated) {
        ADD_FAILURE() << migrated.error().message;
        return nullptr;
    }
    return std::move(*opened);
}

// A job of `kind` as a worker would hand it to its handler (first attempt).
inline jobs::Job first_run(const std::string& kind, const std::string& payload) {
    jobs::Job job;
    job.id = 1;
    job.kind = kind;
    job.idempotency_key = "test:1";
    job.payload = payload;
    job.attempts = 1;
    return job;
}

}  // namespace megatron::commands::test
