// The Slack app manifest: its scopes are those of the methods the code calls (scanned from
// src/), and the document satisfies the required fields and limits of Slack's manifest
// reference (docs.slack.dev/reference/app-manifest), in JSON and in YAML, from the CLI too.
#include "platforms/slack/connection/method_scopes.hpp"
#include "platforms/slack/manifest/app_manifest.hpp"
#include "support/environment.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace megatron::slack {
namespace {

namespace json = boost::json;

// Every Web API method named where an ApiCall is built: {"chat.postMessage", Replay::...}.
std::set<std::string> methods_called_in_src() {
    // Methods may have more than one dot (apps.connections.open).
    static const std::regex call(R"re("([a-z]+(?:\.[A-Za-z]+)+)"\s*,\s*(?:slack::)?Replay::)re");
    std::set<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(MEGATRON_SOURCE_DIR)) {
        auto ext = entry.path().extension();
        if (ext != ".cpp" && ext != ".hpp") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        auto source = text.str();
        for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it) {
            found.insert((*it)[1]);
        }
    }
    return found;
}

std::set<std::string> methods_in_table() {
    std::set<std::string> out;
    for (const auto& m : method_scopes()) out.emplace(m.method);
    return out;
}

bool is_https(const json::value* v) {
    return v != nullptr && v->is_string() && v->get_string().starts_with("https://");
}

bool text_within(const json::object& o, std::string_view key, std::size_t max) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() && !v->get_string().empty() &&
           v->get_string().size() <= max;
}

void check_slash_commands(const json::array& commands, bool socket, std::vector<std::string>& out) {
    for (const auto& c : commands) {
        const auto& command = c.as_object();
        if (!text_within(command, "command", 32) ||
            !command.at("command").get_string().starts_with("/")) {
            out.emplace_back("slash command: command must start with / (at most 32)");
        }
        if (!text_within(command, "description", 2000)) out.emplace_back("slash: description");
        if (!socket && !is_https(command.if_contains("url"))) out.emplace_back("slash: url");
    }
}

void check_settings(const json::object& settings, std::vector<std::string>& out) {
    const auto* socket_v = settings.if_contains("socket_mode_enabled");
    bool socket = socket_v != nullptr && socket_v->is_bool() && socket_v->get_bool();
    if (const auto* events = settings.if_contains("event_subscriptions")) {
        const auto& e = events->as_object();
        if (!socket && !is_https(e.if_contains("request_url"))) out.emplace_back("events: url");
        const auto* bot_events = e.if_contains("bot_events");
        if (bot_events == nullptr || !bot_events->is_array() || bot_events->as_array().empty() ||
            bot_events->as_array().size() > 100) {
            out.emplace_back("events: 1 to 100 bot_events");
        }
    }
    if (const auto* interactivity = settings.if_contains("interactivity")) {
        const auto& i = interactivity->as_object();
        const auto* enabled = i.if_contains("is_enabled");
        if (enabled == nullptr || !enabled->is_bool())
            out.emplace_back("interactivity: is_enabled");
        if (!socket && !is_https(i.if_contains("request_url"))) {
            out.emplace_back("interactivity: request_url");
        }
    }
}

// The manifest reference's required fields and limits, for the parts Megatron writes.
std::vector<std::string> manifest_problems(const json::object& m) {
    std::vector<std::string> out;
    const auto* display = m.if_contains("display_information");
    if (display == nullptr || !text_within(display->as_object(), "name", 35)) {
        out.emplace_back("display_information.name: required, 1 to 35 characters");
    }
    bool socket = false;
    if (const auto* settings = m.if_contains("settings")) {
        check_settings(settings->as_object(), out);
        socket = settings->as_object().at("socket_mode_enabled").as_bool();
    }
    if (const auto* features = m.if_contains("features")) {
        const auto& f = features->as_object();
        if (const auto* bot = f.if_contains("bot_user");
            bot != nullptr && !text_within(bot->as_object(), "display_name", 80)) {
            out.emplace_back("bot_user.display_name: required, at most 80 characters");
        }
        if (const auto* commands = f.if_contains("slash_commands")) {
            check_slash_commands(commands->as_array(), socket, out);
        }
    }
    static const std::regex scope(R"([a-z]+(:[a-z.]+)?)");
    const auto* oauth = m.if_contains("oauth_config");
    if (oauth == nullptr) {
        out.emplace_back("oauth_config.scopes.bot: required");
        return out;
    }
    for (const auto& s : oauth->at_pointer("/scopes/bot").as_array()) {
        if (!std::regex_match(std::string(s.as_string()), scope)) out.emplace_back("bad scope");
    }
    return out;
}

