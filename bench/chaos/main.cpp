// megatron-chaos: the client side of bench/chaos.sh (docs/chaos.md).
//   burst     sends every customer's messages in both directions, one at a time per customer
//             (so each customer's order is defined), retrying each until a serve process
//             accepts it: customer -> channel on /megatron/incoming/, agent -> customer as
//             signed Events API messages, plus a few `/megatron do` slash commands whose
//             push_message goes to a bot app that never answers. Writes the accepted ids.
//   check     reads the simulator's channels and DMs back: every accepted message exactly
//             once, in its customer's channel, in the order sent. Names the ids that are not.
//   blackhole a bot app command_url that accepts connections and never answers (timeouts).
// Message texts are "chaos <tag> <n>:<seq>" (customer n, per-customer sequence number).
#include "http/client.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

namespace {

using namespace megatron;
using SteadyClock = std::chrono::steady_clock;

enum class Direction { Incoming, Agent };

struct BurstOptions {
    std::vector<std::string> urls;  // the serve processes, tried in turn
    std::string token;
    std::string signing_secret;
    std::string sim_url;
    std::string tag;
    std::string accepted_file;
    int customers = 100;
    int messages = 2000;  // in all, both directions
    int threads = 32;
    int slash_every = 10;  // every tenth customer gets a `/megatron do` half-way
    double give_up_seconds = 180;
    // The rounds (every customer's next message) are spread over this long, so the faults
    // bench/chaos.sh injects at fixed times land in the middle of the traffic.
    double burst_seconds = 40;
};

std::string customer_id(int n) {
    return fmt::format("UC{:06}", n);
}
std::string channel_id(int n) {
    return fmt::format("CZ{:06}", n);
}
std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// What a serve process said to one attempt.
enum class Answer { Accepted, Retry, Rejected };

class Sender {
  public:
    Sender(const BurstOptions& o, std::atomic<long>& retries) : o_(o), retries_(retries) {}

    // Sends until accepted (true), refused for good or past the give-up time (false). The same
    // request every time: the customer ts, event_id and response_url make retries idempotent.
    bool deliver(int n, const http::ClientRequest& base, bool slack_signed, bool needs_track) {
        const auto deadline =
            SteadyClock::now() + std::chrono::duration<double>(o_.give_up_seconds);
        auto pause = std::chrono::milliseconds(50);
        for (std::size_t attempt = 0; SteadyClock::now() < deadline; ++attempt) {
            auto request = base;
            request.url = o_.urls[(std::size_t(n) + attempt) % o_.urls.size()] + base.url;
            if (slack_signed) sign(request);
            switch (attempt_once(request, needs_track)) {
                case Answer::Accepted:
                    return true;
                case Answer::Rejected:
                    return false;
                case Answer::Retry:
                    break;
            }
            ++retries_;
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(1000));
        }
        return false;
    }

  private:
    // Slack signs every delivery (a retry too) with the time of sending.
    void sign(http::ClientRequest& request) const {
        auto timestamp = std::to_string(unix_now());
        request.headers.emplace_back("X-Slack-Request-Timestamp", timestamp);
        request.headers.emplace_back(
            "X-Slack-Signature",
            "v0=" +
                crypto::hmac_sha256_hex(o_.signing_secret, "v0:" + timestamp + ":" + request.body));
    }

    Answer attempt_once(const http::ClientRequest& request, bool needs_track) {
        auto answer = client_.send(request);
        if (!answer) return Answer::Retry;  // refused, reset, timed out: a process is down
        if (answer->status == 429 || answer->status >= 500) return Answer::Retry;
        if (answer->status != 200) {
            std::cerr << "refused with " << answer->status << ": " << answer->body << "\n";
            return Answer::Rejected;
        }
        if (needs_track && answer->body.find("\"track\":true") == std::string::npos) {
            std::cerr << "not tracked: " << answer->body << "\n";
            return Answer::Rejected;
        }
        return Answer::Accepted;
    }

