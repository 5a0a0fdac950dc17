// The simulator's own Slack behaviour, spoken to over raw HTTP as any client would: auth,
// wire formats, argument validation and errors, ts order, history shape, files, the call
// record and faults. The required arguments come from tests/fixtures/slack/web_api_methods.json.
#include "http/client.hpp"
#include "slack_sim/simulator.hpp"
#include "support/fixtures.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <thread>

namespace megatron::slack_sim {
namespace {

constexpr const char* kToken = "xoxb-sim-test-token";

class SlackSimTest : public ::testing::Test {
  protected:
    void SetUp() override {
        sim_.start();
        team_ = sim_.add_workspace({.id = "T0SIM",
                                    .domain = "sim",
                                    .bot_token = kToken,
                                    .bot_user_id = "U0BOT",
                                    .bot_id = "B0BOT"});
        user_ = sim_.add_user(team_, {.id = "U0PERSON", .name = "person"});
        dm_ = sim_.open_dm(team_, user_);
        channel_ =
            sim_.add_channel(team_, {.name = "general", .is_general = true, .members = {user_}});
    }

    struct Answer {
        long status = 0;
        boost::json::object body;
        std::string raw;
        std::string content_type;
        std::string retry_after;
    };

    Answer request(const std::string& method, const std::string& path, std::string body = {},
                   std::string content_type = "application/x-www-form-urlencoded",
                   std::string token = kToken, bool fresh_connection = false) {
        http::ClientRequest req;
        req.fresh_connection = fresh_connection;
        req.method = method;
        req.url = sim_.base_url() + path;
        req.body = std::move(body);
        if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
        if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
        auto res = client_.send(req);
        Answer out;
        if (!res) return out;
        out.status = res->status;
        out.raw = res->body;
        out.content_type = res->header("content-type");
        out.retry_after = res->header("retry-after");
        boost::system::error_code ec;
        auto parsed = boost::json::parse(res->body, ec);
        if (!ec && parsed.is_object()) out.body = parsed.as_object();
        return out;
    }

    Answer api(const std::string& method,
               const std::vector<std::pair<std::string, std::string>>& form,
               std::string token = kToken) {
        return request("POST", "/api/" + method, strings::encode_form(form),
                       "application/x-www-form-urlencoded", std::move(token));
    }

    Answer api_json(const std::string& method, const boost::json::object& body) {
        return request("POST", "/api/" + method, boost::json::serialize(body), "application/json");
    }

    static std::string error_of(const Answer& a) {
        auto it = a.body.find("error");
        return it == a.body.end() ? std::string("<none>") : std::string(it->value().as_string());
    }

    Simulator sim_;
    http::Client client_;
    std::string team_, user_, dm_, channel_;
};

TEST_F(SlackSimTest, AuthenticationFollowsSlack) {
    EXPECT_EQ(error_of(api("users.info", {{"user", user_}}, "")), "not_authed");
    EXPECT_EQ(error_of(api("users.info", {{"user", user_}}, "xoxb-wrong")), "invalid_auth");
    auto ok = api("users.info", {{"user", user_}});
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body.at("ok"), true);

    // A form `token` still works on Slack; the record says where the token came from.
    auto in_body = request("POST", "/api/users.info",
                           strings::encode_form({{"token", kToken}, {"user", user_}}),
                           "application/x-www-form-urlencoded", "");
    EXPECT_EQ(in_body.body.at("ok"), true);
    EXPECT_EQ(sim_.calls("users.info").back().token_source, "body");
    EXPECT_FALSE(sim_.calls("users.info").back().args.contains("token"));
    EXPECT_EQ(sim_.calls("users.info").at(2).token_source, "header");

    // JSON bodies must carry the token in the header.
    auto json_token =
        request("POST", "/api/users.info",
                boost::json::serialize(boost::json::object{{"token", kToken}, {"user", user_}}),
                "application/json", "");
    EXPECT_EQ(error_of(json_token), "not_authed");

