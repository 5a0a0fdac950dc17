// Issue #15: the SQLite database (tokens, customers' messages) and its WAL were created with
// the process's umask (0644 by default: readable by every local user). Now 0600.
#include "storage/open.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>

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

}  // namespace
}  // namespace megatron::storage
