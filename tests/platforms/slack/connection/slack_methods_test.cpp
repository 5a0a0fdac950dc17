// The Slack connection's typed methods against the simulator over loopback HTTP: every
// method, its answer shape, and Slack's errors as typed codes.
#include "platforms/slack/connection/file_transfer.hpp"
#include "platforms/slack/connection/methods.hpp"
#include "platforms/slack/connection/response_url.hpp"
#include "sim_fixture.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace megatron::slack::testing {
namespace {

using slack_sim::FaultKind;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class SlackMethodsTest : public SimFixture {};

TEST_F(SlackMethodsTest, OpenConversationReturnsTheBotsDmWithTheUser) {
    auto opened = open_conversation(*client_, creds(), carla_);
    ASSERT_TRUE(opened) << opened.error().describe();
    EXPECT_EQ(opened->channel_id, dm_);
    EXPECT_TRUE(opened->already_open);

    auto dan = sim_.add_user(team_, {.name = "dan"});
    auto fresh = open_conversation(*client_, creds(), dan);
    ASSERT_TRUE(fresh);
    EXPECT_FALSE(fresh->already_open);
    EXPECT_EQ(fresh->channel_id.front(), 'D');
    auto view = sim_.channel(fresh->channel_id);
    ASSERT_TRUE(view);
    EXPECT_TRUE(view->is_im);
    EXPECT_EQ(view->im_user, dan);

    auto missing = open_conversation(*client_, creds(), "U0NOBODY");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::UserNotFound);
}

TEST_F(SlackMethodsTest, PostMessageCarriesEveryFieldInAJsonBodyWithTheTokenInTheHeader) {
    PostMessage message;
    message.channel = dm_;
    message.text = "Hello Carla";
    message.blocks =
        boost::json::parse(R"([{"type":"section","text":{"type":"mrkdwn","text":"hi"}}])");
    message.attachments = boost::json::parse(R"([{"text":"","footer":"sent by Ann"}])");
    message.username = "Ann (support)";
    message.icon_url = "https://avatars.example.com/ann.png";
    message.metadata = MessageMetadata{"megatron_post", {{"job_id", "j-42"}}};
    auto posted = post_message(*client_, creds(), message);
    ASSERT_TRUE(posted) << posted.error().describe();
    EXPECT_EQ(posted->channel, dm_);
    EXPECT_FALSE(posted->ts.empty());

    auto stored = sim_.messages(dm_);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].ts, posted->ts);
    EXPECT_EQ(stored[0].text, "Hello Carla");
    EXPECT_EQ(stored[0].username, "Ann (support)");
    EXPECT_EQ(stored[0].icon_url, "https://avatars.example.com/ann.png");
    EXPECT_EQ(stored[0].blocks, message.blocks);
    EXPECT_EQ(stored[0].attachments, message.attachments);
    EXPECT_EQ(stored[0].metadata.at("event_type"), "megatron_post");
    EXPECT_EQ(stored[0].bot_id, "B0BOT");

    auto calls = sim_.calls("chat.postMessage");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].token_source, "header");
    EXPECT_EQ(calls[0].content_type, "application/json");
    EXPECT_EQ(calls[0].workspace_id, team_);
    EXPECT_FALSE(calls[0].args.contains("token"));
}

TEST_F(SlackMethodsTest, PostMessageToAUserIdWritesIntoTheirDmAndThreadsWork) {
    auto parent = post_message(*client_, creds(), {.channel = carla_, .text = "parent"});
    ASSERT_TRUE(parent) << parent.error().describe();
    EXPECT_EQ(parent->channel, dm_);
    auto reply =
        post_message(*client_, creds(), {.channel = dm_, .text = "reply", .thread_ts = parent->ts});
    ASSERT_TRUE(reply);
    auto stored = sim_.messages(dm_);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[1].thread_ts, parent->ts);
}

TEST_F(SlackMethodsTest, PostMessageWithoutContentIsNoText) {
    auto posted = post_message(*client_, creds(), {.channel = dm_});
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, SlackErrorCode::NoText);
    EXPECT_EQ(posted.error().error, "no_text");
}

TEST_F(SlackMethodsTest, LongTextIsTruncatedWithSlacksWarning) {
    auto posted =
        post_message(*client_, creds(), {.channel = dm_, .text = std::string(40010, 'x')});
    ASSERT_TRUE(posted);
    EXPECT_EQ(posted->warnings, std::vector<std::string>{"message_truncated"});
    EXPECT_EQ(sim_.messages(dm_).at(0).text.size(), 40000u);
}

