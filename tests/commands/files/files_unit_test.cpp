// The pieces of issue #8 below the end-to-end stories: the limits, the job payload, and the
// configuration variables.
#include "commands/files/file_jobs.hpp"
#include "commands/files/file_limits.hpp"
#include "commands/files/temp_dir.hpp"
#include "config/config.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <fstream>

namespace megatron::commands::files {
namespace {

TEST(FileLimits, TypesMatchExactlyOrByFamily) {
    std::vector<std::string> allowed{"image/*", "application/pdf"};
    EXPECT_TRUE(type_allowed("image/png", allowed));
    EXPECT_TRUE(type_allowed("IMAGE/JPEG; charset=binary", allowed));
    EXPECT_TRUE(type_allowed("application/pdf", allowed));
    EXPECT_FALSE(type_allowed("application/pdfx", allowed));
    EXPECT_FALSE(type_allowed("text/plain", allowed));
    EXPECT_FALSE(type_allowed("imagex/png", allowed));
    EXPECT_FALSE(type_allowed("", allowed));
}

TEST(FileLimits, DeclaredSizeAndTypeAreCheckedBeforeDownloading) {
    FileLimits limits{1024 * 1024, {"image/*"}};
    TransferFile ok{"F1", "a.png", "", "image/png", "https://files.slack.com/a", "", 1024 * 1024};
    EXPECT_FALSE(refusal_before_download(ok, limits));
    auto big = ok;
    big.size = 1024 * 1024 + 1;
    EXPECT_EQ(refusal_before_download(big, limits), "it is larger than the 1 MB limit");
    auto text = ok;
    text.mimetype = "text/plain";
    EXPECT_EQ(refusal_before_download(text, limits), "files of type text/plain are not allowed");
    EXPECT_EQ(describe_size(1500), "1500 bytes");
}

TEST(FileJobs, PayloadRoundTripsAndCarriesNoToken) {
    TransferFilesJob job{Direction::ToSupport,
                         7,
                         "U1",
                         "1.2",
                         "hi",
                         files_from_json(boost::json::parse(
                             R"([{"id":"F1","name":"a.png","title":"A","mimetype":"image/png",
                                  "url_private":"https://files.slack.com/x","size":12},
                                 {"name":"no id is skipped"}])"))};
    ASSERT_EQ(job.files.size(), 1u);
    auto back = payload::read<TransferFilesJob>(payload::write(job));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->direction, Direction::ToSupport);
    EXPECT_EQ(back->channel_id, 7);
    EXPECT_EQ(back->files.at(0).size, 12);
    EXPECT_EQ(back->files.at(0).url_private, "https://files.slack.com/x");
    EXPECT_FALSE(payload::read<TransferFilesJob>(R"({"direction":"sideways","channel_id":1})"));
}

TEST(TempDir, RemovesItsFilesWhenItGoes) {
    std::filesystem::path path;
    {
        auto dir = TempDir::create();
        ASSERT_TRUE(dir);
        path = dir->path();
        std::ofstream(path / "x") << "bytes";
        EXPECT_TRUE(std::filesystem::exists(path / "x"));
    }
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(FileConfig, TypesAndSizeFromTheEnvironment) {
    auto defaults = config::from_variables({});
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->allowed_file_types,
              (std::vector<std::string>{"image/*", "application/pdf"}));
    EXPECT_EQ(defaults->max_file_bytes, 20u * 1024 * 1024);
    auto set = config::from_variables({{"MEGATRON_FILE_TYPES", " image/png, Application/PDF ,"},
                                       {"MEGATRON_MAX_FILE_BYTES", "5"}});
    ASSERT_TRUE(set);
    EXPECT_EQ(set->allowed_file_types, (std::vector<std::string>{"image/png", "application/pdf"}));
    EXPECT_EQ(set->max_file_bytes, 5u);
    auto bad = config::from_variables({{"MEGATRON_FILE_TYPES", "png"}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().variable, "MEGATRON_FILE_TYPES");
}

}  // namespace
}  // namespace megatron::commands::files
