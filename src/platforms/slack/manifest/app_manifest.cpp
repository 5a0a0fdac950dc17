#include "platforms/slack/manifest/app_manifest.hpp"

#include "platforms/slack/blocks/megatron_actions.hpp"
#include "platforms/slack/connection/method_scopes.hpp"

#include <yaml-cpp/yaml.h>
#include <boost/json/array.hpp>

namespace megatron::slack {
namespace {

// The paths of Megatron's Slack routes (platforms/slack/routes).
constexpr const char* kEventPath = "/megatron/slack/event/";
constexpr const char* kSlashCommandPath = "/megatron/slack/slash-command/";
constexpr const char* kInteractivePath = "/megatron/slack/interactive-message/";

boost::json::array scopes_of(TokenOwner owner) {
    boost::json::array out;
    for (const auto& scope : bot_scopes(owner)) out.emplace_back(scope);
    return out;
}

// Over Socket Mode Slack needs no request URLs; over HTTP every feature names its own.
void put_url(boost::json::object& to, const ManifestOptions& options, const char* path) {
    if (!options.socket_mode) to["request_url"] = options.base_url + path;
}

boost::json::object slash_command(const ManifestOptions& options) {
    boost::json::object command{
        {"command", "/megatron"},
        {"description", "Open, pause, unpause, close or clear an engagement with a customer"},
        {"usage_hint", "open <customer> | pause | unpause | close | clear-context | do <text>"},
        {"should_escape", false}};
    if (!options.socket_mode) command["url"] = options.base_url + kSlashCommandPath;
    return command;
}

boost::json::object settings(const ManifestOptions& options) {
    // Agents' reactions in engagement channels reach the customer (reaction_added/_removed).
    boost::json::object events{
        {"bot_events",
         boost::json::array{"message.channels", "reaction_added", "reaction_removed"}}};
    put_url(events, options, kEventPath);
    boost::json::object interactivity{{"is_enabled", true}};
    put_url(interactivity, options, kInteractivePath);
    return {{"event_subscriptions", std::move(events)},
            {"interactivity", std::move(interactivity)},
            {"org_deploy_enabled", false},
            {"socket_mode_enabled", options.socket_mode},
            {"token_rotation_enabled", false}};
}

YAML::Node to_node(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::object: {
            YAML::Node node(YAML::NodeType::Map);
            for (const auto& [key, item] : value.get_object()) {
                node.force_insert(std::string(key), to_node(item));
            }
            return node;
        }
        case boost::json::kind::array: {
            YAML::Node node(YAML::NodeType::Sequence);
            for (const auto& item : value.get_array()) node.push_back(to_node(item));
            return node;
        }
        case boost::json::kind::string:
            return YAML::Node(std::string(value.get_string()));
        case boost::json::kind::bool_:
            return YAML::Node(value.get_bool());
        case boost::json::kind::int64:
            return YAML::Node(value.get_int64());
        case boost::json::kind::uint64:
            return YAML::Node(value.get_uint64());
        case boost::json::kind::double_:
            return YAML::Node(value.get_double());
        case boost::json::kind::null:
            return YAML::Node(YAML::NodeType::Null);
    }
    return {};
}

// Threads mode's commands on any message of an engagement (Slack: features.shortcuts).
boost::json::array message_shortcuts() {
    boost::json::array out;
    for (const auto& s : slack::blocks::kMessageShortcuts) {
        out.push_back(boost::json::object{{"name", s.name},
                                          {"type", "message"},
                                          {"callback_id", s.callback_id},
                                          {"description", s.description}});
    }
    return out;
}

}  // namespace

boost::json::object support_app_manifest(const ManifestOptions& options) {
    return {
        {"_metadata", {{"major_version", 1}, {"minor_version", 1}}},
        {"display_information",
         {{"name", options.name},
          {"description", "Agents see and take over the chatbot's conversation with a customer"}}},
        {"features",
         {{"bot_user", {{"display_name", options.name}, {"always_online", true}}},
          {"slash_commands", boost::json::array{slash_command(options)}},
          {"shortcuts", message_shortcuts()}}},
        {"oauth_config", {{"scopes", {{"bot", scopes_of(TokenOwner::Support)}}}}},
        {"settings", settings(options)},
    };
}

boost::json::object customer_bot_manifest(const ManifestOptions& options) {
    return {
        {"_metadata", {{"major_version", 1}, {"minor_version", 1}}},
        {"display_information", {{"name", options.name}}},
        {"features", {{"bot_user", {{"display_name", options.name}, {"always_online", true}}}}},
        {"oauth_config", {{"scopes", {{"bot", scopes_of(TokenOwner::Customer)}}}}},
    };
}

std::string to_yaml(const boost::json::value& document) {
    YAML::Emitter out;
    out << to_node(document);
    return std::string(out.c_str()) + "\n";
}

}  // namespace megatron::slack
