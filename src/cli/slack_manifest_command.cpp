// megatron slack-manifest: prints the Slack app manifest to create the support workspace's app
// from (or, with --customer, the scopes a customer workspace's chatbot needs).
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "platforms/slack/manifest/app_manifest.hpp"

#include <fmt/core.h>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <memory>

namespace megatron::cli {
namespace {

struct ManifestArgs {
    std::string url;
    std::string name = "Megatron";
    std::string format = "yaml";
    bool socket_mode = false;
    bool customer = false;
};

// Slack accepts only https request URLs; the root is given without a path of its own, as
// HOSTNAME is, and Megatron's route paths are appended to it.
std::optional<std::string> checked_base_url(std::string url) {
    while (url.ends_with('/')) url.pop_back();
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || parsed->scheme() != "https" || parsed->host().empty() || parsed->has_query()) {
        return std::nullopt;
    }
    return url;
}

// --url, else HOSTNAME from the environment or --env-file.
std::optional<std::string> requested_url(const ManifestArgs& args, CommandContext& ctx) {
    if (!args.url.empty()) return args.url;
    auto config = load_config(ctx);
    if (!config) return std::nullopt;
    return config->hostname;
}

void print_manifest(const ManifestArgs& args, CommandContext& ctx) {
    slack::ManifestOptions options{args.name, {}, args.socket_mode};
    if (!args.customer && !args.socket_mode) {
        auto url = requested_url(args, ctx);
        if (!url) return;  // load_config reported it
        auto base = checked_base_url(*url);
        if (!base) {
            report_error(
                "--url (or HOSTNAME) must be Megatron's public https:// root URL, "
                "e.g. https://megatron.example.com (or use --socket-mode)");
            ctx.exit_code = kExitBadConfig;
            return;
        }
        options.base_url = *base;
    }
    auto manifest = args.customer ? slack::customer_bot_manifest(options)
                                  : slack::support_app_manifest(options);
    if (args.format == "json") {
        fmt::print("{}\n", boost::json::serialize(manifest));
        return;
    }
    if (args.customer) {
        fmt::print("# Add these bot scopes to the app of the chatbot that customers talk to.\n");
    }
    fmt::print("{}", slack::to_yaml(manifest));
}

}  // namespace

void add_slack_manifest_command(CLI::App& app, CommandContext& ctx) {
    auto args = std::make_shared<ManifestArgs>();
    auto* cmd = app.add_subcommand("slack-manifest",
                                   "Print the Slack app manifest of the support workspace's app");
    cmd->add_option("--url", args->url, "Megatron's public https:// root URL (default: HOSTNAME)");
    cmd->add_flag("--socket-mode", args->socket_mode,
                  "Take events, commands and clicks over Socket Mode (no public URL)");
    cmd->add_option("--name", args->name, "The app's and its bot user's name")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](const std::string& name) {
                // Slack's limit on display_information.name.
                return name.empty() || name.size() > 35 ? std::string("1 to 35 characters")
                                                        : std::string();
            },
            "NAME"));
    cmd->add_option("--format", args->format, "yaml or json")
        ->capture_default_str()
        ->check(CLI::IsMember({"yaml", "json"}));
    cmd->add_flag("--customer", args->customer,
                  "Print the bot scopes a customer workspace's chatbot needs instead");
    cmd->callback([args, &ctx] { print_manifest(*args, ctx); });
}

}  // namespace megatron::cli