    sim_.invalidate_token(kToken, "token_revoked");
    EXPECT_EQ(error_of(api("users.info", {{"user", user_}})), "token_revoked");
}

TEST_F(SlackSimTest, UnknownAndRetiredMethods) {
    auto unknown = api("chat.postMessages", {{"channel", dm_}});
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(error_of(unknown), "unknown_method");
    for (const char* retired :
         {"im.open", "im.history", "channels.join", "channels.list", "files.upload"}) {
        auto a = api(retired, {{"user", user_}, {"channel", dm_}, {"name", "x"}});
        EXPECT_EQ(error_of(a), "method_deprecated") << retired;
        EXPECT_EQ(sim_.call_count(retired), 1u) << retired;
    }
}

TEST_F(SlackSimTest, MissingRequiredArgumentsAnswerSlacksErrorForEveryMethod) {
    auto document = test::fixture_json("slack/web_api_methods.json");
    ASSERT_TRUE(document.is_object());
    auto methods = document.at("methods").as_object();
    int checked = 0;
    for (const auto& [name, spec] : methods) {
        std::string method(name);
        if (spec.at("deprecated").as_bool()) continue;
        if (method.starts_with("im.") || method.starts_with("channels.") ||
            method == "files.upload" || method == "apps.connections.open") {
            continue;
        }
        const auto& required = spec.at("required").as_array();
        for (const auto& missing : required) {
            // Everything else present, the one argument missing.
            std::vector<std::pair<std::string, std::string>> form;
            for (const auto& other : required) {
                if (other != missing) form.emplace_back(std::string(other.as_string()), "x");
            }
            auto a = api(method, form);
            auto expected =
                method == "conversations.create" ? "invalid_name_required" : "invalid_arguments";
            EXPECT_EQ(error_of(a), expected) << method << " without " << missing.as_string();
            if (std::string(expected) == "invalid_arguments") {
                auto messages = a.body.at("response_metadata").at("messages").as_array();
                EXPECT_EQ(messages.at(0).as_string(),
                          "[ERROR] missing required field: " + std::string(missing.as_string()));
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, 12);
    EXPECT_EQ(error_of(api("conversations.open", {})), "users_list_not_supplied");
}

TEST_F(SlackSimTest, ChannelNamesFollowSlacksRules) {
    struct Case {
        std::string name;
        std::string error;
    };
    for (const auto& c : std::vector<Case>{{"", "invalid_name_required"},
                                           {"---", "invalid_name_punctuation"},
                                           {"Upper", "invalid_name_specials"},
                                           {"with space", "invalid_name_specials"},
                                           {"dot.name", "invalid_name_specials"},
                                           {std::string(81, 'a'), "invalid_name_maxlength"},
                                           {"general", "name_taken"}}) {
        EXPECT_EQ(error_of(api("conversations.create", {{"name", c.name}})), c.error) << c.name;
    }
    auto ok = api("conversations.create", {{"name", std::string(80, 'a')}});
    EXPECT_EQ(ok.body.at("ok"), true);
    auto ok2 = api("conversations.create", {{"name", "zz-ok_name-1"}});
    EXPECT_EQ(ok2.body.at("channel").at("name"), "zz-ok_name-1");
    EXPECT_EQ(ok2.body.at("channel").at("is_member"), true);
    // Archived channels keep their name.
    auto id = std::string(ok2.body.at("channel").at("id").as_string());
    ASSERT_EQ(api("conversations.archive", {{"channel", id}}).body.at("ok"), true);
    EXPECT_EQ(error_of(api("conversations.create", {{"name", "zz-ok_name-1"}})), "name_taken");
    EXPECT_EQ(error_of(api("conversations.archive", {{"channel", channel_}})),
              "cant_archive_general");
    EXPECT_EQ(error_of(api("conversations.archive", {{"channel", dm_}})),
              "method_not_supported_for_channel_type");
}

TEST_F(SlackSimTest, ArchivedChannelsRefusePostsAndJoins) {
    auto c = sim_.add_channel(team_, {.name = "old", .is_archived = true});
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", c}, {"text", "hi"}})), "is_archived");
    EXPECT_EQ(error_of(api("conversations.join", {{"channel", c}})), "is_archived");
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", "C0NOWHERE"}, {"text", "hi"}})),
              "channel_not_found");
    auto other = sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other"});
    auto foreign = sim_.add_channel(other, {.name = "theirs"});
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", foreign}, {"text", "hi"}})),
              "channel_not_found");
}

TEST_F(SlackSimTest, PostMessageAnswersTheDocumentedShapeAndTsAlwaysIncreases) {
    std::string previous;
    for (int i = 0; i < 200; ++i) {
        auto a = api("chat.postMessage", {{"channel", dm_}, {"text", "n" + std::to_string(i)}});
        ASSERT_EQ(a.body.at("ok"), true);
        auto ts = std::string(a.body.at("ts").as_string());
        ASSERT_EQ(ts.size(), 17u) << ts;  // "1700000000.000100"
        EXPECT_EQ(ts[10], '.');
        if (!previous.empty()) {
            EXPECT_LT(std::stod(previous), std::stod(ts));
        }
        EXPECT_GT(ts, previous);
        previous = ts;
        EXPECT_EQ(a.body.at("channel").as_string(), dm_);
        const auto& m = a.body.at("message").as_object();
        EXPECT_EQ(m.at("type"), "message");
        EXPECT_EQ(m.at("ts"), a.body.at("ts"));
        EXPECT_EQ(m.at("bot_id"), "B0BOT");
        EXPECT_EQ(m.at("user"), "U0BOT");
    }
}

TEST_F(SlackSimTest, MetadataArrivesAsFormTextOrJsonAndHistoryReturnsItOnRequest) {
    auto form =
        api("chat.postMessage",
            {{"channel", dm_},
             {"text", "form"},
             {"metadata", R"({"event_type":"megatron_post","event_payload":{"key":"a"}})"}});
    ASSERT_EQ(form.body.at("ok"), true);
    auto json = api_json(
        "chat.postMessage",
        {{"channel", dm_},
         {"text", "json"},
         {"metadata", {{"event_type", "megatron_post"}, {"event_payload", {{"key", "b"}}}}}});
    ASSERT_EQ(json.body.at("ok"), true) << json.raw;
    EXPECT_EQ(error_of(api("chat.postMessage",
                           {{"channel", dm_}, {"text", "x"}, {"metadata", "{not json"}})),
              "invalid_metadata_format");
    EXPECT_EQ(error_of(api_json("chat.postMessage",
                                {{"channel", dm_}, {"text", "x"}, {"metadata", {{"no_type", 1}}}})),
              "invalid_metadata_format");

    auto without = api("conversations.history", {{"channel", dm_}});
    for (const auto& m : without.body.at("messages").as_array())
        EXPECT_FALSE(m.as_object().contains("metadata"));
    auto with = api("conversations.history", {{"channel", dm_}, {"include_all_metadata", "true"}});
    const auto& messages = with.body.at("messages").as_array();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].at("text"), "json");  // newest first
    EXPECT_EQ(messages[0].at("metadata").at("event_payload").at("key"), "b");
    EXPECT_EQ(messages[1].at("metadata").at("event_payload").at("key"), "a");
}

