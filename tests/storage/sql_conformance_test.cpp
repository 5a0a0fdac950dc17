// The SQL interface (sql.hpp) behaves the same on SQLite and PostgreSQL.
#include "backend.hpp"
#include "config/database_url.hpp"
#include "storage/open.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace megatron::storage::test {
namespace {

using Kind = StorageError::Kind;

class SqlConformance : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(
            db().execute("CREATE TABLE items (id BIGINT PRIMARY KEY, label TEXT NOT NULL UNIQUE, "
                         "amount DOUBLE PRECISION, note TEXT)"));
        ASSERT_OK(
            db().execute("CREATE TABLE parts (id BIGINT PRIMARY KEY, "
                         "item_id BIGINT NOT NULL REFERENCES items (id) ON DELETE CASCADE)"));
    }
};

TEST_P(SqlConformance, ValuesRoundTripWithTheirTypes) {
    ASSERT_OK(db().execute(
        "INSERT INTO items (id, label, amount, note) VALUES (?, ?, ?, ?)",
        {std::int64_t{9'000'000'000}, std::string("a 'quoted' ? label"), 2.5, std::monostate{}}));
    auto r = db().execute("SELECT id, label, amount, note FROM items");
    ASSERT_OK(r);
    ASSERT_EQ(r->rows.size(), 1u);
    const Row& row = r->rows[0];
    EXPECT_EQ(std::get<std::int64_t>(row.columns[0]), 9'000'000'000);
    EXPECT_EQ(std::get<std::string>(row.columns[1]), "a 'quoted' ? label");
    EXPECT_DOUBLE_EQ(std::get<double>(row.columns[2]), 2.5);
    EXPECT_TRUE(row.is_null(3));
    EXPECT_EQ(row.text(3), "");
    EXPECT_EQ(row.optional_text(3), std::nullopt);
    EXPECT_EQ(row.integer(3), 0);
}

TEST_P(SqlConformance, UnicodeAndEmptyStringsSurvive) {
    const std::string text = "caf\xc3\xa9 \xf0\x9f\x9a\x80";
    ASSERT_OK(db().execute("INSERT INTO items (id, label, note) VALUES (?, ?, ?)",
                           {std::int64_t{1}, text, std::string()}));
    auto r = db().execute("SELECT label, note FROM items WHERE id = ?", {std::int64_t{1}});
    ASSERT_OK(r);
    EXPECT_EQ(r->rows.at(0).text(0), text);
    EXPECT_FALSE(r->rows.at(0).is_null(1));
    EXPECT_EQ(r->rows.at(0).text(1), "");
}

TEST_P(SqlConformance, QuestionMarksInLiteralsAreNotPlaceholders) {
    auto r = db().execute("SELECT '?', 'it''s ?', ? /* ? */ -- ?\n", {std::string("x")});
    ASSERT_OK(r);
    EXPECT_EQ(r->rows.at(0).text(0), "?");
    EXPECT_EQ(r->rows.at(0).text(1), "it's ?");
    EXPECT_EQ(r->rows.at(0).text(2), "x");
}

TEST_P(SqlConformance, ReturningGivesTheInsertedRow) {
    auto r = db().execute("INSERT INTO items (id, label) VALUES (?, ?) RETURNING id, label",
                          {std::int64_t{7}, std::string("seven")});
    ASSERT_OK(r);
    ASSERT_EQ(r->rows.size(), 1u);
    EXPECT_EQ(r->rows[0].integer(0), 7);
    EXPECT_EQ(r->rows[0].text(1), "seven");
    EXPECT_EQ(r->affected, 1);
}

TEST_P(SqlConformance, AffectedCountsRowsWrittenNotRowsRead) {
    for (std::int64_t i = 1; i <= 3; ++i) {
        ASSERT_OK(db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                               {i, "item " + std::to_string(i)}));
    }
    auto updated = db().execute("UPDATE items SET note = ? WHERE id >= ?",
                                {std::string("n"), std::int64_t{2}});
    ASSERT_OK(updated);
    EXPECT_EQ(updated->affected, 2);
    auto selected = db().execute("SELECT id FROM items");
    ASSERT_OK(selected);
    EXPECT_EQ(selected->rows.size(), 3u);
    EXPECT_EQ(selected->affected, 0);
    auto deleted = db().execute("DELETE FROM items WHERE id = ?", {std::int64_t{99}});
    ASSERT_OK(deleted);
    EXPECT_EQ(deleted->affected, 0);
}

TEST_P(SqlConformance, UniquenessViolationIsConflict) {
    ASSERT_OK(db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                           {std::int64_t{1}, std::string("same")}));
    auto dup_label = db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                                  {std::int64_t{2}, std::string("same")});
    ASSERT_FALSE(dup_label);
    EXPECT_EQ(dup_label.error().kind, Kind::Conflict);
    auto dup_key = db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                                {std::int64_t{1}, std::string("other")});
    ASSERT_FALSE(dup_key);
    EXPECT_EQ(dup_key.error().kind, Kind::Conflict);
}

TEST_P(SqlConformance, ErrorMessagesNeverQuoteParameterValues) {
    const std::string value = "do-not-log-this-value-4f7a";
    ASSERT_OK(
        db().execute("INSERT INTO items (id, label) VALUES (?, ?)", {std::int64_t{1}, value}));
    auto dup =
        db().execute("INSERT INTO items (id, label) VALUES (?, ?)", {std::int64_t{2}, value});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().message.find(value), std::string::npos) << dup.error().message;
}

