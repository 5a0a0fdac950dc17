#pragma once
// Slack app manifests (docs.slack.dev/reference/app-manifest) for the apps Megatron talks
// through: the support workspace's app, created from this manifest, and the scopes a customer
// workspace's chatbot needs. Scopes come from the table of the methods Megatron calls
// (platforms/slack/connection/method_scopes.hpp), never from a list kept here.
#include <boost/json/object.hpp>

#include <string>

namespace megatron::slack {

struct ManifestOptions {
    std::string name = "Megatron";  // the app's and the bot user's name
    std::string base_url;           // where Slack reaches Megatron, e.g. https://megatron.acme.io
    bool socket_mode = false;       // events, commands and clicks over Socket Mode (no URLs)
};

// The support workspace's app: bot user, /megatron, message events, interactivity.
boost::json::object support_app_manifest(const ManifestOptions& options);
// The scopes a customer workspace's chatbot must have for Megatron to act as it; to be
// merged into that chatbot's own app (Megatron does not create it).
boost::json::object customer_bot_manifest(const ManifestOptions& options);

// The same document as YAML (block style, keys in the order of the JSON object).
std::string to_yaml(const boost::json::value& document);

}  // namespace megatron::slack
