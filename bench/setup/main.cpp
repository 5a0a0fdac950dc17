// megatron-bench-setup: the world a benchmark runs in.
//   sim-config --channels N            prints the slack-sim --config JSON: a support workspace
//                                      with N engagement channels, a customer workspace with N
//                                      customers (ids are derived from the index, so the load
//                                      scripts and the delivery check can name them too)
//   channels --database-url U --org O --channels N
//                                      stores the N engagement channels for organization O
//                                      (no API creates channels; the measured path is untouched)
//   backlog --database-url U --channels N --rows R --days-old D
//                                      a retention backlog (issue 20): R message mappings spread
//                                      over the N channels and R/4 Slack event ids, D days old
//                                      (one backlog per age: a younger one is the control)
//   backlog-count --database-url U --days-old D
//                                      prints old_rows=<mappings and event ids older than D-1
//                                      days>: what the pruning has left of the backlog
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

#include <algorithm>
#include <iostream>
#include <memory>
#include <vector>

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

std::unique_ptr<megatron::storage::Database> open_db(const std::string& database_url) {
    auto url = megatron::config::parse_database_url(database_url);
    if (!url) {
        std::cerr << "bad database url: " << url.error() << "\n";
        return nullptr;
    }
    auto db = megatron::storage::open_database(*url, 1);
    if (!db) {
        std::cerr << "cannot open the database: " << db.error().message << "\n";
        return nullptr;
    }
    return std::move(*db);
}

int store_channels(const std::string& database_url, const std::string& org_name, int channels,
                   bool threads) {
    auto db = open_db(database_url);
    if (!db) return 1;
    megatron::storage::Store store(*db);
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

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr int kBacklogBatch = 10'000;  // rows a transaction: the server keeps writing meanwhile

// Rows [first, first + count) of the backlog, one transaction; ids of the channels stored by
// `channels` (the first N of the organization's).
megatron::storage::StorageResult<void> insert_backlog(megatron::storage::Database& db,
                                                      const std::vector<std::int64_t>& channels,
                                                      int first, int count, int days_old,
                                                      std::int64_t created_at) {
    return db.transaction(
        [&](megatron::storage::Connection& conn) -> megatron::storage::StorageResult<void> {
            for (int i = first; i < first + count; ++i) {
                // Distinct ts far from the load's (which count up from the phases' bases), and
                // from another backlog's of another age.
                auto ts = fmt::format("{}-1{:09}.{:06}", days_old, i / 1000, i % 1000);
                auto added = conn.execute(
                    "INSERT INTO messages (channel_id, integration_msg_id, customer_msg_id, "
                    "created_at, origin) VALUES (?, ?, ?, ?, 'customer')",
                    {channels[static_cast<std::size_t>(i) % channels.size()], "S" + ts, "D" + ts,
                     created_at - i});
                if (!added) return megatron::unexpected(added.error());
                if (i % 4 != 0) continue;
                auto event = conn.execute(
                    "INSERT INTO processed_events (event_id, received_at) VALUES (?, ?)",
                    {fmt::format("EvBacklog{}-{:09}", days_old, i), created_at - i});
                if (!event) return megatron::unexpected(event.error());
            }
            return {};
        });
}

int store_backlog(const std::string& database_url, int channels, int rows, int days_old) {
    auto db = open_db(database_url);
    if (!db) return 1;
    auto ids = db->execute("SELECT id FROM channels ORDER BY id LIMIT ?",
                           {static_cast<std::int64_t>(channels)});
    if (!ids || ids->rows.empty()) {
        std::cerr << "no engagement channels: run `channels` first\n";
        return 1;
    }
    std::vector<std::int64_t> channel_ids;
    for (const auto& row : ids->rows) channel_ids.push_back(row.integer(0));
    const auto created_at = megatron::SystemClock{}.now_millis() - days_old * kDayMs;
    for (int first = 0; first < rows; first += kBacklogBatch) {
        auto done = insert_backlog(*db, channel_ids, first, std::min(kBacklogBatch, rows - first),
                                   days_old, created_at);
        if (!done) {
            std::cerr << "cannot store the backlog: " << done.error().message << "\n";
            return 1;
        }
    }
    return 0;
}

int count_backlog(const std::string& database_url, int days_old) {
    auto db = open_db(database_url);
    if (!db) return 1;
    const auto before = megatron::SystemClock{}.now_millis() - (days_old - 1) * kDayMs;
    std::int64_t total = 0;
    for (const char* sql : {"SELECT COUNT(*) FROM messages WHERE created_at < ?",
                            "SELECT COUNT(*) FROM processed_events WHERE received_at < ?"}) {
        auto counted = db->execute(sql, {before});
        if (!counted) {
            std::cerr << "cannot count: " << counted.error().message << "\n";
            return 1;
        }
        total += counted->rows.at(0).integer(0);
    }
    std::cout << "old_rows=" << total << "\n";
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
    int rows = 500'000;
    int days_old = 120;
    auto* backlog = app.add_subcommand("backlog", "Store a retention backlog of old rows");
    backlog->add_option("--database-url", database_url)->required();
    backlog->add_option("--channels", channels);
    backlog->add_option("--rows", rows)->check(CLI::Range(1, 100'000'000));
    backlog->add_option("--days-old", days_old)->check(CLI::Range(2, 36'500));
    auto* count = app.add_subcommand("backlog-count", "Print how many old rows are left");
    count->add_option("--database-url", database_url)->required();
    count->add_option("--days-old", days_old)->check(CLI::Range(2, 36'500));
    CLI11_PARSE(app, argc, argv);
    if (config->parsed()) {
        std::cout << boost::json::serialize(sim_config(channels)) << "\n";
        return 0;
    }
    if (backlog->parsed()) return store_backlog(database_url, channels, rows, days_old);
    if (count->parsed()) return count_backlog(database_url, days_old);
    return store_channels(database_url, org, channels, threads->parsed());
}