    const BurstOptions& o_;
    std::atomic<long>& retries_;
    http::Client client_;
};

http::ClientRequest incoming_request(const BurstOptions& o, int n, int seq) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = "/megatron/incoming/";
    req.headers = {{"Content-Type", "application/json"},
                   {"Authorization", "MegatronToken " + o.token}};
    // The customer ts is the idempotency key: unique per (customer, seq), the same on retries.
    auto ts = fmt::format("{}.{:06}", 1600000000 + n, seq);
    req.body = boost::json::serialize(
        boost::json::object{{"message",
                             {{"user", customer_id(n)},
                              {"ts", ts},
                              {"text", fmt::format("chaos {} {}:{}", o.tag, n, seq)}}}});
    return req;
}

http::ClientRequest agent_request(const BurstOptions& o, int n, int seq) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = "/megatron/slack/event/";
    req.headers = {{"Content-Type", "application/json"}};
    auto ts = fmt::format("{}.{:06}", 1650000000 + n, seq);
    req.body = boost::json::serialize(
        boost::json::object{{"token", "unused"},
                            {"team_id", "TSUPPORT"},
                            {"api_app_id", "ACHAOS"},
                            {"type", "event_callback"},
                            {"event_id", fmt::format("Ev{}x{}x{}", o.tag, n, seq)},
                            {"event_time", unix_now()},
                            {"event",
                             {{"type", "message"},
                              {"channel", channel_id(n)},
                              {"channel_type", "channel"},
                              {"user", "UAGENT0001"},
                              {"text", fmt::format("chaos {} {}:{}", o.tag, n, seq)},
                              {"ts", ts},
                              {"event_ts", ts}}}});
    return req;
}

// `/megatron do ...` typed in customer n's channel: its job calls the bot app's command_url.
std::optional<http::ClientRequest> slash_request(const BurstOptions& o, http::Client& sim, int n) {
    http::ClientRequest ask;
    ask.method = "POST";
    ask.url = o.sim_url + "/_sim/response_urls";
    ask.headers = {{"Content-Type", "application/json"}};
    ask.body = boost::json::serialize(boost::json::object{
        {"team_id", "TSUPPORT"}, {"channel_id", channel_id(n)}, {"user_id", "UAGENT0001"}});
    auto answer = sim.send(ask);
    if (!answer || answer->status != 200) return std::nullopt;
    auto response_url = boost::json::parse(answer->body).at("url").as_string();
    http::ClientRequest req;
    req.method = "POST";
    req.url = "/megatron/slack/slash-command/";
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    req.body = fmt::format(
        "token=unused&team_id=TSUPPORT&team_domain=support&channel_id={}&channel_name=zz-c{}"
        "&user_id=UAGENT0001&user_name=agent&command=%2Fmegatron&text=do+chaos+push+{}"
        "&response_url={}&trigger_id=1.2.{}",
        channel_id(n), n, n, strings::url_encode(std::string(response_url)), n);
    return req;
}