TEST_F(SlackMethodsTest, HistoryIsNewestFirstPagedAndCarriesMetadataOnlyWhenAsked) {
    std::vector<std::string> ts;
    for (int i = 0; i < 5; ++i) {
        PostMessage m{.channel = dm_, .text = "m" + std::to_string(i)};
        m.metadata = MessageMetadata{"megatron_post", {{"seq", i}}};
        auto posted = post_message(*client_, creds(), m);
        ASSERT_TRUE(posted);
        ts.push_back(posted->ts);
    }
    auto first = conversation_history(*client_, creds(), {.channel = dm_, .limit = 3});
    ASSERT_TRUE(first) << first.error().describe();
    ASSERT_EQ(first->messages.size(), 3u);
    EXPECT_EQ(first->messages[0].ts, ts[4]);
    EXPECT_EQ(first->messages[2].ts, ts[2]);
    EXPECT_EQ(first->messages[0].text, "m4");
    EXPECT_EQ(first->messages[0].bot_id, "B0BOT");
    EXPECT_FALSE(first->messages[0].metadata);
    EXPECT_TRUE(first->has_more);
    ASSERT_FALSE(first->next_cursor.empty());

    auto rest = conversation_history(
        *client_, creds(),
        {.channel = dm_, .limit = 3, .cursor = first->next_cursor, .include_all_metadata = true});
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->messages.size(), 2u);
    EXPECT_EQ(rest->messages[0].ts, ts[1]);
    EXPECT_EQ(rest->messages[1].ts, ts[0]);
    EXPECT_FALSE(rest->has_more);
    ASSERT_TRUE(rest->messages[1].metadata);
    EXPECT_EQ(rest->messages[1].metadata->event_type, "megatron_post");
    EXPECT_EQ(rest->messages[1].metadata->event_payload.at("seq"), 0);

    auto bounded =
        conversation_history(*client_, creds(), {.channel = dm_, .oldest = ts[1], .latest = ts[3]});
    ASSERT_TRUE(bounded);
    ASSERT_EQ(bounded->messages.size(), 1u);
    EXPECT_EQ(bounded->messages[0].ts, ts[2]);
}

TEST_F(SlackMethodsTest, HistoryErrorsAreTyped) {
    auto unknown = conversation_history(*client_, creds(), {.channel = "C0NOPE"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, SlackErrorCode::ChannelNotFound);
    auto outside = sim_.add_channel(team_, {.name = "elsewhere", .bot_is_member = false});
    auto not_member = conversation_history(*client_, creds(), {.channel = outside});
    ASSERT_FALSE(not_member);
    EXPECT_EQ(not_member.error().code, SlackErrorCode::NotInChannel);
}

TEST_F(SlackMethodsTest, CreateConversationHandlesNameTakenWithASuffixOrAnError) {
    auto created = create_conversation(*client_, creds(), {.name = "zz-carla_customer"});
    ASSERT_TRUE(created) << created.error().describe();
    EXPECT_EQ(created->name, "zz-carla_customer");
    EXPECT_TRUE(created->is_member);
    EXPECT_EQ(created->id.front(), 'C');
    ASSERT_TRUE(sim_.channel_by_name(team_, "zz-carla_customer"));

    auto second = create_conversation(*client_, creds(), {.name = "zz-carla_customer"});
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_EQ(second->name, "zz-carla_customer-2");
    EXPECT_NE(second->id, created->id);

    auto refused = create_conversation(
        *client_, creds(), {.name = "zz-carla_customer", .on_name_taken = OnNameTaken::Fail});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, SlackErrorCode::NameTaken);

    auto invalid = create_conversation(*client_, creds(), {.name = "Has Spaces"});
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, SlackErrorCode::InvalidName);
    EXPECT_EQ(invalid.error().error, "invalid_name_specials");

    auto normalized =
        create_conversation(*client_, creds(), {.name = normalize_channel_name("Has Spaces@Acme")});
    ASSERT_TRUE(normalized) << normalized.error().describe();
    EXPECT_EQ(normalized->name, "has_spaces_acme");

    auto priv = create_conversation(*client_, creds(), {.name = "private-one", .is_private = true});
    ASSERT_TRUE(priv);
    EXPECT_TRUE(priv->is_private);
}

TEST_F(SlackMethodsTest, NormalizeChannelNameFollowsSlacksRules) {
    EXPECT_EQ(normalize_channel_name("zz-Carla.Doe_acme"), "zz-carla_doe_acme");
    EXPECT_EQ(normalize_channel_name(""), "channel");
    EXPECT_EQ(normalize_channel_name(std::string(100, 'a')).size(), 80u);
}

