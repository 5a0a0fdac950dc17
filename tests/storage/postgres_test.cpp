// PostgreSQL-only behaviour: lost connections are replaced, deadlocks are retried.
#include "config/database_url.hpp"
#include "storage/open.hpp"
#include "support/environment.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <memory>
#include <thread>

namespace megatron::storage {
namespace {

class PostgresOnly : public ::testing::Test {
  protected:
    void SetUp() override {
        auto admin = megatron::test::postgres_admin_url();
        ASSERT_TRUE(admin.has_value())
            << "MEGATRON_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh";
        pg_ = std::make_unique<megatron::test::PostgresDatabase>(*admin);
    }

    std::unique_ptr<Database> open(int pool_size) {
        config::DatabaseUrl url;
        url.kind = config::DatabaseUrl::Kind::Postgres;
        url.postgres_url = pg_->url();
        auto db = open_database(url, pool_size);
        EXPECT_TRUE(db) << db.error().message;
        return db ? std::move(*db) : nullptr;
    }

    std::unique_ptr<megatron::test::PostgresDatabase> pg_;
};

TEST_F(PostgresOnly, ALostConnectionIsReplaced) {
    auto db = open(1);
    auto killer = open(1);
    ASSERT_TRUE(db && killer);
    ASSERT_TRUE(db->execute("SELECT 1"));
    // The server ends every other session on this database, as a restart or failover would.
    auto killed = killer->execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    ASSERT_TRUE(killed) << killed.error().message;
    ASSERT_EQ(killed->rows.size(), 1u);

    // The first use may report the loss; the pool then opens a new connection.
    auto first = db->execute("SELECT 2");
    if (!first) {
        EXPECT_EQ(first.error().kind, StorageError::Kind::Unavailable);
    }
    auto second = db->execute("SELECT 3");
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->rows.at(0).integer(0), 3);
}

TEST_F(PostgresOnly, ADeadlockVictimIsRetriedAndBothTransactionsCommit) {
    auto db = open(4);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
    ASSERT_TRUE(db->execute("INSERT INTO accounts (id, n) VALUES (1, 0), (2, 0)"));

    // Two transactions lock rows 1 and 2 in opposite orders; on their first attempts each
    // waits until the other holds its first row, so the server must pick a deadlock victim.
    std::latch both_hold_first_row(2);
    std::atomic<int> attempts{0};
    auto transfer = [&](int first, int second) {
        bool first_attempt = true;
        return db->transaction([&](Connection& c) -> StorageResult<void> {
            ++attempts;
            auto a = c.execute("UPDATE accounts SET n = n + 1 WHERE id = ?", {std::int64_t{first}});
            if (!a) return unexpected(a.error());
            if (first_attempt) {
                first_attempt = false;
                both_hold_first_row.arrive_and_wait();
            }
            auto b =
                c.execute("UPDATE accounts SET n = n + 1 WHERE id = ?", {std::int64_t{second}});
            if (!b) return unexpected(b.error());
            return {};
        });
    };
    StorageResult<void> one, two;
    std::thread t1([&] { one = transfer(1, 2); });
    std::thread t2([&] { two = transfer(2, 1); });
    t1.join();
    t2.join();
    EXPECT_TRUE(one) << one.error().message;
    EXPECT_TRUE(two) << two.error().message;
    EXPECT_EQ(attempts.load(), 3);  // the victim ran twice
    auto rows = db->execute("SELECT n FROM accounts ORDER BY id");
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->rows.at(0).integer(0), 2);
    EXPECT_EQ(rows->rows.at(1).integer(0), 2);
}

TEST_F(PostgresOnly, APreparedStatementSurvivesATableChange) {
    auto db = open(1);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
    ASSERT_TRUE(db->execute("INSERT INTO t (id) VALUES (1)"));
    const char* query = "SELECT * FROM t WHERE id = ?";
    auto before = db->execute(query, {std::int64_t{1}});
    ASSERT_TRUE(before) << before.error().message;
    EXPECT_EQ(before->rows.at(0).columns.size(), 1u);

    ASSERT_TRUE(db->execute("ALTER TABLE t ADD COLUMN label TEXT DEFAULT 'x'"));
    // The server may refuse the stale plan once; the statement is then prepared afresh.
    auto during = db->execute(query, {std::int64_t{1}});
    if (!during) {
        EXPECT_EQ(during.error().kind, StorageError::Kind::Invalid);
    }
    auto after = db->execute(query, {std::int64_t{1}});
    ASSERT_TRUE(after) << after.error().message;
    ASSERT_EQ(after->rows.at(0).columns.size(), 2u);
    EXPECT_EQ(after->rows[0].text(1), "x");
}

}  // namespace
}  // namespace megatron::storage
