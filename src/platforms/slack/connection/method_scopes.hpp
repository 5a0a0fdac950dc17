#pragma once
// Every Slack Web API method Megatron calls, with the bot-token scopes each needs and the
// workspace whose token calls it. This table is the single source of the app manifest's scopes
// (platforms/slack/manifest). tests/platforms/slack/manifest/manifest_test scans src/ for the
// methods the code calls and fails when one has no row here, or a row names a method nothing calls.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace megatron::slack {

// Whose token makes the call: the support workspace's (Megatron's own app) or a customer
// workspace's (the company's chatbot, registered by the bot app); App: the support app's
// app-level token (xapp-..., Socket Mode). An app-level token's scopes are granted when the
// token is generated in the app's settings, not by installing the bot, so they are never
// among bot_scopes() nor in the manifest's oauth_config.
enum class TokenOwner { Support, Customer, App };

struct MethodScopes {
    std::string_view method;
    TokenOwner owner;
    std::span<const std::string_view> scopes;  // any one of Slack's alternatives
    std::string_view why;                      // what Megatron uses it for
};

// The whole table, in a stable order.
std::span<const MethodScopes> method_scopes();
// The first entry of a method, or nullptr when Megatron does not call it.
const MethodScopes* find_method_scopes(std::string_view method);
// The sorted, unique bot scopes one side's token needs, plus `commands` (the /megatron slash
// command) for the support side.
std::vector<std::string> bot_scopes(TokenOwner owner);

}  // namespace megatron::slack
