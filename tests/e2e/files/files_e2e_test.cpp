// Issue #8 end to end over HTTP: files in both directions through the real `megatron serve`,
// on both transfer back ends (Slack's external upload, and S3 against the real S3-compatible
// server), with the limits (size, type, hosts) and exactly-once delivery when Slack fails.
#include "e2e/files/files_world.hpp"

#include "http/router.hpp"
#include "http/server.hpp"

#include <boost/json.hpp>

#include <atomic>
#include <thread>

namespace megatron::test {
namespace {

namespace json = boost::json;
using slack_sim::FaultKind;

class FilesStories : public FilesTest {
  protected:
    // Lets any work still queued run, so a duplicate would have had time to appear.
    static void settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); }
};

TEST_P(FilesStories, AgentFileReachesTheCustomerWithTextAndFooter) {
    start();
    auto content = bytes(300000, 1);
    world_->sim.user_shares_files(
        world_->zz_carla, agent_, "here is your receipt",
        {{.name = "receipt.png", .title = "Receipt", .mimetype = "image/png", .content = content}});

    const auto& dm = world_->carla_dm;
    ASSERT_TRUE(RelayWorld::eventually([&] { return delivered(dm).size() == 1; }));
    auto files = delivered(dm);
    EXPECT_EQ(files[0].name, "receipt.png");
    EXPECT_EQ(files[0].content, content);
    EXPECT_EQ(messages_containing(dm, "here is your receipt"), 1u);
    EXPECT_EQ(messages_containing(dm, "sent by Alice Agent"), 1u);
    if (GetParam().transfer == Transfer::Slack) {
        auto shared = world_->sim.shared_files(dm);
        EXPECT_EQ(shared[0].title, "Receipt");
        EXPECT_EQ(world_->sim.call_count("files.upload"), 0u);
        EXPECT_EQ(world_->sim.call_count("files.completeUploadExternal"), 1u);
    } else {
        EXPECT_NE(files[0].link.find("X-Amz-Signature="), std::string::npos);
        EXPECT_NE(files[0].link.find("X-Amz-Expires=604800"), std::string::npos);
        EXPECT_EQ(files[0].link.find("S3RVER&"), std::string::npos);  // no secret in the URL
    }
    // Downloaded from the support workspace with its token.
    auto downloads = world_->sim.calls("file_download");
    ASSERT_EQ(downloads.size(), 1u);
    EXPECT_TRUE(downloads[0].ok);
    EXPECT_EQ(downloads[0].workspace_id, world_->support_team);
    settle();
    EXPECT_EQ(delivered(dm).size(), 1u);
}

TEST_P(FilesStories, CustomerFileReachesTheEngagementChannelUnderTheirName) {
    start();
    auto content = bytes(200000, 2);
    auto file_id = world_->sim.add_file(
        world_->customer_team,
        {.name = "photo.png", .mimetype = "image/png", .content = content, .user = world_->carla});
    auto answer = world_->post(
        "/megatron/incoming/",
        json::object{
            {"message", json::object{{"user", world_->carla},
                                     {"ts", "1700000000.000100"},
                                     {"text", "the screen looks like this"},
                                     {"files", json::array{world_->sim.file_object(file_id)}}}}});
    ASSERT_EQ(answer.status, 200) << json::serialize(answer.body);
    EXPECT_EQ(answer.body.at("track"), true);

    const auto& channel = world_->zz_carla;
    ASSERT_TRUE(RelayWorld::eventually([&] { return delivered(channel).size() == 1; }));
    auto files = delivered(channel);
    EXPECT_EQ(files[0].name, "photo.png");
    EXPECT_EQ(files[0].content, content);
    EXPECT_EQ(messages_containing(channel, "the screen looks like this"), 1u);
    EXPECT_EQ(messages_containing(channel, "Carla C"), 1u);
    auto downloads = world_->sim.calls("file_download");
    ASSERT_EQ(downloads.size(), 1u);
    EXPECT_EQ(downloads[0].workspace_id, world_->customer_team);

    // The bot app sending the same message again changes nothing.
    auto again = world_->post(
        "/megatron/incoming/",
        json::object{
            {"message", json::object{{"user", world_->carla},
                                     {"ts", "1700000000.000100"},
                                     {"text", "the screen looks like this"},
                                     {"files", json::array{world_->sim.file_object(file_id)}}}}});
    EXPECT_EQ(again.status, 200);
    settle();
    EXPECT_EQ(delivered(channel).size(), 1u);
}