TEST_F(SlackSimTest, BadBodiesAnswerSlacksParseErrors) {
    EXPECT_EQ(error_of(request("POST", "/api/chat.postMessage", "{oops", "application/json")),
              "invalid_json");
    EXPECT_EQ(error_of(request("POST", "/api/chat.postMessage", "[1,2]", "application/json")),
              "json_not_object");
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", dm_}, {"blocks", "not json"}})),
              "invalid_blocks");
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", dm_}})), "no_text");
    std::string many = "[";
    for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + R"({"text":"a"})";
    many += "]";
    EXPECT_EQ(error_of(api("chat.postMessage", {{"channel", dm_}, {"attachments", many}})),
              "too_many_attachments");
}

TEST_F(SlackSimTest, HistoryLeavesThreadRepliesOutAndPagesWithCursors) {
    auto parent = sim_.post_as_user(dm_, user_, "parent");
    sim_.post_as_user(dm_, user_, "reply", parent);
    for (int i = 0; i < 4; ++i) sim_.post_as_user(dm_, user_, "m" + std::to_string(i));
    auto first = api("conversations.history", {{"channel", dm_}, {"limit", "2"}});
    ASSERT_EQ(first.body.at("has_more"), true);
    auto cursor = std::string(first.body.at("response_metadata").at("next_cursor").as_string());
    auto second =
        api("conversations.history", {{"channel", dm_}, {"limit", "2"}, {"cursor", cursor}});
    auto cursor2 = std::string(second.body.at("response_metadata").at("next_cursor").as_string());
    auto third =
        api("conversations.history", {{"channel", dm_}, {"limit", "2"}, {"cursor", cursor2}});
    std::vector<std::string> texts;
    for (const auto* page : {&first, &second, &third}) {
        for (const auto& m : page->body.at("messages").as_array())
            texts.emplace_back(m.at("text").as_string());
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"m3", "m2", "m1", "m0", "parent"}));
    EXPECT_EQ(third.body.at("has_more"), false);
    EXPECT_EQ(error_of(api("conversations.history", {{"channel", dm_}, {"cursor", "garbage"}})),
              "invalid_cursor");
    EXPECT_EQ(error_of(api("conversations.history", {{"channel", dm_}, {"latest", "abc"}})),
              "invalid_ts_latest");
}

