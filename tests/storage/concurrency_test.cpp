// Several threads writing at once through one Database, and through two Database objects
// (two processes' worth of pools): nothing is lost, uniqueness holds under races.
#include "backend.hpp"
#include "storage/migrations.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace megatron::storage::test {
namespace {

constexpr int kThreads = 4;
constexpr int kPerThread = 40;

class Concurrency : public BackendTest {
  protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_OK(db().execute("CREATE TABLE counters (name TEXT PRIMARY KEY, n BIGINT NOT NULL)"));
        ASSERT_OK(db().execute("INSERT INTO counters (name, n) VALUES ('hits', 0)"));
        ASSERT_OK(
            db().execute("CREATE TABLE entries (writer INTEGER NOT NULL, seq INTEGER NOT NULL, "
                         "PRIMARY KEY (writer, seq))"));
    }
};

TEST_P(Concurrency, ConcurrentTransactionsLoseNoWrites) {
    auto second = open_another();
    ASSERT_NE(second, nullptr);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kThreads; ++w) {
        // Half the writers use another Database object, as another process would.
        Database& target = (w % 2 == 0) ? db() : *second;
        threads.emplace_back([&target, &failures, w] {
            for (int i = 0; i < kPerThread; ++i) {
                auto outcome = target.transaction([&](Connection& c) -> StorageResult<void> {
                    auto a = c.execute("INSERT INTO entries (writer, seq) VALUES (?, ?)",
                                       {std::int64_t{w}, std::int64_t{i}});
                    if (!a) return unexpected(a.error());
                    auto b = c.execute("UPDATE counters SET n = n + 1 WHERE name = 'hits'");
                    if (!b) return unexpected(b.error());
                    return {};
                });
                if (!outcome) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("entries"), kThreads * kPerThread);
    auto hits = db().execute("SELECT n FROM counters WHERE name = 'hits'");
    ASSERT_OK(hits);
    EXPECT_EQ(hits->rows.at(0).integer(0), kThreads * kPerThread);
}

// Concurrent transactions may be committed together (SQLite groups its writers under one
// BEGIN/COMMIT); each must still be all-or-nothing on its own: a failing statement, an error
// returned or an exception thrown takes back only that transaction's writes, and the
// exception reaches only its own caller.
TEST_P(Concurrency, AFailingTransactionAmongConcurrentOnesTakesBackOnlyItsOwnWrites) {
    constexpr int kWriters = 8;
    constexpr int kEach = 30;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < kEach; ++i) {
                const int kind = (w + i) % 4;  // 0 ok, 1 failing statement, 2 error, 3 throws
                auto work = [&](Connection& c) -> StorageResult<void> {
                    auto a = c.execute("INSERT INTO entries (writer, seq) VALUES (?, ?)",
                                       {std::int64_t{w}, std::int64_t{i}});
                    if (!a) return unexpected(a.error());
                    auto b = c.execute("UPDATE counters SET n = n + 1 WHERE name = 'hits'");
                    if (!b) return unexpected(b.error());
                    if (kind == 1) {
                        // A duplicate key: the statement fails; the work still returns a value.
                        (void)c.execute("INSERT INTO entries (writer, seq) VALUES (?, ?)",
                                        {std::int64_t{w}, std::int64_t{i}});
                    }
                    if (kind == 2) {
                        return unexpected(StorageError{StorageError::Kind::Invalid, "refused"});
                    }
                    if (kind == 3) throw std::runtime_error("writer " + std::to_string(w));
                    return {};
                };
                try {
                    auto outcome = db().transaction(work);
                    if (outcome.has_value() != (kind == 0)) ++wrong;
                } catch (const std::runtime_error& e) {
                    if (kind != 3 || e.what() != "writer " + std::to_string(w)) ++wrong;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
    auto kept = db().execute("SELECT writer, seq FROM entries ORDER BY writer, seq");
    ASSERT_OK(kept);
    std::set<std::pair<std::int64_t, std::int64_t>> expected;
    for (int w = 0; w < kWriters; ++w) {
        for (int i = 0; i < kEach; ++i) {
            if ((w + i) % 4 == 0) expected.emplace(w, i);
        }
    }
    std::set<std::pair<std::int64_t, std::int64_t>> found;
    for (const auto& row : kept->rows) found.emplace(row.integer(0), row.integer(1));
    EXPECT_EQ(found, expected);
    auto hits = db().execute("SELECT n FROM counters WHERE name = 'hits'");
    ASSERT_OK(hits);
    EXPECT_EQ(hits->rows.at(0).integer(0), static_cast<std::int64_t>(expected.size()));
}

TEST_P(Concurrency, ConcurrentAutocommitWritesAndReadsLoseNothing) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kThreads; ++w) {
        threads.emplace_back([this, &failures, w] {
            for (int i = 0; i < kPerThread; ++i) {
                if (!db().execute("INSERT INTO entries (writer, seq) VALUES (?, ?)",
                                  {std::int64_t{w}, std::int64_t{i}})) {
                    ++failures;
                }
                if (!db().execute("UPDATE counters SET n = n + 1 WHERE name = 'hits'")) ++failures;
                auto seen = db().execute("SELECT COUNT(*) FROM entries WHERE writer = ?",
                                         {std::int64_t{w}});
                // A writer always sees its own committed rows.
                if (!seen || seen->rows.at(0).integer(0) != i + 1) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("entries"), kThreads * kPerThread);
    auto hits = db().execute("SELECT n FROM counters WHERE name = 'hits'");
    ASSERT_OK(hits);
    EXPECT_EQ(hits->rows.at(0).integer(0), kThreads * kPerThread);
}

TEST_P(Concurrency, RacingInsertsOfTheSameKeyHaveExactlyOneWinner) {
    ASSERT_OK(migrate(db(), core_migrations()));
    Store store(db());
    constexpr int kEvents = 30;
    std::atomic<int> first_times{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kThreads; ++w) {
        threads.emplace_back([&] {
            for (int e = 0; e < kEvents; ++e) {
                auto first = store.mark_event_processed("Ev" + std::to_string(e));
                if (!first) {
                    ++failures;
                } else if (*first) {
                    ++first_times;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(first_times.load(), kEvents);
    EXPECT_EQ(count("processed_events"), kEvents);
}

TEST_P(Concurrency, ConcurrentStoreWritesKeepEveryChannelAndMessage) {
    ASSERT_OK(migrate(db(), core_migrations()));
    Store store(db());
    auto org = store.create_organization("acme", std::nullopt);
    ASSERT_OK(org);
    auto integration = store.create_integration(org->organization.id, PlatformType::Slack, "T1",
                                                Secret("xoxb-support"));
    ASSERT_OK(integration);
    auto ws = store.upsert_workspace(org->organization.id, {"Customer", PlatformType::Slack, "TC",
                                                            "customer", Secret("xoxb-customer")});
    ASSERT_OK(ws);

    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < kThreads; ++w) {
        threads.emplace_back([&, w] {
            NewChannel nc{org->organization.id,
                          integration->id,
                          ws->id,
                          "zz-user" + std::to_string(w),
                          "C" + std::to_string(w),
                          "U" + std::to_string(w),
                          0};
            auto channel = store.create_channel(nc);
            if (!channel) {
                ++failures;
                return;
            }
            for (int i = 0; i < kPerThread / 2; ++i) {
                auto ts = std::to_string(1000 + i) + ".0001";
                if (!store.create_message(channel->id, "S" + ts, "C" + ts)) ++failures;
                if (!store.set_last_message_sent(channel->id, 1000 + i)) ++failures;
                if (!store.set_paused(channel->id, i % 2 == 0)) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(count("channels"), kThreads);
    EXPECT_EQ(count("messages"), kThreads * (kPerThread / 2));
    auto channels = store.channels_for(org->organization.id);
    ASSERT_OK(channels);
    for (const auto& c : *channels) {
        EXPECT_EQ(c.last_message_sent, 1000 + kPerThread / 2 - 1);
        EXPECT_FALSE(c.is_paused);  // the last update (i = 19) unpaused it
    }
}

MEGATRON_INSTANTIATE_BACKENDS(Concurrency);

}  // namespace
}  // namespace megatron::storage::test