int run_burst(const BurstOptions& o) {
    const int per_customer = std::max(2, o.messages / o.customers);
    std::atomic<long> accepted{0};
    std::atomic<long> retries{0};
    std::mutex failed_mutex;
    std::vector<std::string> failed;
    std::mutex out_mutex;
    std::ofstream out(o.accepted_file);
    auto started = SteadyClock::now();
    std::vector<std::jthread> threads;
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back([&, t] {
            Sender sender(o, retries);
            http::Client sim;
            const auto round = std::chrono::duration<double>(o.burst_seconds / per_customer);
            for (int seq = 0; seq < per_customer; ++seq) {
                std::this_thread::sleep_until(
                    started + std::chrono::duration_cast<SteadyClock::duration>(round * seq));
                for (int n = t; n < o.customers; n += o.threads) {
                    if (seq == per_customer / 2 && o.slash_every > 0 && n % o.slash_every == 0) {
                        if (auto slash = slash_request(o, sim, n)) {
                            sender.deliver(n, *slash, true, false);
                        }
                    }
                    // Even seq: the customer writes; odd: the agent answers.
                    auto direction = seq % 2 == 0 ? Direction::Incoming : Direction::Agent;
                    bool ok = direction == Direction::Incoming
                                  ? sender.deliver(n, incoming_request(o, n, seq), false, true)
                                  : sender.deliver(n, agent_request(o, n, seq), true, false);
                    auto id = fmt::format("{}:{}", n, seq);
                    if (!ok) {
                        std::lock_guard lock(failed_mutex);
                        failed.push_back(id);
                        continue;
                    }
                    ++accepted;
                    std::lock_guard lock(out_mutex);
                    out << (direction == Direction::Incoming ? "incoming " : "agent ") << id
                        << "\n";
                }
            }
        });
    }
    threads.clear();  // joins
    out.flush();
    auto seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
    fmt::print("sent={}\naccepted={}\nretries={}\nburst_seconds={:.1f}\n",
               per_customer * o.customers, accepted.load(), retries.load(), seconds);
    if (!failed.empty()) {
        std::sort(failed.begin(), failed.end());
        fmt::print("never_accepted={}\n", fmt::join(failed, ","));
        return 1;
    }
    return 0;
}

// The "n:seq" ids of `tag` in one channel, oldest first.
std::vector<std::string> ids_in(http::Client& client, const std::string& sim_url,
                                const std::string& channel, const std::string& tag) {
    http::ClientRequest req;
    req.url = fmt::format("{}/_sim/channels/{}/messages", sim_url, channel);
    req.total_timeout = std::chrono::milliseconds(60000);
    auto answer = client.send(req);
    if (!answer || answer->status != 200) {
        throw std::runtime_error("cannot read the messages of " + channel);
    }
    std::vector<std::string> ids;
    const std::string prefix = "chaos " + tag + " ";
    auto body = boost::json::parse(answer->body);  // outlives the loop over its messages
    for (const auto& m : body.at("messages").as_array()) {
        const auto* text = m.as_object().if_contains("text");
        if (text == nullptr || !text->is_string()) continue;
        std::string_view t = text->as_string();
        if (t.starts_with(prefix)) ids.emplace_back(t.substr(prefix.size()));
    }
    return ids;
}

std::string customer_dm(http::Client& client, const std::string& sim_url, int n) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = sim_url + "/_sim/workspaces/TCUSTOMER/dms";
    req.headers = {{"Content-Type", "application/json"}};
    req.body = fmt::format(R"({{"user":"{}"}})", customer_id(n));
    auto answer = client.send(req);
    if (!answer || answer->status != 200) throw std::runtime_error("no DM for " + customer_id(n));
    return std::string(boost::json::parse(answer->body).at("id").as_string());
}

int seq_of(const std::string& id) {
    return std::stoi(id.substr(id.find(':') + 1));
}

struct Verdict {
    std::vector<std::string> lost, duplicated, out_of_order, unexpected;
};

// One channel: `expected` ids (accepted, in sending order) against what it holds.
void judge(const std::vector<std::string>& found, const std::set<std::string>& expected,
           Verdict& verdict) {
    std::map<std::string, int> copies;
    int highest = -1;
    for (const auto& id : found) {
        if (++copies[id] > 1) {
            verdict.duplicated.push_back(id);
            continue;
        }
        if (!expected.contains(id)) verdict.unexpected.push_back(id);
        if (seq_of(id) < highest) verdict.out_of_order.push_back(id);
        highest = std::max(highest, seq_of(id));
    }
    for (const auto& id : expected) {
        if (!copies.contains(id)) verdict.lost.push_back(id);
    }
}

