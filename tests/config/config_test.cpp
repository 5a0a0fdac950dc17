#include "config/config.hpp"
#include "config/database_url.hpp"
#include "support/process.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

namespace megatron::config {
namespace {

using Vars = std::map<std::string, std::string>;

TEST(Config, DefaultsNeedNothingSet) {
    auto c = from_variables({});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->port, 8002);
    EXPECT_EQ(c->database_url, "sqlite:///megatron.db");
    EXPECT_TRUE(c->redis_url.empty());
    EXPECT_EQ(c->app_mode, AppMode::Dev);
    EXPECT_EQ(c->slack_api_url, "https://slack.com/api/");
}

TEST(Config, ReadsTheOriginalsVariables) {
    auto c = from_variables({{"DJANGO_PORT", "9000"},
                             {"HOSTNAME", "https://megatron.example.com"},
                             {"DATABASE_URL", "postgres://u:p@localhost:5432/m"},
                             {"REDIS_URL", "redis://localhost:6379"},
                             {"CHANNEL_PREFIX", "zz-stage-"},
                             {"MEGATRON_VERIFICATION_TOKEN", "tok"},
                             {"MEGATRON_APP_MODE", "megatron-production"},
                             {"S3_AWS_ACCESS_KEY_ID", "id"},
                             {"S3_AWS_SECRET_ACCESS_KEY", "secret"},
                             {"AWS_S3_BUCKET", "bucket"}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->port, 9000);
    EXPECT_EQ(c->hostname, "https://megatron.example.com");
    EXPECT_EQ(c->redis_url, "redis://localhost:6379");
    EXPECT_EQ(c->channel_prefix, "zz-stage-");
    EXPECT_EQ(c->verification_token.reveal(), "tok");
    EXPECT_EQ(c->app_mode, AppMode::Production);
    EXPECT_EQ(c->s3.bucket, "bucket");
    EXPECT_EQ(c->s3.secret_access_key.reveal(), "secret");
}

TEST(Config, SlackApiUrlGetsATrailingSlash) {
    auto c = from_variables({{"SLACK_API_URL", "http://127.0.0.1:9999/api"}});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->slack_api_url, "http://127.0.0.1:9999/api/");
}

TEST(Config, SocketModeIsOnlyOnWithAnAppToken) {
    auto off = from_variables({});
    ASSERT_TRUE(off);
    EXPECT_TRUE(off->slack_app_token.empty());
    auto on = from_variables(
        {{"SLACK_APP_TOKEN", "xapp-1-A0-1-abc"}, {"MEGATRON_SOCKET_MODE_CA_FILE", "ca.pem"}});
    ASSERT_TRUE(on);
    EXPECT_EQ(on->slack_app_token.reveal(), "xapp-1-A0-1-abc");
    EXPECT_EQ(fmt::format("{}", on->slack_app_token), "***");
    EXPECT_EQ(on->socket_mode_ca_file, "ca.pem");
}

TEST(Config, LogFormatIsTextUnlessJsonAndNothingElse) {
    auto plain = from_variables({});
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->log_format, "text");
    auto json = from_variables({{"MEGATRON_LOG_FORMAT", "json"}});
    ASSERT_TRUE(json);
    EXPECT_EQ(json->log_format, "json");
    auto xml = from_variables({{"MEGATRON_LOG_FORMAT", "xml"}});
    ASSERT_FALSE(xml);
    EXPECT_EQ(xml.error().variable, "MEGATRON_LOG_FORMAT");
}

struct BadValue {
    std::string variable;
    std::string value;
};

class ConfigRejects : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigRejects, NamesTheVariableButNotTheValue) {
    auto c = from_variables({{GetParam().variable, GetParam().value}});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().variable, GetParam().variable);
    EXPECT_EQ(c.error().line().find(GetParam().value), std::string::npos) << c.error().line();
}

INSTANTIATE_TEST_SUITE_P(
    BadValues, ConfigRejects,
    ::testing::Values(
        BadValue{"DJANGO_PORT", "70000"}, BadValue{"DJANGO_PORT", "0"},
        BadValue{"DJANGO_PORT", "eighty"}, BadValue{"DATABASE_URL", "mysql://x/y"},
        BadValue{"DATABASE_URL", "sqlite:relative"},
        BadValue{"MEGATRON_APP_MODE", "megatron-staging"},
        BadValue{"REDIS_URL", "http://cache:6379"}, BadValue{"SLACK_API_URL", "ftp://slack"},
        BadValue{"MEGATRON_WORKERS", "-3"}, BadValue{"MEGATRON_MAX_CONNECTIONS", "-1"},
        BadValue{"MEGATRON_MAX_CONNECTIONS", "many"}, BadValue{"MEGATRON_LOG_LEVEL", "loud"},
        BadValue{"MEGATRON_LOG_FORMAT", "xml"}, BadValue{"MEGATRON_FILE_TRANSFER", "ftp"},
        // A bot token where the app-level (Socket Mode) token belongs.
        BadValue{"SLACK_APP_TOKEN", "xoxb-not-an-app-token"},
        BadValue{"MEGATRON_SOCKET_MODE_BACKOFF_MS", "-7"}));

