// The fixture helper: fixtures are read from the checkout, each names its source, and a
// missing one fails the test that asked for it without aborting the run.
#include "support/fixtures.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace megatron::test {
namespace {

TEST(Fixtures, LiveInsideTheCheckout) {
    // tests/fixtures of this source tree, wherever it was cloned: never a folder beside it.
    auto dir = fixtures_dir();
    EXPECT_EQ(dir.filename(), "fixtures");
    EXPECT_EQ(dir.parent_path().filename(), "tests");
    EXPECT_TRUE(
        std::filesystem::is_regular_file(dir.parent_path().parent_path() / "CMakeLists.txt"));
    EXPECT_TRUE(std::filesystem::is_directory(dir / "slack"));
}

TEST(Fixtures, EveryFixtureNamesItsSourceAndWhatItShows) {
    int seen = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(fixtures_dir())) {
        if (entry.path().extension() != ".json") continue;
        auto relative = std::filesystem::relative(entry.path(), fixtures_dir());
        SCOPED_TRACE(relative.string());
        auto document = fixture_document(relative);
        ASSERT_TRUE(document.is_object());
        const auto& object = document.as_object();
        ASSERT_TRUE(object.at("source").is_string());
        EXPECT_FALSE(object.at("source").as_string().empty());
        ASSERT_TRUE(object.contains("about") && object.at("about").is_string());
        EXPECT_FALSE(object.at("about").as_string().empty());
        ++seen;
    }
    EXPECT_GE(seen, 50);
}

TEST(Fixtures, BodiesAreExactAndPayloadsAreJson) {
    auto body = fixture_text("slack/slash_commands/slash_command_body__slack-signing-docs.json");
    EXPECT_TRUE(body.starts_with("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&"));
    EXPECT_TRUE(
        body.ends_with("trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"));
    auto payload = fixture_json("slack/events/url_verification__bolt-python.json");
    ASSERT_TRUE(payload.is_object());
    EXPECT_EQ(payload.at("type"), "url_verification");
    EXPECT_EQ(fixture_text("slack/events/url_verification__bolt-python.json").front(), '{');
}

TEST(Fixtures, FilesOfAFolderAreSortedRelativePaths) {
    auto files = fixture_files("slack/socket_mode");
    ASSERT_FALSE(files.empty());
    EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
    for (const auto& f : files) {
        EXPECT_EQ(f.parent_path(), "slack/socket_mode");
        EXPECT_TRUE(std::filesystem::is_regular_file(fixtures_dir() / f));
    }
}

TEST(Fixtures, AMissingFixtureFailsTheTestAndGivesAnEmptyValue) {
    std::string text = "unchanged";
    EXPECT_NONFATAL_FAILURE(text = fixture_text("slack/no_such_fixture.json"),
                            "test fixture missing: ");
    EXPECT_TRUE(text.empty());
    boost::json::value payload = true;
    EXPECT_NONFATAL_FAILURE(payload = fixture_json("slack/no_such_fixture.json"),
                            "no_such_fixture.json");
    EXPECT_TRUE(payload.is_null());
    std::vector<std::filesystem::path> files{"x"};
    EXPECT_NONFATAL_FAILURE(files = fixture_files("slack/no_such_folder"),
                            "test fixture folder missing or empty: ");
    EXPECT_TRUE(files.empty());
}

TEST(Fixtures, ABodyFixtureIsNotAJsonPayload) {
    boost::json::value payload = true;
    EXPECT_NONFATAL_FAILURE(
        payload = fixture_json("slack/slash_commands/slash_command_body__bolt-python.json"),
        "has a body, not a JSON payload");
    EXPECT_TRUE(payload.is_null());
}

TEST(Fixtures, ADocumentThatIsNotAFixtureIsRefused) {
    // The README beside the fixtures is not JSON: asking for it as a fixture fails.
    std::string text = "unchanged";
    EXPECT_NONFATAL_FAILURE(text = fixture_text("slack/README.md"), "test fixture is not JSON: ");
    EXPECT_TRUE(text.empty());
}

}  // namespace
}  // namespace megatron::test