TEST_P(FilesStories, OversizedFilesAreRefusedBeforeAndWhileDownloading) {
    start();
    // Declared too big: refused without a download.
    world_->sim.user_shares_files(
        world_->zz_carla, agent_, "a big one",
        {{.name = "big.png", .mimetype = "image/png", .content = bytes(kMaxBytes + 1, 3)}});
    ASSERT_TRUE(RelayWorld::eventually([&] { return !ephemeral_containing("big.png").empty(); }));
    auto line = ephemeral_containing("big.png").at(0);
    EXPECT_NE(line.find("larger than the 1 MB limit"), std::string::npos) << line;
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return messages_containing(world_->carla_dm, "a big one") == 1; }));
    EXPECT_EQ(world_->sim.call_count("file_download"), 0u);

    // Declared small, but bigger when the bytes arrive: the cap holds while downloading.
    auto liar = world_->sim.add_file(world_->support_team, {.name = "liar.png",
                                                            .mimetype = "image/png",
                                                            .content = bytes(3 * kMaxBytes, 4),
                                                            .user = agent_});
    auto object = world_->sim.file_object(liar).as_object();
    object["size"] = 1000;
    agent_shares_raw("a liar", json::array{object});
    ASSERT_TRUE(RelayWorld::eventually([&] { return !ephemeral_containing("liar.png").empty(); }));
    line = ephemeral_containing("liar.png").at(0);
    EXPECT_NE(line.find("larger than the 1 MB limit"), std::string::npos) << line;
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return messages_containing(world_->carla_dm, "a liar") == 1; }));
    EXPECT_EQ(world_->sim.call_count("file_download"), 1u);
    settle();
    EXPECT_TRUE(delivered(world_->carla_dm).empty());
    EXPECT_EQ(ephemeral_containing("big.png").size(), 1u);
    EXPECT_EQ(messages_containing(world_->carla_dm, "a big one"), 1u);
}

TEST_P(FilesStories, RefusedTypeIsNamedAndTheTextStillArrivesOnce) {
    start();
    auto picture = bytes(5000, 5);
    world_->sim.user_shares_files(
        world_->zz_carla, agent_, "notes and a picture",
        {{.name = "notes.txt", .mimetype = "text/plain", .content = "secret plans"},
         {.name = "ok.png", .mimetype = "image/png", .content = picture}});
    ASSERT_TRUE(RelayWorld::eventually([&] { return !ephemeral_containing("notes.txt").empty(); }));
    auto line = ephemeral_containing("notes.txt").at(0);
    EXPECT_NE(line.find("files of type text/plain are not allowed"), std::string::npos) << line;
    ASSERT_TRUE(RelayWorld::eventually([&] { return delivered(world_->carla_dm).size() == 1; }));
    EXPECT_EQ(delivered(world_->carla_dm)[0].content, picture);
    settle();
    EXPECT_EQ(messages_containing(world_->carla_dm, "notes and a picture"), 1u);
    EXPECT_EQ(ephemeral_containing("notes.txt").size(), 1u);

    // Customer side: the refusal is a line in the engagement channel. The file's name comes
    // from outside: escaped (issue #15), it cannot ping the channel.
    auto file_id =
        world_->sim.add_file(world_->customer_team, {.name = "virus<!channel>.exe",
                                                     .mimetype = "application/x-msdownload",
                                                     .content = "MZ...",
                                                     .user = world_->carla});
    auto answer = world_->post(
        "/megatron/incoming/",
        json::object{
            {"message", json::object{{"user", world_->carla},
                                     {"ts", "1700000000.000200"},
                                     {"text", "please run this"},
                                     {"files", json::array{world_->sim.file_object(file_id)}}}}});
    ASSERT_EQ(answer.status, 200);
    ASSERT_TRUE(RelayWorld::eventually([&] {
        return messages_containing(world_->zz_carla,
                                   "Could not show virus&lt;!channel&gt;.exe from Carla C") == 1;
    }));
    EXPECT_EQ(messages_containing(world_->zz_carla, "<!channel>"), 0u);
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return messages_containing(world_->zz_carla, "please run this") == 1; }));
    settle();
    EXPECT_EQ(messages_containing(world_->zz_carla, "please run this"), 1u);
    for (const auto& d : delivered(world_->zz_carla)) EXPECT_NE(d.name, "virus<!channel>.exe");
}

