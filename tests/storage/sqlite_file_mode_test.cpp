// Issue #15: the SQLite database (tokens, customers' messages) and its WAL were created with
// the process's umask (0644 by default: readable by every local user). Now 0600.
#include "storage/open.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace megatron::storage {
namespace {

unsigned mode_of(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return 07777;
    return st.st_mode & 0777;
}

TEST(SqliteFileMode, TheDatabaseAndItsWalAreReadableByTheOwnerOnly) {
    test::TempDir dir;
    auto path = dir.path() + "/megatron.db";
    mode_t before = umask(022);  // the usual umask, which made the files 0644
    config::DatabaseUrl url;
    url.kind = config::DatabaseUrl::Kind::Sqlite;
    url.sqlite_path = path;
    auto db = open_database(url, 2);
    umask(before);
    ASSERT_TRUE(db) << db.error().message;
    auto written = (*db)->execute("CREATE TABLE t (x INTEGER)");
    ASSERT_TRUE(written) << written.error().message;
    ASSERT_TRUE((*db)->execute("INSERT INTO t VALUES (1)"));
    ASSERT_TRUE(std::filesystem::exists(path + "-wal")) << "expected the database in WAL mode";
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(mode_of(path + "-wal"), 0600u);
    EXPECT_EQ(mode_of(path + "-shm"), 0600u);
}

// Issue 22: SQLite checkpointed the WAL inside the commit that took it past 1,000 pages,
// i.e. in the group committer, with every writer of the process waiting behind the copy and
// its fsync. Commits now only ask a checkpointing thread. The WAL's content still reaches the
// database file while the process runs (it is not left to grow until the last close).
TEST(SqliteCheckpoints, TheWalIsCopiedIntoTheDatabaseWhileTheProcessRuns) {
    test::TempDir dir;
    auto path = dir.path() + "/megatron.db";
    config::DatabaseUrl url;
    url.kind = config::DatabaseUrl::Kind::Sqlite;
    url.sqlite_path = path;
    auto db = open_database(url, 2);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->execute("CREATE TABLE t (x TEXT)"));
    const std::string page(4000, 'x');  // about a page a row
    for (int round = 0; round < 30; ++round) {
        auto written = (*db)->transaction([&](Connection& conn) -> StorageResult<void> {
            for (int i = 0; i < 100; ++i) {
                auto r = conn.execute("INSERT INTO t VALUES (?)", {page});
                if (!r) return unexpected(r.error());
            }
            return {};
        });
        ASSERT_TRUE(written) << written.error().message;
    }
    // 3,000 pages went through the WAL: at least the first 1,000 (the threshold) are in the
    // file, copied by the checkpointing thread (nothing else checkpoints while it is open).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::uintmax_t size = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        size = std::filesystem::file_size(path);
        if (size >= 1000u * 4000u) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_GE(size, 1000u * 4000u) << "the WAL was never checkpointed";
}

}  // namespace
}  // namespace megatron::storage
