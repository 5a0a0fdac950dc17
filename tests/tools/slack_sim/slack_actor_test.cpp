// The simulator acting as Slack toward a connected app: a person's message, edit and
// deletion arrive as signed Events API callbacks; slash commands and button clicks arrive as
// signed form posts whose response_url posts back into the simulated channel.
#include "http/client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "slack_sim/simulator.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>

namespace megatron::slack_sim {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "actor-test-signing-secret";

// Records what "Megatron" receives, checking each signature.
class FakeMegatron {
  public:
    FakeMegatron() {
        for (const char* path : {"/megatron/slack/event/", "/megatron/slack/slash-command/",
                                 "/megatron/slack/interactive-message/"}) {
            router_.add(http::Verb::post, path,
                        [this, path](const http::Request& req, http::RequestContext&) {
                            auto ts = std::string(req["X-Slack-Request-Timestamp"]);
                            auto expected = "v0=" + crypto::hmac_sha256_hex(
                                                        kSecret, "v0:" + ts + ":" + req.body());
                            std::lock_guard lock(mutex_);
                            received_.push_back(
                                {path, req.body(),
                                 crypto::constant_time_equal(expected, req["X-Slack-Signature"])});
                            return http::text_response(http::Status::ok, "", "text/plain");
                        });
        }
        server_ = std::make_unique<http::Server>(http::ServerOptions{"127.0.0.1", 0, 2}, router_);
        server_->start();
    }
    struct Received {
        std::string path;
        std::string body;
        bool signed_ok;
    };
    std::vector<Received> received() {
        std::lock_guard lock(mutex_);
        return received_;
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }

  private:
    http::Router router_;
    std::unique_ptr<http::Server> server_;
    std::mutex mutex_;
    std::vector<Received> received_;
};

class SlackActorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        sim_.start();
        team_ = sim_.add_workspace({.id = "T0SUPPORT",
                                    .domain = "support",
                                    .bot_token = "xoxb-support",
                                    .bot_user_id = "U0MEGATRON"});
        agent_ = sim_.add_user(team_, {.id = "U0AGENT", .name = "ann"});
        channel_ = sim_.add_channel(team_, {.name = "zz-carla_customer", .members = {agent_}});
        dm_ = sim_.open_dm(team_, agent_);
        sim_.connect_app(team_,
                         {.events_url = megatron_.url("/megatron/slack/event/"),
                          .commands_url = megatron_.url("/megatron/slack/slash-command/"),
                          .interactive_url = megatron_.url("/megatron/slack/interactive-message/"),
                          .signing_secret = kSecret,
                          .event_retry = {2000ms, {0ms}}});
    }

    FakeMegatron megatron_;
    Simulator sim_;
    std::string team_, agent_, channel_, dm_;
};

TEST_F(SlackActorTest, APersonsMessageEditAndDeletionBecomeSignedEvents) {
    auto said = sim_.user_says(channel_, agent_, "Hi Carla, Ann here");
    ASSERT_TRUE(said.delivered());
    auto ts = sim_.messages(channel_).back().ts;
    ASSERT_TRUE(sim_.user_edits(channel_, ts, "Hi Carla, Ann from support").delivered());
    ASSERT_TRUE(sim_.user_deletes(channel_, ts).delivered());
    EXPECT_TRUE(sim_.messages(channel_).empty());

    auto got = megatron_.received();
    ASSERT_EQ(got.size(), 3u);
    for (const auto& r : got) {
        EXPECT_TRUE(r.signed_ok);
        EXPECT_EQ(r.path, "/megatron/slack/event/");
    }
    auto message = boost::json::parse(got[0].body).as_object();
    EXPECT_EQ(message.at("type"), "event_callback");
    EXPECT_EQ(message.at("team_id"), "T0SUPPORT");
    const auto& e = message.at("event").as_object();
    EXPECT_EQ(e.at("type"), "message");
    EXPECT_EQ(e.at("channel").as_string(), channel_);
    EXPECT_EQ(e.at("user").as_string(), agent_);
    EXPECT_EQ(e.at("text"), "Hi Carla, Ann here");
    EXPECT_EQ(e.at("ts").as_string(), ts);
    EXPECT_EQ(e.at("channel_type"), "channel");

    auto edited = boost::json::parse(got[1].body).at("event").as_object();
    EXPECT_EQ(edited.at("subtype"), "message_changed");
    EXPECT_EQ(edited.at("message").at("ts").as_string(), ts);
    EXPECT_EQ(edited.at("message").at("text"), "Hi Carla, Ann from support");
    EXPECT_EQ(edited.at("previous_message").at("text"), "Hi Carla, Ann here");

    auto deleted = boost::json::parse(got[2].body).at("event").as_object();
    EXPECT_EQ(deleted.at("subtype"), "message_deleted");
    EXPECT_EQ(deleted.at("deleted_ts").as_string(), ts);

    auto dm_said = sim_.user_says(dm_, agent_, "in a DM");
    ASSERT_TRUE(dm_said.delivered());
    EXPECT_EQ(boost::json::parse(megatron_.received().back().body).at("event").at("channel_type"),
              "im");
}