TEST_P(SqlConformance, OtherConstraintsAreInvalid) {
    auto not_null = db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                                 {std::int64_t{1}, std::monostate{}});
    ASSERT_FALSE(not_null);
    EXPECT_EQ(not_null.error().kind, Kind::Invalid);
    auto foreign_key = db().execute("INSERT INTO parts (id, item_id) VALUES (?, ?)",
                                    {std::int64_t{1}, std::int64_t{42}});
    ASSERT_FALSE(foreign_key);
    EXPECT_EQ(foreign_key.error().kind, Kind::Invalid);
}

TEST_P(SqlConformance, BadSqlAndWrongParameterCountsAreInvalid) {
    auto bad = db().execute("SELEKT nothing");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, Kind::Invalid);
    auto missing_table =
        db().execute("SELECT * FROM no_such_table WHERE id = ?", {std::int64_t{1}});
    ASSERT_FALSE(missing_table);
    EXPECT_EQ(missing_table.error().kind, Kind::Invalid);
    auto too_few =
        db().execute("SELECT id FROM items WHERE id = ? AND label = ?", {std::int64_t{1}});
    ASSERT_FALSE(too_few);
    EXPECT_EQ(too_few.error().kind, Kind::Invalid);
}

TEST_P(SqlConformance, ForeignKeysCascadeOnDelete) {
    ASSERT_OK(db().execute("INSERT INTO items (id, label) VALUES (1, 'one')"));
    ASSERT_OK(db().execute("INSERT INTO parts (id, item_id) VALUES (1, 1), (2, 1)"));
    ASSERT_EQ(count("parts"), 2);
    ASSERT_OK(db().execute("DELETE FROM items WHERE id = 1"));
    EXPECT_EQ(count("parts"), 0);
}

TEST_P(SqlConformance, ScriptsOfSeveralStatementsRun) {
    ASSERT_OK(
        db().execute("CREATE TABLE a (x INTEGER); -- first\n"
                     "INSERT INTO a (x) VALUES (1);\n"
                     "/* a comment; with a semicolon */ INSERT INTO a (x) VALUES (2);"));
    EXPECT_EQ(count("a"), 2);
}

TEST_P(SqlConformance, PreparedStatementsAreReusedWithNewParameters) {
    // The same SQL text many times: the cached statement must be reset and rebound each time.
    for (std::int64_t i = 0; i < 200; ++i) {
        ASSERT_OK(db().execute("INSERT INTO items (id, label) VALUES (?, ?)",
                               {i, "label " + std::to_string(i)}));
    }
    for (std::int64_t i = 0; i < 200; i += 37) {
        auto r = db().execute("SELECT label FROM items WHERE id = ?", {i});
        ASSERT_OK(r);
        ASSERT_EQ(r->rows.size(), 1u);
        EXPECT_EQ(r->rows[0].text(0), "label " + std::to_string(i));
    }
    EXPECT_EQ(count("items"), 200);
}

TEST_P(SqlConformance, TransactionCommitsWhenWorkSucceeds) {
    ASSERT_OK(db().transaction([](Connection& c) -> StorageResult<void> {
        auto a = c.execute("INSERT INTO items (id, label) VALUES (1, 'one')");
        if (!a) return unexpected(a.error());
        auto b = c.execute("INSERT INTO parts (id, item_id) VALUES (1, 1)");
        if (!b) return unexpected(b.error());
        return {};
    }));
    EXPECT_EQ(count("items"), 1);
    EXPECT_EQ(count("parts"), 1);
}