TEST_F(SlackSimTest, PrivateFilesNeedTheRightWorkspacesToken) {
    auto file = sim_.add_file(
        team_,
        {.name = "a.bin", .mimetype = "application/octet-stream", .content = "secret bytes"});
    auto info = api("files.info", {{"file", file}});
    auto url = std::string(info.body.at("file").at("url_private").as_string());
    auto path = url.substr(sim_.base_url().size());

    auto with = request("GET", path, {}, "", kToken);
    EXPECT_EQ(with.status, 200);
    EXPECT_EQ(with.raw, "secret bytes");
    auto without = request("GET", path, {}, "", "");
    EXPECT_EQ(without.status, 200);  // Slack's sign-in page, not the file
    EXPECT_TRUE(without.content_type.starts_with("text/html"));
    EXPECT_EQ(without.raw.find("secret bytes"), std::string::npos);
    sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other"});
    auto other = request("GET", path, {}, "", "xoxb-other");
    EXPECT_TRUE(other.content_type.starts_with("text/html"));
}

TEST_F(SlackSimTest, ExternalUploadAcceptsRawAndMultipartBytesAndCompletesOnce) {
    auto ticket = api("files.getUploadURLExternal", {{"filename", "n.txt"}, {"length", "5"}});
    ASSERT_EQ(ticket.body.at("ok"), true);
    auto upload_url = std::string(ticket.body.at("upload_url").as_string());
    auto file_id = std::string(ticket.body.at("file_id").as_string());
    EXPECT_EQ(error_of(api("files.completeUploadExternal",
                           {{"files", R"([{"id":")" + file_id + R"("}])"}})),
              "file_not_found");  // no bytes yet

    std::string boundary = "XyZ123";
    std::string body = "--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.txt\"\r\n"
                       "Content-Type: text/plain\r\n\r\nhello\r\n--" +
                       boundary + "--\r\n";
    auto up = request("POST", upload_url.substr(sim_.base_url().size()), body,
                      "multipart/form-data; boundary=" + boundary, "");
    EXPECT_EQ(up.status, 200);
    EXPECT_EQ(sim_.file_content(file_id), "hello");

    auto done = api(
        "files.completeUploadExternal",
        {{"files", R"([{"id":")" + file_id + R"(","title":"Note"}])"}, {"channel_id", channel_}});
    ASSERT_EQ(done.body.at("ok"), true) << done.raw;
    EXPECT_EQ(done.body.at("files").at(0).at("title"), "Note");
    EXPECT_EQ(sim_.messages(channel_).back().subtype, "file_share");
    EXPECT_EQ(error_of(api("files.completeUploadExternal",
                           {{"files", R"([{"id":")" + file_id + R"("}])"}})),
              "file_not_found");
    EXPECT_EQ(
        error_of(api("files.getUploadURLExternal", {{"filename", "n.txt"}, {"length", "zero"}})),
        "invalid_arguments");
}

TEST_F(SlackSimTest, CallsAreRecordedWithoutTokensAndCanBeCleared) {
    api("chat.postMessage", {{"channel", dm_}, {"text", "one"}});
    api("users.info", {{"user", "U0NOBODY"}});
    auto calls = sim_.calls();
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].method, "chat.postMessage");
    EXPECT_EQ(calls[0].workspace_id, team_);
    EXPECT_EQ(calls[0].args.at("text"), "one");
    EXPECT_TRUE(calls[0].ok);
    EXPECT_FALSE(calls[1].ok);
    EXPECT_EQ(calls[1].error, "user_not_found");
    EXPECT_LE(calls[0].at, calls[1].at);
    sim_.clear_calls();
    EXPECT_TRUE(sim_.calls().empty());

    sim_.reset();
    EXPECT_EQ(error_of(api("users.info", {{"user", user_}})), "invalid_auth");
    EXPECT_FALSE(sim_.channel(dm_));
}