TEST_P(FilesStories, DownloadsFromHostsThatAreNotSlacksAreRefused) {
    start();
    // Another service on the same machine as the (simulated) Slack API: it must not be asked,
    // and it must never see the workspace token.
    std::atomic<int> hits{0};
    http::Router router;
    router.add(http::Verb::get, "/files-pri/steal.png",
               [&](const http::Request&, http::RequestContext&) {
                   ++hits;
                   return http::text_response(http::Status::ok, "stolen", "image/png");
               });
    http::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    http::Server other(options, router);
    other.start();
    auto url = "http://127.0.0.1:" + std::to_string(other.port()) + "/files-pri/steal.png";
    agent_shares_raw(
        "look at this",
        json::array{json::object{{"id", "F0EVIL"},
                                 {"name", "steal.png"},
                                 {"mimetype", "image/png"},
                                 {"size", 6},
                                 {"url_private", url}},
                    json::object{{"id", "F0EVIL2"},
                                 {"name", "remote.png"},
                                 {"mimetype", "image/png"},
                                 {"size", 6},
                                 {"url_private", "https://files.evil.example/x.png"}}});
    ASSERT_TRUE(RelayWorld::eventually([&] {
        return !ephemeral_containing("steal.png").empty() &&
               !ephemeral_containing("remote.png").empty();
    }));
    EXPECT_NE(ephemeral_containing("steal.png")[0].find("not on Slack's file hosts"),
              std::string::npos);
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return messages_containing(world_->carla_dm, "look at this") == 1; }));
    EXPECT_EQ(hits.load(), 0);
    EXPECT_TRUE(delivered(world_->carla_dm).empty());
    other.stop();
}

INSTANTIATE_TEST_SUITE_P(Files, FilesStories,
                         ::testing::Values(FilesCase{Backend::Sqlite, Transfer::Slack},
                                           FilesCase{Backend::Sqlite, Transfer::S3},
                                           FilesCase{Backend::PostgresRedis, Transfer::Slack},
                                           FilesCase{Backend::PostgresRedis, Transfer::S3}),
                         case_name);

// Slack's upload failing: only the Slack back end uploads.
class SlackUploadFailures : public FilesTest {};

TEST_P(SlackUploadFailures, UploadFailingWith5xxThenSucceedingDeliversOnce) {
    start();
    world_->sim.inject({.kind = FaultKind::ServerError, .method = "file_upload", .status = 503});
    auto content = bytes(100000, 6);
    world_->sim.user_shares_files(world_->zz_carla, agent_, "retry me",
                                  {{.name = "r.png", .mimetype = "image/png", .content = content}});
    ASSERT_TRUE(RelayWorld::eventually([&] { return delivered(world_->carla_dm).size() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    auto files = delivered(world_->carla_dm);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].content, content);
    auto uploads = world_->sim.calls("file_upload");
    ASSERT_EQ(uploads.size(), 2u);
    EXPECT_FALSE(uploads[0].ok);
    EXPECT_TRUE(uploads[1].ok);
    EXPECT_EQ(world_->sim.call_count("files.completeUploadExternal"), 1u);
    EXPECT_EQ(messages_containing(world_->carla_dm, "retry me"), 1u);
}

TEST_P(SlackUploadFailures, CompletionWhoseAnswerIsLostIsNotRepeated) {
    start();
    // Slack shares the file but the answer never arrives: the retry finds the share in the
    // conversation's history (by its block_id) instead of uploading again.
    world_->sim.inject(
        {.kind = FaultKind::DropAfterProcessing, .method = "files.completeUploadExternal"});
    auto content = bytes(50000, 7);
    world_->sim.user_shares_files(world_->zz_carla, agent_, "once only",
                                  {{.name = "o.png", .mimetype = "image/png", .content = content}});
    ASSERT_TRUE(RelayWorld::eventually([&] { return delivered(world_->carla_dm).size() == 1; }));
    ASSERT_TRUE(RelayWorld::eventually(
        [&] { return world_->sim.call_count("conversations.history") >= 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(delivered(world_->carla_dm).size(), 1u);
    EXPECT_EQ(world_->sim.call_count("files.completeUploadExternal"), 1u);
    EXPECT_EQ(messages_containing(world_->carla_dm, "once only"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Files, SlackUploadFailures,
                         ::testing::Values(FilesCase{Backend::Sqlite, Transfer::Slack},
                                           FilesCase{Backend::PostgresRedis, Transfer::Slack}),
                         case_name);

}  // namespace
}  // namespace megatron::test