int run_check(const std::string& sim_url, const std::string& tag, int customers,
              const std::string& accepted_file) {
    std::map<int, std::set<std::string>> incoming;  // customer -> ids
    std::map<int, std::set<std::string>> agent;
    std::ifstream in(accepted_file);
    std::string direction, id;
    long expected = 0;
    while (in >> direction >> id) {
        int n = std::stoi(id.substr(0, id.find(':')));
        (direction == "incoming" ? incoming : agent)[n].insert(id);
        ++expected;
    }
    http::Client client;
    Verdict verdict;
    for (int n = 0; n < customers; ++n) {
        judge(ids_in(client, sim_url, channel_id(n), tag), incoming[n], verdict);
        judge(ids_in(client, sim_url, customer_dm(client, sim_url, n), tag), agent[n], verdict);
    }
    auto list = [](const std::vector<std::string>& ids) {
        return fmt::format("{}", fmt::join(ids, ","));
    };
    fmt::print("expected={}\nlost={}\nduplicated={}\nout_of_order={}\nmisplaced={}\n", expected,
               verdict.lost.size(), verdict.duplicated.size(), verdict.out_of_order.size(),
               verdict.unexpected.size());
    bool clean = verdict.lost.empty() && verdict.duplicated.empty() &&
                 verdict.out_of_order.empty() && verdict.unexpected.empty();
    if (!clean) {
        fmt::print("lost_ids={}\nduplicated_ids={}\nout_of_order_ids={}\nmisplaced_ids={}\n",
                   list(verdict.lost), list(verdict.duplicated), list(verdict.out_of_order),
                   list(verdict.unexpected));
    }
    fmt::print("chaos_check={}\n", clean ? "pass" : "FAIL");
    return clean ? 0 : 1;
}

// Accepts every connection and never answers: the bot app's command_url timing out.
int run_blackhole(const std::string& port_file) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    std::ofstream(port_file) << acceptor.local_endpoint().port() << "\n";
    std::vector<boost::asio::ip::tcp::socket> held;
    for (;;) {
        held.push_back(acceptor.accept());
        // Keep at most a few hundred: the oldest have long timed out on the client's side.
        if (held.size() > 512) held.erase(held.begin());
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"megatron-chaos: the client and the check of bench/chaos.sh"};
    app.require_subcommand(1);
    BurstOptions o;
    auto* burst = app.add_subcommand("burst", "Send the messages, retrying until accepted");
    burst->add_option("--url", o.urls, "a serve process's base URL (repeat)")->required();
    burst->add_option("--token", o.token)->required();
    burst->add_option("--signing-secret", o.signing_secret)
        ->envname("CHAOS_SIGNING_SECRET")
        ->required();
    burst->add_option("--sim-url", o.sim_url)->required();
    burst->add_option("--tag", o.tag)->required();
    burst->add_option("--accepted-file", o.accepted_file)->required();
    burst->add_option("--customers", o.customers);
    burst->add_option("--messages", o.messages);
    burst->add_option("--threads", o.threads);
    burst->add_option("--slash-every", o.slash_every, "0: no slash commands");
    burst->add_option("--give-up-seconds", o.give_up_seconds);
    burst->add_option("--burst-seconds", o.burst_seconds);

    std::string sim_url, tag, accepted_file;
    int customers = 100;
    auto* check = app.add_subcommand("check", "Lost, duplicated, out of order per channel");
    check->add_option("--sim-url", sim_url)->required();
    check->add_option("--tag", tag)->required();
    check->add_option("--customers", customers);
    check->add_option("--accepted-file", accepted_file)->required();

    std::string port_file;
    auto* blackhole = app.add_subcommand("blackhole", "A command_url that never answers");
    blackhole->add_option("--port-file", port_file)->required();
    CLI11_PARSE(app, argc, argv);

    try {
        if (burst->parsed()) return run_burst(o);
        if (blackhole->parsed()) return run_blackhole(port_file);
        return run_check(sim_url, tag, customers, accepted_file);
    } catch (const std::exception& e) {
        std::cerr << "megatron-chaos: " << e.what() << "\n";
        return 2;
    }
}
