// megatron-bench-setup: the world a benchmark runs in.
//   sim-config --channels N            prints the slack-sim --config JSON: a support workspace
//                                      with N engagement channels, a customer workspace with N
//                                      customers (ids are derived from the index, so the load
//                                      scripts and the delivery check can name them too)
//   channels --database-url U --org O --channels N
//                                      stores the N engagement channels for organization O
//                                      (no API creates channels; the measured path is untouched)
//   threads --database-url U --org O --channels N
//                                      the same N customers as thread engagements in the one
//                                      support channel CTHREADS (threads mode, issue 21): parent
//                                      n is ts thread_parent(n); the organization switches to
//                                      threads mode
#include "config/database_url.hpp"
#include "storage/open.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <iostream>

namespace {

constexpr const char* kSupportTeam = "TSUPPORT";
constexpr const char* kCustomerTeam = "TCUSTOMER";

// The support agent whose messages the agent -> customer phase sends (bench/run.sh names it).
boost::json::object agent_profile() {
    return {{"id", "UAGENT0001"},
            {"name", "bench.agent"},
            {"real_name", "Bench Agent"},
            {"display_name", "Bench Agent"}};
}

std::string customer_id(int i) {
    return fmt::format("UC{:06}", i);
}
std::string channel_id(int i) {
    return fmt::format("CZ{:06}", i);
}

// Threads mode's support channel and the parent message of customer n's thread in it.
constexpr const char* kThreadsChannel = "CTHREADS";
std::string thread_parent(int i) {
    return fmt::format("1600000000.{:06}", i);
}

boost::json::object sim_config(int channels) {
    boost::json::array support_channels;
    boost::json::array customers;
    boost::json::array dms;  // opened up front, as after a customer's first message
    for (int i = 0; i < channels; ++i) {
        dms.push_back(boost::json::string(customer_id(i)));
        support_channels.push_back(
            boost::json::object{{"id", channel_id(i)}, {"name", fmt::format("zz-customer{}", i)}});
        customers.push_back(boost::json::object{{"id", customer_id(i)},
                                                {"name", fmt::format("customer{}", i)},
                                                {"real_name", fmt::format("Customer {}", i)},
                                                {"image_url", "https://avatars.example/c.png"}});
    }
    support_channels.push_back(boost::json::object{{"id", kThreadsChannel}, {"name", "support"}});
    boost::json::array workspaces;
    workspaces.push_back(boost::json::object{{"id", kSupportTeam},
                                             {"name", "Bench Support"},
                                             {"domain", "bench-support"},
                                             {"bot_token", "xoxb-bench-support"},
                                             {"users", boost::json::array{agent_profile()}},
                                             {"channels", std::move(support_channels)}});
    workspaces.push_back(boost::json::object{{"id", kCustomerTeam},
                                             {"name", "Bench Customers"},
                                             {"domain", "bench-customers"},
                                             {"bot_token", "xoxb-bench-customer"},
                                             {"users", std::move(customers)},
                                             {"dms", std::move(dms)}});
    return {{"workspaces", std::move(workspaces)}};
}

int store_channels(const std::string& database_url, const std::string& org_name, int channels,
                   bool threads) {
    auto url = megatron::config::parse_database_url(database_url);
    if (!url) {
        std::cerr << "bad database url: " << url.error() << "\n";
        return 2;
    }
    auto db = megatron::storage::open_database(*url, 1);
    if (!db) {
        std::cerr << "cannot open the database: " << db.error().message << "\n";
        return 1;
    }
    megatron::storage::Store store(**db);
    auto organization = store.find_organization_by_name(org_name);
    if (!organization || !*organization) {
        std::cerr << "no organization " << org_name << "\n";
        return 1;
    }
    auto integrations = store.integrations_for((*organization)->id);
    auto workspace = store.find_workspace(megatron::storage::PlatformType::Slack, kCustomerTeam);
    if (!integrations || integrations->empty() || !workspace || !*workspace) {
        std::cerr << "the organization needs an integration and workspace " << kCustomerTeam
                  << "\n";
        return 1;
    }
    if (threads) {
        auto switched = store.set_engagement_settings(
            (*organization)->id,
            {megatron::storage::EngagementMode::Threads, kThreadsChannel, "//"});
        if (!switched) {
            std::cerr << "cannot switch to threads mode: " << switched.error().message << "\n";
            return 1;
        }
    }
    for (int i = 0; i < channels; ++i) {
        megatron::storage::NewChannel channel;
        channel.organization_id = (*organization)->id;
        channel.integration_id = integrations->front().id;
        channel.workspace_id = (*workspace)->id;
        channel.name = fmt::format("zz-customer{}", i);
        channel.platform_channel_id = threads ? kThreadsChannel : channel_id(i);
        channel.platform_user_id = customer_id(i);
        if (threads) channel.thread_ts = thread_parent(i);
        auto created = store.create_channel(channel);
        if (!created) {
            std::cerr << "cannot create channel " << i << ": " << created.error().message << "\n";
            return 1;
        }
        // The agent was just told the bot is not paused (the reminder comes at most once an
        // hour): the agent -> customer phase measures the relay, not 1,000 reminders.
        auto warned =
            store.mark_not_paused_warning(created->id, megatron::SystemClock{}.now_millis());
        if (!warned) {
            std::cerr << "cannot mark channel " << i << ": " << warned.error().message << "\n";
            return 1;
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"megatron-bench-setup: simulator config and engagement channels for bench/"};
    app.require_subcommand(1);
    int channels = 1000;
    std::string database_url;
    std::string org = "Bench";
    auto* config = app.add_subcommand("sim-config", "Print the slack-sim --config JSON");
    config->add_option("--channels", channels);
    auto* store = app.add_subcommand("channels", "Store the engagement channels");
    auto* threads =
        app.add_subcommand("threads", "Store the engagements as threads (threads mode)");
    for (auto* sub : {store, threads}) {
        sub->add_option("--channels", channels);
        sub->add_option("--database-url", database_url)->required();
        sub->add_option("--org", org);
    }
    CLI11_PARSE(app, argc, argv);
    if (config->parsed()) {
        std::cout << boost::json::serialize(sim_config(channels)) << "\n";
        return 0;
    }
    return store_channels(database_url, org, channels, threads->parsed());
}