TEST_F(SlackSimTest, FaultsFireTheAskedNumberOfTimesForTheirMethodAndToken) {
    sim_.inject({.kind = FaultKind::RateLimited,
                 .method = "users.info",
                 .times = 2,
                 .retry_after_seconds = 3});
    auto limited = api("users.info", {{"user", user_}});
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.retry_after, "3");
    EXPECT_EQ(error_of(limited), "ratelimited");
    EXPECT_EQ(api("chat.postMessage", {{"channel", dm_}, {"text", "unaffected"}}).status, 200);
    EXPECT_EQ(api("users.info", {{"user", user_}}).status, 429);
    EXPECT_EQ(api("users.info", {{"user", user_}}).status, 200);

    sim_.inject({.kind = FaultKind::ServerError, .times = 1, .status = 503});
    EXPECT_EQ(api("chat.postMessage", {{"channel", dm_}, {"text", "x"}}).status, 503);
    EXPECT_EQ(sim_.messages(dm_).size(), 1u);  // only "unaffected"

    sim_.add_token(team_, "xoxb-second");
    sim_.inject({.kind = FaultKind::SlackError,
                 .token = "xoxb-second",
                 .times = -1,
                 .error = "invalid_auth"});
    EXPECT_EQ(error_of(api("users.info", {{"user", user_}}, "xoxb-second")), "invalid_auth");
    EXPECT_EQ(api("users.info", {{"user", user_}}).body.at("ok"), true);
    EXPECT_EQ(sim_.active_faults().size(), 1u);
    sim_.clear_faults();
    EXPECT_EQ(api("users.info", {{"user", user_}}, "xoxb-second").body.at("ok"), true);

    // (fresh connections: libcurl re-sends on a reused connection that dies unanswered)
    sim_.inject({.kind = FaultKind::DropConnection, .method = "users.info"});
    EXPECT_EQ(request("POST", "/api/users.info", "user=" + user_,
                      "application/x-www-form-urlencoded", kToken, true)
                  .status,
              0);  // no answer at all
    sim_.inject({.kind = FaultKind::DropAfterProcessing, .method = "chat.postMessage"});
    EXPECT_EQ(request("POST", "/api/chat.postMessage", "text=lost+answer&channel=" + dm_,
                      "application/x-www-form-urlencoded", kToken, true)
                  .status,
              0);
    EXPECT_EQ(sim_.messages(dm_).back().text, "lost answer");
}

TEST_F(SlackSimTest, AFaultWithADurationEndsWhenItRunsOut) {
    // "Slack answers 429 for a while" (the playground's storm): any number of calls, then none.
    auto storm = fault_from_json(
        boost::json::object{{"kind", "rate_limited"}, {"times", -1}, {"lasts_ms", 300}});
    ASSERT_TRUE(storm);
    EXPECT_EQ(fault_to_json(*storm).at("lasts_ms"), 300);
    sim_.inject(*storm);
    EXPECT_EQ(api("users.info", {{"user", user_}}).status, 429);
    EXPECT_EQ(api("users.info", {{"user", user_}}).status, 429);
    EXPECT_EQ(sim_.active_faults().size(), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    EXPECT_TRUE(sim_.active_faults().empty());
    EXPECT_EQ(api("users.info", {{"user", user_}}).status, 200);
}

TEST_F(SlackSimTest, ChannelsListsAWorkspacesChannelsWithoutDms) {
    auto other = sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other"});
    sim_.add_channel(other, {.name = "elsewhere"});
    auto second = sim_.add_channel(team_, {.name = "second"});
    auto channels = sim_.channels(team_);
    ASSERT_EQ(channels.size(), 2u);
    EXPECT_EQ(channels[0].id, channel_);
    EXPECT_EQ(channels[1].id, second);
}

TEST_F(SlackSimTest, PerChannelPostLimitAnswers429WithRetryAfterWhenTurnedOn) {
    sim_.limit_posts_per_channel(1.0, 2);
    EXPECT_EQ(api("chat.postMessage", {{"channel", dm_}, {"text", "1"}}).status, 200);
    EXPECT_EQ(api("chat.postMessage", {{"channel", dm_}, {"text", "2"}}).status, 200);
    auto third = api("chat.postMessage", {{"channel", dm_}, {"text", "3"}});
    EXPECT_EQ(third.status, 429);
    EXPECT_EQ(third.retry_after, "1");
    EXPECT_EQ(error_of(third), "ratelimited");
    // The limit is per channel; other methods are not affected.
    EXPECT_EQ(api("chat.postMessage", {{"channel", channel_}, {"text", "elsewhere"}}).status, 200);
    EXPECT_EQ(api("conversations.history", {{"channel", dm_}}).status, 200);
    EXPECT_EQ(sim_.messages(dm_).size(), 2u);
    sim_.limit_posts_per_channel(0);
    EXPECT_EQ(api("chat.postMessage", {{"channel", dm_}, {"text", "3"}}).status, 200);
}

}  // namespace
}  // namespace megatron::slack_sim