TEST_F(SlackMethodsTest, ArchiveUnarchiveAndJoinFollowTheChannelsState) {
    ASSERT_TRUE(archive_conversation(*client_, creds(), channel_));
    EXPECT_TRUE(sim_.channel(channel_)->is_archived);

    auto again = archive_conversation(*client_, creds(), channel_);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, SlackErrorCode::AlreadyArchived);

    auto post = post_message(*client_, creds(), {.channel = channel_, .text = "hello?"});
    ASSERT_FALSE(post);
    EXPECT_EQ(post.error().code, SlackErrorCode::IsArchived);

    auto join_archived = join_conversation(*client_, creds(), channel_);
    ASSERT_FALSE(join_archived);
    EXPECT_EQ(join_archived.error().code, SlackErrorCode::IsArchived);

    ASSERT_TRUE(unarchive_conversation(*client_, creds(), channel_));
    EXPECT_FALSE(sim_.channel(channel_)->is_archived);
    auto not_archived = unarchive_conversation(*client_, creds(), channel_);
    ASSERT_FALSE(not_archived);
    EXPECT_EQ(not_archived.error().code, SlackErrorCode::NotArchived);

    auto outside = sim_.add_channel(team_, {.name = "elsewhere", .bot_is_member = false});
    auto cant_post = post_message(*client_, creds(), {.channel = outside, .text = "hi"});
    ASSERT_FALSE(cant_post);
    EXPECT_EQ(cant_post.error().code, SlackErrorCode::NotInChannel);
    auto joined = join_conversation(*client_, creds(), outside);
    ASSERT_TRUE(joined) << joined.error().describe();
    EXPECT_FALSE(joined->already_in_channel);
    EXPECT_EQ(joined->channel.id, outside);
    EXPECT_TRUE(joined->channel.is_member);
    auto rejoined = join_conversation(*client_, creds(), outside);
    ASSERT_TRUE(rejoined);
    EXPECT_TRUE(rejoined->already_in_channel);
    EXPECT_TRUE(post_message(*client_, creds(), {.channel = outside, .text = "now I can"}));

    auto missing = archive_conversation(*client_, creds(), "C0MISSING");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::ChannelNotFound);
}

TEST_F(SlackMethodsTest, UpdateAndDeleteOnlyTheBotsOwnMessages) {
    auto posted = post_message(*client_, creds(), {.channel = dm_, .text = "frist"});
    ASSERT_TRUE(posted);
    auto updated =
        update_message(*client_, creds(), {.channel = dm_, .ts = posted->ts, .text = "first"});
    ASSERT_TRUE(updated) << updated.error().describe();
    EXPECT_EQ(updated->ts, posted->ts);
    auto stored = sim_.messages(dm_);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].text, "first");
    EXPECT_FALSE(stored[0].edited_ts.empty());

    auto too_long = update_message(
        *client_, creds(), {.channel = dm_, .ts = posted->ts, .text = std::string(40001, 'y')});
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, SlackErrorCode::MsgTooLong);

    auto theirs = sim_.post_as_user(dm_, carla_, "my own words");
    auto cant = update_message(*client_, creds(), {.channel = dm_, .ts = theirs, .text = "x"});
    ASSERT_FALSE(cant);
    EXPECT_EQ(cant.error().code, SlackErrorCode::CantUpdateMessage);
    auto cant_delete = delete_message(*client_, creds(), dm_, theirs);
    ASSERT_FALSE(cant_delete);
    EXPECT_EQ(cant_delete.error().code, SlackErrorCode::CantDeleteMessage);

    auto missing =
        update_message(*client_, creds(), {.channel = dm_, .ts = "1.000001", .text = "x"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::MessageNotFound);

    ASSERT_TRUE(delete_message(*client_, creds(), dm_, posted->ts));
    EXPECT_EQ(sim_.messages(dm_).size(), 1u);  // only carla's remains
    auto twice = delete_message(*client_, creds(), dm_, posted->ts);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, SlackErrorCode::MessageNotFound);
}

TEST_F(SlackMethodsTest, EphemeralMessagesReachOnlyMembers) {
    auto ts =
        post_ephemeral(*client_, creds(), {.channel = channel_, .user = carla_, .text = "psst"});
    ASSERT_TRUE(ts) << ts.error().describe();
    EXPECT_FALSE(ts->empty());
    auto seen = sim_.ephemeral_messages(channel_);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].user, carla_);
    EXPECT_EQ(seen[0].text, "psst");

    auto dan = sim_.add_user(team_, {.name = "dan"});
    auto outsider =
        post_ephemeral(*client_, creds(), {.channel = channel_, .user = dan, .text = "psst"});
    ASSERT_FALSE(outsider);
    EXPECT_EQ(outsider.error().code, SlackErrorCode::UserNotInChannel);
}