TEST_P(SqlConformance, TransactionRollsBackWhenWorkFails) {
    auto outcome = db().transaction([](Connection& c) -> StorageResult<void> {
        auto a = c.execute("INSERT INTO items (id, label) VALUES (1, 'one')");
        if (!a) return unexpected(a.error());
        auto dup = c.execute("INSERT INTO items (id, label) VALUES (2, 'one')");
        if (!dup) return unexpected(dup.error());
        return {};
    });
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().kind, Kind::Conflict);
    EXPECT_EQ(count("items"), 0);
    // The pooled connection is usable again afterwards.
    ASSERT_OK(db().execute("INSERT INTO items (id, label) VALUES (3, 'three')"));
    EXPECT_EQ(count("items"), 1);
}

TEST_P(SqlConformance, TransactionRollsBackAndRethrowsWhenWorkThrows) {
    EXPECT_THROW(
        {
            auto ignored = db().transaction([](Connection& c) -> StorageResult<void> {
                auto a = c.execute("INSERT INTO items (id, label) VALUES (1, 'one')");
                if (!a) return unexpected(a.error());
                throw std::runtime_error("boom");
            });
            (void)ignored;
        },
        std::runtime_error);
    EXPECT_EQ(count("items"), 0);
    ASSERT_OK(db().transaction([](Connection& c) -> StorageResult<void> {
        auto a = c.execute("INSERT INTO items (id, label) VALUES (2, 'two')");
        if (!a) return unexpected(a.error());
        return {};
    }));
    EXPECT_EQ(count("items"), 1);
}

TEST_P(SqlConformance, IgnoredFailureInsideTransactionCommitsNothing) {
    // PostgreSQL aborts a transaction after a failed statement; SQLite is made to agree, so
    // work that swallows an error never commits half of what it meant to.
    auto outcome = db().transaction([](Connection& c) -> StorageResult<void> {
        auto a = c.execute("INSERT INTO items (id, label) VALUES (1, 'one')");
        if (!a) return unexpected(a.error());
        (void)c.execute("INSERT INTO items (id, label) VALUES (2, 'one')");  // Conflict, ignored
        return {};
    });
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().kind, Kind::Invalid);
    EXPECT_EQ(count("items"), 0);
}

TEST_P(SqlConformance, ReadersSeeCommittedWritesFromOtherDatabaseObjects) {
    auto other = open_another();
    ASSERT_NE(other, nullptr);
    ASSERT_OK(other->execute("INSERT INTO items (id, label) VALUES (1, 'from another process')"));
    auto r = db().execute("SELECT label FROM items WHERE id = 1");
    ASSERT_OK(r);
    ASSERT_EQ(r->rows.size(), 1u);
    EXPECT_EQ(r->rows[0].text(0), "from another process");
}

TEST_P(SqlConformance, DescribeNamesTheBackEndOnly) {
    EXPECT_EQ(db().describe(), GetParam() == Backend::Sqlite ? "sqlite" : "postgresql");
    EXPECT_EQ(db().dialect(), GetParam() == Backend::Sqlite ? Dialect::Sqlite : Dialect::Postgres);
}

MEGATRON_INSTANTIATE_BACKENDS(SqlConformance);

TEST(OpenDatabase, SqliteInMemoryWorksWithAnyPoolSize) {
    auto url = config::parse_database_url("sqlite://:memory:");
    ASSERT_TRUE(url);
    auto db = open_database(*url, 4);
    ASSERT_OK(db);
    ASSERT_OK((*db)->execute("CREATE TABLE t (x INTEGER)"));
    ASSERT_OK((*db)->transaction([](Connection& c) -> StorageResult<void> {
        auto r = c.execute("INSERT INTO t (x) VALUES (?)", {std::int64_t{5}});
        if (!r) return unexpected(r.error());
        return {};
    }));
    // Every call sees the same in-memory database, also from other threads.
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            auto r = (*db)->execute("SELECT x FROM t");
            EXPECT_TRUE(r && r->rows.size() == 1 && r->rows[0].integer(0) == 5);
        });
    }
    for (auto& t : threads) t.join();
}

TEST(OpenDatabase, UnopenableSqlitePathIsUnavailable) {
    config::DatabaseUrl url;
    url.sqlite_path = "/nonexistent-directory-for-megatron/sub/megatron.db";
    auto db = open_database(url, 2);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().kind, StorageError::Kind::Unavailable);
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailableAndHidesThePassword) {
    config::DatabaseUrl url;
    url.kind = config::DatabaseUrl::Kind::Postgres;
    // Port 1 on loopback: nothing listens there.
    url.postgres_url =
        "postgresql://megatron:hunter2-secret@127.0.0.1:1/megatron?connect_timeout=2";
    auto db = open_database(url, 2);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().kind, StorageError::Kind::Unavailable);
    EXPECT_EQ(db.error().message.find("hunter2-secret"), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace megatron::storage::test