std::vector<std::string> strings_at(const json::value& m, std::string_view pointer) {
    std::vector<std::string> out;
    for (const auto& v : m.at_pointer(pointer).as_array()) out.emplace_back(v.as_string());
    return out;
}

TEST(MethodScopes, EveryMethodTheCodeCallsHasItsScopesAndNoRowIsUnused) {
    auto called = methods_called_in_src();
    auto table = methods_in_table();
    ASSERT_GT(called.size(), 10u) << "the scan of " << MEGATRON_SOURCE_DIR << " found too little";
    for (const auto& method : called) {
        EXPECT_TRUE(table.contains(method))
            << method << " is called but has no row in method_scopes.cpp: its scope would be "
            << "missing from the app manifest";
    }
    for (const auto& method : table) {
        EXPECT_TRUE(called.contains(method)) << method << " has a row but nothing calls it";
    }
}

TEST(AppManifest, SupportAppOverHttpHasEveryRequiredFieldAndOurUrls) {
    json::value m = support_app_manifest({"Megatron", "https://megatron.example.com", false});
    EXPECT_EQ(manifest_problems(m.as_object()), std::vector<std::string>{});
    EXPECT_EQ(m.at_pointer("/settings/event_subscriptions/request_url"),
              "https://megatron.example.com/megatron/slack/event/");
    EXPECT_EQ(m.at_pointer("/settings/interactivity/request_url"),
              "https://megatron.example.com/megatron/slack/interactive-message/");
    EXPECT_EQ(m.at_pointer("/features/slash_commands/0/url"),
              "https://megatron.example.com/megatron/slack/slash-command/");
    EXPECT_EQ(m.at_pointer("/features/slash_commands/0/command"), "/megatron");
    // Threads mode: the commands are also message shortcuts (no slash commands in threads).
    EXPECT_EQ(m.at_pointer("/features/shortcuts/0/callback_id"), "megatron_pause");
    EXPECT_EQ(m.at_pointer("/features/shortcuts/0/type"), "message");
    EXPECT_EQ(m.at_pointer("/features/shortcuts").as_array().size(), 5u);
    EXPECT_EQ(m.at_pointer("/settings/socket_mode_enabled"), false);
    auto scopes = strings_at(m, "/oauth_config/scopes/bot");
    for (const auto* needed :
         {"chat:write", "chat:write.customize", "channels:manage", "channels:history",
          "channels:join", "users:read", "files:read", "files:write", "commands"}) {
        EXPECT_NE(std::find(scopes.begin(), scopes.end(), needed), scopes.end()) << needed;
    }
    EXPECT_EQ(std::find(scopes.begin(), scopes.end(), "im:write"), scopes.end())
        << "the support app never opens DMs";
}

TEST(AppManifest, SocketModeHasNoRequestUrls) {
    json::value m = support_app_manifest({"Helpdesk", "", true});
    EXPECT_EQ(manifest_problems(m.as_object()), std::vector<std::string>{});
    EXPECT_EQ(m.at_pointer("/settings/socket_mode_enabled"), true);
    EXPECT_EQ(m.at_pointer("/settings/event_subscriptions").as_object().if_contains("request_url"),
              nullptr);
    EXPECT_EQ(m.at_pointer("/features/slash_commands/0").as_object().if_contains("url"), nullptr);
    EXPECT_EQ(m.at_pointer("/display_information/name"), "Helpdesk");
}