TEST_F(SlackMethodsTest, UserInfoGivesTheProfile) {
    auto user = user_info(*client_, creds(), carla_);
    ASSERT_TRUE(user) << user.error().describe();
    EXPECT_EQ(user->id, carla_);
    EXPECT_EQ(user->team_id, team_);
    EXPECT_EQ(user->name, "carla");
    EXPECT_EQ(user->real_name, "Carla Customer");
    EXPECT_EQ(user->email, "carla@example.com");
    EXPECT_EQ(user->image_72, "https://avatars.example.com/carla_72.png");
    EXPECT_FALSE(user->is_bot);

    auto bot = user_info(*client_, creds(), "U0BOT");
    ASSERT_TRUE(bot);
    EXPECT_TRUE(bot->is_bot);

    auto other_team = sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other"});
    auto stranger = sim_.add_user(other_team, {.name = "stranger"});
    auto missing = user_info(*client_, creds(), stranger);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::UserNotFound);
}

TEST_F(SlackMethodsTest, FileInfoAndPrivateDownloadWithTheToken) {
    std::string content(100000, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
    auto file_id = sim_.add_file(
        team_,
        {.name = "receipt.png", .mimetype = "image/png", .content = content, .user = carla_});
    auto info = file_info(*client_, creds(), file_id);
    ASSERT_TRUE(info) << info.error().describe();
    EXPECT_EQ(info->id, file_id);
    EXPECT_EQ(info->name, "receipt.png");
    EXPECT_EQ(info->mimetype, "image/png");
    EXPECT_EQ(info->size, 100000);
    EXPECT_EQ(info->filetype, "png");
    ASSERT_FALSE(info->url_private.empty());

    test::TempDir dir;
    auto path = dir.path() + "/receipt.png";
    auto downloaded = download_private_file(*client_, creds(), info->url_private, path, 1 << 20);
    ASSERT_TRUE(downloaded) << downloaded.error().describe();
    EXPECT_EQ(downloaded->bytes, content.size());
    EXPECT_EQ(read_file(path), content);
    auto via_download = download_private_file(*client_, creds(), info->url_private_download,
                                              dir.path() + "/again.png", 1 << 20);
    ASSERT_TRUE(via_download);

    auto capped = download_private_file(*client_, creds(), info->url_private,
                                        dir.path() + "/capped.png", 1000);
    ASSERT_FALSE(capped);
    EXPECT_EQ(capped.error().code, SlackErrorCode::TooLarge);
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/capped.png"));

    sim_.add_workspace({.id = "T0OTHER", .bot_token = "xoxb-other-workspace"});
    auto refused = download_private_file(*client_, {Secret("xoxb-other-workspace"), {}},
                                         info->url_private, dir.path() + "/refused.png", 1 << 20);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, SlackErrorCode::DownloadRefused);
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/refused.png"));

    auto calls_before = sim_.calls().size();
    auto untrusted = download_private_file(*client_, creds(), "https://evil.example.com/x.png",
                                           dir.path() + "/evil.png", 1 << 20);
    ASSERT_FALSE(untrusted);
    EXPECT_EQ(untrusted.error().code, SlackErrorCode::UntrustedUrl);
    EXPECT_EQ(sim_.calls().size(), calls_before);

    auto missing = file_info(*client_, creds(), "F0NOPE");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, SlackErrorCode::FileNotFound);
}

TEST_F(SlackMethodsTest, ExternalUploadFlowSharesTheFileIntoTheChannel) {
    std::string bytes = "col1,col2\n1,2\n";
    test::TempDir dir;
    auto path = dir.path() + "/report.csv";
    std::ofstream(path, std::ios::binary) << bytes;
    auto uploaded = upload_file(*client_, creds(),
                                {.path = path,
                                 .filename = "report.csv",
                                 .title = "Report",
                                 .channel_id = dm_,
                                 .initial_comment = "here you go"});
    ASSERT_TRUE(uploaded) << uploaded.error().describe();
    EXPECT_EQ(uploaded->title, "Report");
    EXPECT_EQ(sim_.file_content(uploaded->id), bytes);

    auto stored = sim_.messages(dm_);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].text, "here you go");
    ASSERT_TRUE(stored[0].files.is_array());
    EXPECT_EQ(stored[0].files.as_array().at(0).at("id").as_string(), uploaded->id);

    std::vector<std::string> order;
    for (const auto& c : sim_.calls()) order.push_back(c.method);
    EXPECT_EQ(order, (std::vector<std::string>{"files.getUploadURLExternal", "file_upload",
                                               "files.completeUploadExternal"}));
    EXPECT_EQ(sim_.calls("files.getUploadURLExternal").at(0).args.at("length"),
              std::to_string(bytes.size()));
    EXPECT_EQ(sim_.call_count("files.upload"), 0u);

    auto info = file_info(*client_, creds(), uploaded->id);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->title, "Report");
}