TEST_F(SlackActorTest, SlashCommandsCarryAWorkingResponseUrl) {
    auto sent = sim_.slash_command(channel_, agent_, "/megatron", "close");
    EXPECT_EQ(sent.answer.status, 200);
    auto got = megatron_.received();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].signed_ok);
    auto form = strings::parse_form(got[0].body);
    EXPECT_EQ(form.at("command"), "/megatron");
    EXPECT_EQ(form.at("text"), "close");
    EXPECT_EQ(form.at("channel_id"), channel_);
    EXPECT_EQ(form.at("channel_name"), "zz-carla_customer");
    EXPECT_EQ(form.at("user_id"), agent_);
    EXPECT_EQ(form.at("user_name"), "ann");
    EXPECT_EQ(form.at("team_domain"), "support");
    EXPECT_EQ(form.at("response_url"), sent.response_url);
    EXPECT_FALSE(form.at("trigger_id").empty());

    http::Client client;
    http::ClientRequest req;
    req.method = "POST";
    req.url = sent.response_url;
    req.headers = {{"Content-Type", "application/json"}};
    req.body = R"({"text":"Engagement closed","response_type":"in_channel"})";
    auto res = client.send(req);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(sim_.messages(channel_).back().text, "Engagement closed");
    EXPECT_EQ(sim_.response_url_posts(sent.response_url).size(), 1u);
}

TEST_F(SlackActorTest, InteractivePayloadsAreFilledInAndSentAsPayloadForms) {
    boost::json::object payload{
        {"type", "interactive_message"},
        {"callback_id", "open_engagement"},
        {"actions", boost::json::array{boost::json::object{
                        {"name", "open"}, {"type", "button"}, {"value", "U0CARLA"}}}}};
    auto sent = sim_.interactive(channel_, agent_, payload);
    EXPECT_EQ(sent.answer.status, 200);
    auto got = megatron_.received();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].signed_ok);
    EXPECT_EQ(got[0].path, "/megatron/slack/interactive-message/");
    auto body = boost::json::parse(strings::parse_form(got[0].body).at("payload")).as_object();
    EXPECT_EQ(body.at("type"), "interactive_message");
    EXPECT_EQ(body.at("callback_id"), "open_engagement");
    EXPECT_EQ(body.at("user").at("id").as_string(), agent_);
    EXPECT_EQ(body.at("channel").at("id").as_string(), channel_);
    EXPECT_EQ(body.at("team").at("id").as_string(), team_);
    EXPECT_EQ(body.at("response_url").as_string(), sent.response_url);
}

TEST_F(SlackActorTest, TheBotsOwnPostsComeBackAsEventsAsOnSlack) {
    http::Client client;
    http::ClientRequest req;
    req.method = "POST";
    req.url = sim_.api_url() + "chat.postMessage";
    req.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer xoxb-support"}};
    req.body = boost::json::serialize(boost::json::object{
        {"channel", channel_},
        {"text", "mirrored from the customer"},
        {"metadata", {{"event_type", "megatron_post"}, {"event_payload", {{"k", 1}}}}}});
    auto res = client.send(req);
    ASSERT_TRUE(res);
    ASSERT_EQ(boost::json::parse(res->body).at("ok"), true) << res->body;
    sim_.wait_for_echoes();

    auto got = megatron_.received();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].signed_ok);
    auto event = boost::json::parse(got[0].body).at("event").as_object();
    EXPECT_EQ(event.at("type"), "message");
    EXPECT_EQ(event.at("text"), "mirrored from the customer");
    EXPECT_EQ(event.at("user"), "U0MEGATRON");
    EXPECT_TRUE(event.contains("bot_id"));
    EXPECT_EQ(event.at("channel").as_string(), channel_);
    EXPECT_FALSE(event.contains("metadata"));
    ASSERT_EQ(sim_.echo_deliveries().size(), 1u);
    EXPECT_TRUE(sim_.echo_deliveries()[0].delivered());

    // An app that opts out gets nothing back.
    sim_.connect_app(team_, {.events_url = megatron_.url("/megatron/slack/event/"),
                             .signing_secret = kSecret,
                             .echo_bot_messages = false});
    res = client.send(req);
    ASSERT_TRUE(res);
    sim_.wait_for_echoes();
    EXPECT_EQ(megatron_.received().size(), 1u);
}

TEST_F(SlackActorTest, WithoutAConnectedAppNothingIsSent) {
    auto other = sim_.add_workspace({.id = "T0QUIET", .bot_token = "xoxb-quiet"});
    auto person = sim_.add_user(other, {.name = "quiet"});
    auto dm = sim_.open_dm(other, person);
    auto said = sim_.user_says(dm, person, "hello?");
    EXPECT_TRUE(said.attempts.empty());
    EXPECT_EQ(sim_.messages(dm).size(), 1u);
    EXPECT_TRUE(megatron_.received().empty());
}

}  // namespace
}  // namespace megatron::slack_sim