TEST(AppManifest, CustomerBotNeedsTheDmScopesOnly) {
    json::value m = customer_bot_manifest({});
    EXPECT_EQ(manifest_problems(m.as_object()), std::vector<std::string>{});
    auto scopes = strings_at(m, "/oauth_config/scopes/bot");
    // reactions:write: agents' reactions on the customer's messages (issue 19).
    EXPECT_EQ(scopes,
              (std::vector<std::string>{"chat:write", "files:read", "files:write", "im:history",
                                        "im:write", "reactions:write", "users:read"}));
}

TEST(AppManifest, TheSchemaCheckCatchesAMissingNameAndAnHttpUrl) {
    json::value m = support_app_manifest({"Megatron", "https://m.example.com", false});
    m.at_pointer("/display_information").as_object().erase("name");
    m.at_pointer("/settings/interactivity").as_object()["request_url"] = "http://x/";
    EXPECT_EQ(manifest_problems(m.as_object()).size(), 2u);
}

TEST(AppManifest, YamlIsTheSameDocument) {
    json::value m = support_app_manifest({"Megatron", "https://megatron.example.com", false});
    auto yaml = YAML::Load(to_yaml(m));
    EXPECT_EQ(yaml["display_information"]["name"].as<std::string>(), "Megatron");
    EXPECT_EQ(yaml["settings"]["socket_mode_enabled"].as<bool>(), false);
    EXPECT_EQ(yaml["features"]["slash_commands"][0]["command"].as<std::string>(), "/megatron");
    auto scopes = strings_at(m, "/oauth_config/scopes/bot");
    ASSERT_EQ(yaml["oauth_config"]["scopes"]["bot"].size(), scopes.size());
    for (std::size_t i = 0; i < scopes.size(); ++i) {
        EXPECT_EQ(yaml["oauth_config"]["scopes"]["bot"][i].as<std::string>(), scopes[i]);
    }
}

TEST(SlackManifestCommand, PrintsYamlAndJsonThatParse) {
    auto yaml = test::run(test::megatron_binary(),
                          {"slack-manifest", "--url", "https://megatron.example.com/"});
    ASSERT_EQ(yaml.exit_code, 0) << yaml.output;
    auto doc = YAML::Load(yaml.output);
    EXPECT_EQ(doc["settings"]["event_subscriptions"]["request_url"].as<std::string>(),
              "https://megatron.example.com/megatron/slack/event/");

    auto as_json =
        test::run(test::megatron_binary(), {"slack-manifest", "--socket-mode", "--format", "json"});
    ASSERT_EQ(as_json.exit_code, 0) << as_json.output;
    auto m = json::parse(as_json.output);
    EXPECT_EQ(manifest_problems(m.as_object()), std::vector<std::string>{});
    EXPECT_EQ(m.at_pointer("/settings/socket_mode_enabled"), true);

    auto customer = test::run(test::megatron_binary(), {"slack-manifest", "--customer"});
    ASSERT_EQ(customer.exit_code, 0) << customer.output;
    EXPECT_TRUE(YAML::Load(customer.output)["oauth_config"]["scopes"]["bot"].IsSequence());
}

TEST(SlackManifestCommand, RefusesAMissingOrPlainHttpUrlWithOneLine) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"slack-manifest", "--url", "http://megatron.example.com"},
          std::vector<std::string>{"slack-manifest"}}) {
        auto r = test::run(test::megatron_binary(), args, {{"HOSTNAME", ""}});
        EXPECT_EQ(r.exit_code, 2) << r.output;
        EXPECT_NE(r.output.find("https://"), std::string::npos) << r.output;
        EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    }
    auto from_env = test::run(test::megatron_binary(), {"slack-manifest", "--format", "json"},
                              {{"HOSTNAME", "https://from-env.example.com"}});
    ASSERT_EQ(from_env.exit_code, 0) << from_env.output;
    EXPECT_NE(from_env.output.find("https://from-env.example.com/megatron/slack/event/"),
              std::string::npos);
}

}  // namespace
}  // namespace megatron::slack