TEST_F(SlackMethodsTest, ResponseUrlAnswersUpToFiveTimes) {
    auto url = sim_.new_response_url(team_, channel_, carla_);
    for (int i = 0; i < 5; ++i) {
        auto r = post_to_response_url(*client_, url, {.text = "answer " + std::to_string(i)});
        ASSERT_TRUE(r) << r.error().describe();
    }
    auto sixth = post_to_response_url(*client_, url, {.text = "one too many"});
    ASSERT_FALSE(sixth);
    EXPECT_EQ(sixth.error().code, SlackErrorCode::ExpiredUrl);
    auto posts = sim_.response_url_posts(url);
    ASSERT_EQ(posts.size(), 5u);
    EXPECT_EQ(posts[0].at("text"), "answer 0");
    EXPECT_EQ(posts[0].at("response_type"), "ephemeral");
    EXPECT_EQ(sim_.ephemeral_messages(channel_).size(), 5u);

    auto in_channel = sim_.new_response_url(team_, channel_, carla_);
    ASSERT_TRUE(post_to_response_url(*client_, in_channel,
                                     {.text = "for all", .response_type = "in_channel"}));
    EXPECT_EQ(sim_.messages(channel_).back().text, "for all");
}

TEST_F(SlackMethodsTest, AuthErrorsAreTyped) {
    struct Case {
        std::string refusal;
        SlackErrorCode code;
    };
    for (const auto& c : {Case{"invalid_auth", SlackErrorCode::InvalidAuth},
                          Case{"token_revoked", SlackErrorCode::TokenRevoked},
                          Case{"account_inactive", SlackErrorCode::AccountInactive}}) {
        auto token = "xoxb-for-" + c.refusal;
        sim_.add_token(team_, token);
        sim_.invalidate_token(token, c.refusal);
        auto r = post_message(*client_, {Secret(token), {}}, {.channel = dm_, .text = "x"});
        ASSERT_FALSE(r) << c.refusal;
        EXPECT_EQ(r.error().code, c.code);
        EXPECT_EQ(r.error().error, c.refusal);
        EXPECT_TRUE(r.error().is_auth_error());
    }
    auto unknown = user_info(*client_, {Secret("xoxb-unknown"), {}}, carla_);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, SlackErrorCode::InvalidAuth);
    auto none = user_info(*client_, {Secret(""), {}}, carla_);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, SlackErrorCode::NotAuthed);
}

TEST_F(SlackMethodsTest, ArgumentProblemsKeepSlacksMessagesAndWarnings) {
    auto r = client_->call(creds(), {"chat.update", Replay::Safe, {{"channel", dm_}}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, SlackErrorCode::InvalidArguments);
    ASSERT_EQ(r.error().messages.size(), 1u);
    EXPECT_EQ(r.error().messages[0], "[ERROR] missing required field: ts");
    EXPECT_NE(r.error().describe().find("missing required field: ts"), std::string::npos);

    // Slack's "ok":false answers keep their warnings too.
    sim_.inject({.kind = FaultKind::SlackError,
                 .method = "users.info",
                 .error = "fatal_error",
                 .warning = "superfluous_charset"});
    auto odd = user_info(*client_, creds(), carla_);
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error().code, SlackErrorCode::OtherSlackError);
    EXPECT_EQ(odd.error().error, "fatal_error");
    EXPECT_EQ(odd.error().warnings, std::vector<std::string>{"superfluous_charset"});
    EXPECT_NE(odd.error().describe().find("superfluous_charset"), std::string::npos);

    auto deprecated = client_->call(creds(), {"im.open", Replay::Safe, {{"user", carla_}}});
    ASSERT_FALSE(deprecated);
    EXPECT_EQ(deprecated.error().code, SlackErrorCode::MethodDeprecated);
    auto unknown = client_->call(creds(), {"chat.nonsense", Replay::Safe, {}});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, SlackErrorCode::UnknownMethod);
    EXPECT_EQ(unknown.error().http_status, 404);
}

}  // namespace
}  // namespace megatron::slack::testing
