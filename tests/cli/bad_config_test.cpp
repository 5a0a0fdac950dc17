// Each bad configuration stops `megatron` with one clear line naming the variable, exit code 2,
// and no secret value in the output.
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <string>

namespace megatron::test {
namespace {

struct Case {
    std::string name;
    std::map<std::string, std::string> env;
    std::vector<std::string> args;
    std::string expected;  // the variable named in the error line
};

class BadConfig : public ::testing::TestWithParam<Case> {};

TEST_P(BadConfig, OneClearLineAndExitCode2) {
    TempDir dir;
    auto env = GetParam().env;
    env.emplace("MEGATRON_VERIFICATION_TOKEN", "sekrit-verification-value");
    env.emplace("SLACK_SIGNING_SECRET", "sekrit-signing-value");
    auto result = run(megatron_binary(), GetParam().args, env, dir.path());
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find(GetParam().expected), std::string::npos) << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
    EXPECT_EQ(result.output.find("sekrit"), std::string::npos) << result.output;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfig,
    ::testing::Values(
        Case{"PortOutOfRange", {{"DJANGO_PORT", "70000"}}, {"serve"}, "DJANGO_PORT"},
        Case{"PortNotANumber", {{"DJANGO_PORT", "http"}}, {"serve"}, "DJANGO_PORT"},
        Case{"UnparseableDatabaseUrl",
             {{"DATABASE_URL", "oracle://db/x"}},
             {"serve"},
             "DATABASE_URL"},
        Case{"UnknownAppMode",
             {{"MEGATRON_APP_MODE", "megatron-prod"}},
             {"serve"},
             "MEGATRON_APP_MODE"},
        Case{"UnreadableEnvFile",
             {},
             {"--env-file", "/nonexistent/django-variables.env", "serve"},
             "--env-file"},
        Case{"UnknownPlaygroundMode",
             {{"MEGATRON_PLAYGROUND", "yes"}},
             {"serve"},
             "MEGATRON_PLAYGROUND"},
        Case{"MigrateToo", {{"DATABASE_URL", "sqlite:nowhere"}}, {"migrate"}, "DATABASE_URL"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Cli, UnknownSubcommandIsAUsageError) {
    auto result = run(megatron_binary(), {"frobnicate"});
    EXPECT_EQ(result.exit_code, 2) << result.output;
}

TEST(Cli, VersionPrintsTheVersion) {
    auto result = run(megatron_binary(), {"version"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(result.output.starts_with("megatron ")) << result.output;
}

// The N of "N migration(s) applied" in `output`; -1 when the line is missing.
int migrations_applied(const std::string& output) {
    static const std::regex line(R"((^|\n)(\d+) migration\(s\) applied)");
    std::smatch match;
    if (!std::regex_search(output, match, line)) return -1;
    return std::stoi(match[2].str());
}

TEST(Cli, MigrateIsSafeToRunTwice) {
    TempDir dir;
    std::map<std::string, std::string> env{{"DATABASE_URL", "sqlite:///m.db"}};
    auto first = run(megatron_binary(), {"migrate"}, env, dir.path());
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_GT(migrations_applied(first.output), 0) << first.output;
    auto second = run(megatron_binary(), {"migrate"}, env, dir.path());
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_EQ(migrations_applied(second.output), 0) << second.output;
}

TEST(Cli, EnvFileValuesApplyAndEnvironmentWins) {
    TempDir dir;
    std::ofstream(dir.path() + "/vars.env") << "DJANGO_PORT=70000\n";
    auto from_file = run(megatron_binary(), {"--env-file", "vars.env", "serve"}, {}, dir.path());
    EXPECT_EQ(from_file.exit_code, 2);
    EXPECT_NE(from_file.output.find("DJANGO_PORT"), std::string::npos);
    auto overridden =
        run(megatron_binary(), {"--env-file", "vars.env", "migrate"},
            {{"DJANGO_PORT", "8002"}, {"DATABASE_URL", "sqlite:///m.db"}}, dir.path());
    EXPECT_EQ(overridden.exit_code, 0) << overridden.output;
}

}  // namespace
}  // namespace megatron::test