TEST(EnvFile, LoadsTheOriginalsDefaultFile) {
    test::TempDir dir;
    auto path = dir.path() + "/django-variables.env";
    std::ofstream(path) << "DJANGO_PORT=8002\n"
                           "MEGATRON_DJANGO_SECRET=65a5e1c8-fe66-4ba5-a17e-4c63ca88eba0\n"
                           "HOSTNAME=https://somename.ngrok.io\n"
                           "MEGATRON_APP_MODE=megatron-dev\n"
                           "PYTHONUNBUFFERED=1\n\n"
                           "DATABASE_URL=postgres://postgres:@localhost:5432/local_megatron\n"
                           "REDIS_URL=redis://localhost:6379\n\n"
                           "CHANNEL_PREFIX=zz-stage-\n"
                           "MEGATRON_VERIFICATION_TOKEN=GET_FROM_SLACK\n\n"
                           "S3_AWS_ACCESS_KEY_ID=secret\n"
                           "S3_AWS_SECRET_ACCESS_KEY=access_key\n"
                           "AWS_S3_BUCKET=some_bucket\n";
    auto vars = read_env_file(path);
    ASSERT_TRUE(vars);
    auto c = from_variables(*vars);
    ASSERT_TRUE(c) << c.error().line();
    EXPECT_EQ(c->hostname, "https://somename.ngrok.io");
    EXPECT_EQ(c->channel_prefix, "zz-stage-");
    EXPECT_EQ(c->database_url, "postgres://postgres:@localhost:5432/local_megatron");
}

TEST(EnvFile, QuotesCommentsAndExport) {
    test::TempDir dir;
    auto path = dir.path() + "/vars.env";
    std::ofstream(path)
        << "# a comment\nexport CHANNEL_PREFIX=\"zz-q-\"\nMEGATRON_BOT_NAME='Bot'\n";
    auto vars = read_env_file(path);
    ASSERT_TRUE(vars);
    EXPECT_EQ(vars->at("CHANNEL_PREFIX"), "zz-q-");
    EXPECT_EQ(vars->at("MEGATRON_BOT_NAME"), "Bot");
}

TEST(EnvFile, UnreadableOrMalformedIsAnError) {
    EXPECT_FALSE(read_env_file("/nonexistent/megatron.env"));
    test::TempDir dir;
    auto path = dir.path() + "/bad.env";
    std::ofstream(path) << "JUST SOME WORDS\n";
    auto vars = read_env_file(path);
    ASSERT_FALSE(vars);
    EXPECT_NE(vars.error().line().find("line 1"), std::string::npos);
}

TEST(DatabaseUrl, ParsesBothBackEnds) {
    auto rel = parse_database_url("sqlite:///megatron.db");
    ASSERT_TRUE(rel);
    EXPECT_EQ(rel->kind, DatabaseUrl::Kind::Sqlite);
    EXPECT_EQ(rel->sqlite_path, "megatron.db");
    auto abs = parse_database_url("sqlite:////var/lib/megatron/m.db");
    ASSERT_TRUE(abs);
    EXPECT_EQ(abs->sqlite_path, "/var/lib/megatron/m.db");
    auto pg = parse_database_url("postgresql://u@h/db");
    ASSERT_TRUE(pg);
    EXPECT_EQ(pg->kind, DatabaseUrl::Kind::Postgres);
}

TEST(DatabaseUrl, RedactsPasswords) {
    EXPECT_EQ(redact_url("postgres://user:hunter2@db:5432/m"), "postgres://user:***@db:5432/m");
    EXPECT_EQ(redact_url("postgres://user@db/m"), "postgres://user@db/m");
}

// Issue #15: an '@' inside the password, and a password given in the query, were printed.
TEST(DatabaseUrl, RedactsPasswordsWithAtSignsAndInTheQuery) {
    EXPECT_EQ(redact_url("postgres://user:p@ss@w0rd@db:5432/m"), "postgres://user:***@db:5432/m");
    EXPECT_EQ(redact_url("postgres://db/m?user=u&password=hunter2&sslmode=require"),
              "postgres://db/m?user=u&password=***&sslmode=require");
    EXPECT_EQ(redact_url("postgres://db/m?PASSWORD=hunter2"), "postgres://db/m?PASSWORD=***");
    EXPECT_EQ(redact_url("postgres://u:a?b@db/m"), "postgres://u:***@db/m");
    auto both = redact_url("postgres://u:x@y@db/m?application_name=a@b&password=z");
    EXPECT_EQ(both.find("x@y"), std::string::npos) << both;
    EXPECT_EQ(both.find("=z"), std::string::npos) << both;
    EXPECT_EQ(redact_url("postgres://db/m?sslmode=require"), "postgres://db/m?sslmode=require");
}

TEST(Secret, FormatsAsStars) {
    Secret s("xoxb-123");
    EXPECT_EQ(fmt::format("{}", s), "***");
    EXPECT_EQ(s.reveal(), "xoxb-123");
}

TEST(Config, DeliveryMarksHaveDefaultsAndCanBeChosenOrTurnedOff) {
    auto defaults = from_variables({});
    ASSERT_TRUE(defaults);
    EXPECT_TRUE(defaults->marks.enabled);
    EXPECT_EQ(defaults->marks.queued, "hourglass_flowing_sand");
    EXPECT_EQ(defaults->marks.delivered, "white_check_mark");
    EXPECT_EQ(defaults->marks.failed, "x");

    auto chosen =
        from_variables({{"MEGATRON_MARKS", " delivered=:heavy_check_mark: , failed=warning"}});
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->marks.delivered, "heavy_check_mark");
    EXPECT_EQ(chosen->marks.failed, "warning");
    EXPECT_EQ(chosen->marks.queued, "hourglass_flowing_sand");

    auto off = from_variables({{"MEGATRON_MARKS", "off"}});
    ASSERT_TRUE(off);
    EXPECT_FALSE(off->marks.enabled);

    for (const auto* bad : {"delivered", "sent=x", "failed=", "failed=two words"}) {
        auto refused = from_variables({{"MEGATRON_MARKS", bad}});
        ASSERT_FALSE(refused) << bad;
        EXPECT_EQ(refused.error().variable, "MEGATRON_MARKS");
    }
}

}  // namespace
}  // namespace megatron::config
