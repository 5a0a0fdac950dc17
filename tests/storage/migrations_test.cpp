// Versioned migrations: from empty, re-run, partial, failing, out of order, and several
// migrators at once.
#include "storage/migrations.hpp"
#include "backend.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace megatron::storage::test {
namespace {

Migration same_sql(std::string component, int version, std::string name, std::string sql) {
    return Migration{std::move(component), version, std::move(name), sql, sql};
}

const std::vector<Migration>& test_migrations() {
    static const std::vector<Migration> list = {
        same_sql("test", 1, "create widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY)"),
        same_sql("test", 2, "add widget names",
                 "ALTER TABLE widgets ADD COLUMN name TEXT; "
                 "CREATE INDEX widgets_name ON widgets (name)"),
        same_sql("test", 3, "create gadgets",
                 "CREATE TABLE gadgets (widget_id INTEGER REFERENCES widgets (id))"),
    };
    return list;
}

using Migrations = BackendTest;

TEST_P(Migrations, FromEmptyAppliesEverythingAndASecondRunAppliesNothing) {
    auto first = migrate(db(), core_migrations());
    ASSERT_OK(first);
    EXPECT_EQ(*first, static_cast<int>(core_migrations().size()));
    auto second = migrate(db(), core_migrations());
    ASSERT_OK(second);
    EXPECT_EQ(*second, 0);

    auto versions = applied_versions(db(), "core");
    ASSERT_OK(versions);
    ASSERT_EQ(versions->size(), core_migrations().size());
    // Every core migration, in ascending order (helpers own version ranges, so gaps are fine).
    for (std::size_t i = 0; i < versions->size(); ++i) {
        EXPECT_EQ((*versions)[i], core_migrations()[i].version);
    }
    for (const char* table :
         {"organizations", "api_tokens", "integrations", "customer_workspaces", "channels",
          "messages", "platform_users", "platform_agents", "processed_events"}) {
        EXPECT_EQ(count(table), 0) << table;
    }
    auto recorded = db().execute(
        "SELECT name, applied_at FROM schema_migrations WHERE component = 'core' ORDER BY version");
    ASSERT_OK(recorded);
    ASSERT_EQ(recorded->rows.size(), core_migrations().size());
    EXPECT_EQ(recorded->rows[0].text(0), core_migrations()[0].name);
    EXPECT_GT(recorded->rows[0].integer(1), 0);
}

TEST_P(Migrations, AppliesOnlyTheMissingOnes) {
    std::span<const Migration> all = test_migrations();
    auto first = migrate(db(), all.subspan(0, 1));
    ASSERT_OK(first);
    EXPECT_EQ(*first, 1);
    auto rest = migrate(db(), all);
    ASSERT_OK(rest);
    EXPECT_EQ(*rest, 2);
    ASSERT_OK(db().execute("INSERT INTO widgets (id, name) VALUES (1, 'w')"));
    ASSERT_OK(db().execute("INSERT INTO gadgets (widget_id) VALUES (1)"));
}

TEST_P(Migrations, AppliesInVersionOrderWhateverTheListOrder) {
    const auto& m = test_migrations();
    std::vector<Migration> shuffled = {m[2], m[0], m[1]};
    auto applied = migrate(db(), shuffled);
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, 3);
    auto versions = applied_versions(db(), "test");
    ASSERT_OK(versions);
    EXPECT_EQ(*versions, (std::vector<int>{1, 2, 3}));
}

TEST_P(Migrations, AFailingMigrationIsRolledBackAndNotRecorded) {
    std::vector<Migration> list = {
        test_migrations()[0],
        same_sql("test", 2, "half broken",
                 "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)"),
    };
    auto applied = migrate(db(), list);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message.find("half broken"), std::string::npos);
    auto versions = applied_versions(db(), "test");
    ASSERT_OK(versions);
    EXPECT_EQ(*versions, (std::vector<int>{1}));
    // The broken migration's first statement was rolled back with it.
    EXPECT_FALSE(db().execute("SELECT COUNT(*) FROM half_done"));

    // Fixed, it applies on the next run.
    list[1] = same_sql("test", 2, "fixed", "CREATE TABLE half_done (x INTEGER)");
    auto again = migrate(db(), list);
    ASSERT_OK(again);
    EXPECT_EQ(*again, 1);
}

TEST_P(Migrations, DuplicateOrInvalidVersionsAreRejected) {
    std::vector<Migration> duplicate = {test_migrations()[0], test_migrations()[0]};
    auto r = migrate(db(), duplicate);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, StorageError::Kind::Invalid);
    std::vector<Migration> zero = {same_sql("test", 0, "zero", "SELECT 1")};
    auto z = migrate(db(), zero);
    ASSERT_FALSE(z);
    EXPECT_EQ(z.error().kind, StorageError::Kind::Invalid);
    auto versions = applied_versions(db(), "test");
    ASSERT_OK(versions);
    EXPECT_TRUE(versions->empty());
}

TEST_P(Migrations, ComponentsNumberTheirMigrationsIndependently) {
    std::vector<Migration> list = {
        same_sql("jobs", 1, "jobs table", "CREATE TABLE jobs_example (id INTEGER)"),
        same_sql("test", 1, "test table", "CREATE TABLE test_example (id INTEGER)"),
    };
    auto applied = migrate(db(), list);
    ASSERT_OK(applied);
    EXPECT_EQ(*applied, 2);
    auto core = migrate(db(), core_migrations());
    ASSERT_OK(core);
    EXPECT_EQ(*core, static_cast<int>(core_migrations().size()));
    auto jobs = applied_versions(db(), "jobs");
    ASSERT_OK(jobs);
    EXPECT_EQ(*jobs, (std::vector<int>{1}));
}

TEST_P(Migrations, SeveralMigratorsAtOnceApplyEachMigrationExactlyOnce) {
    constexpr int kMigrators = 4;
    std::vector<std::unique_ptr<Database>> databases;
    for (int i = 0; i < kMigrators; ++i) {
        databases.push_back(open_another(2));
        ASSERT_NE(databases.back(), nullptr);
    }
    std::vector<Migration> list(core_migrations().begin(), core_migrations().end());
    list.insert(list.end(), test_migrations().begin(), test_migrations().end());

    std::atomic<int> total{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kMigrators; ++i) {
        threads.emplace_back([&, i] {
            auto applied = migrate(*databases[i], list);
            if (applied) {
                total += *applied;
            } else {
                ++failures;
                ADD_FAILURE() << "migrator " << i << ": " << applied.error().message;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(total.load(), static_cast<int>(list.size()));
    EXPECT_EQ(count("schema_migrations"), static_cast<std::int64_t>(list.size()));
}

MEGATRON_INSTANTIATE_BACKENDS(Migrations);

}  // namespace
}  // namespace megatron::storage::test
