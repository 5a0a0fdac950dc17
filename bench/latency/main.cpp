// megatron-bench-load: the parts of the benchmark wrk cannot do.
//   rate   an open-loop client: sends at a fixed rate whatever the answers take (latency is
//          measured from each request's scheduled time, so a slow server cannot hide its
//          queueing by slowing the sender down), prints acknowledgement percentiles
//   events signed Events API agent messages, closed loop (agent -> customer throughput)
//   check  the exactly-once check over the simulator's channels, delivery percentiles and
//          the relay rate (distinct deliveries / seconds from --since to the last post)
// Output is "key=value" lines for bench/run.sh.
#include "delivery_check.hpp"
#include "http/client.hpp"
#include "util/crypto.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

namespace {

using namespace megatron;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    auto index = static_cast<std::size_t>(p / 100.0 * double(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

void print_percentiles(const std::string& name, std::vector<double> values) {
    fmt::print("{}_p50_ms={:.3f}\n{}_p99_ms={:.3f}\n{}_p999_ms={:.3f}\n", name,
               percentile(values, 50), name, percentile(values, 99), name,
               percentile(values, 99.9));
}

// The body a bot app sends for customer n (incoming) or the bot's reply to n (outgoing).
std::string body_for(bool incoming, int n, const std::string& ts, const std::string& text) {
    auto user = fmt::format("UC{:06}", n);
    if (incoming) {
        return fmt::format(R"({{"message":{{"user":"{}","ts":"{}","text":"{}"}}}})", user, ts,
                           text);
    }
    return fmt::format(R"({{"user":"{}","ts":"{}","message":{{"text":"{}"}}}})", user, ts, text);
}

struct RateOptions {
    std::string url;
    std::string token;
    std::string tag;
    bool incoming = true;
    double rate = 1000;
    double seconds = 10;
    int channels = 1000;
    int threads = 64;
    std::int64_t ts_base = 1000000;  // unique per phase: the customer ts is the idempotency key
};

int run_rate(const RateOptions& o) {
    const auto total = static_cast<std::int64_t>(o.rate * o.seconds);
    const auto interval = std::chrono::duration<double>(1.0 / o.rate);
    std::atomic<std::int64_t> next{0};
    std::atomic<std::int64_t> accepted{0};
    std::atomic<std::int64_t> late{0};
    std::vector<std::vector<double>> acks(static_cast<std::size_t>(o.threads));
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    std::vector<std::jthread> senders;
    for (int t = 0; t < o.threads; ++t) {
        senders.emplace_back([&, t] {
            http::Client client;
            auto& mine = acks[static_cast<std::size_t>(t)];
            for (auto i = next++; i < total; i = next++) {
                auto scheduled = start + std::chrono::duration_cast<Clock::duration>(interval * i);
                if (Clock::now() > scheduled + std::chrono::milliseconds(1)) ++late;
                std::this_thread::sleep_until(scheduled);
                int n = static_cast<int>(i % o.channels);
                auto sent_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
                auto id = fmt::format("{}:{}", n, i);
                http::ClientRequest req;
                req.method = "POST";
                req.url = o.url;
                req.headers = {{"Content-Type", "application/json"},
                               {"Authorization", "MegatronToken " + o.token}};
                req.body = body_for(
                    o.incoming, n, fmt::format("{}.{:06}", o.ts_base + i / 1000000, i % 1000000),
                    fmt::format("bench {} {} {}", o.tag, id, bench::send_time_field(sent_us)));
                auto answer = client.send(req);
                mine.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
                if (answer && answer->status == 200 &&
                    answer->body.find("\"track\":true") != std::string::npos) {
                    ++accepted;
                }
            }
        });
    }
    senders.clear();  // joins
    std::vector<double> all;
    for (auto& a : acks) all.insert(all.end(), a.begin(), a.end());
    fmt::print("sent={}\naccepted={}\nsender_late={}\n", total, accepted.load(), late.load());
    print_percentiles("ack", std::move(all));
    return 0;
}

struct EventsOptions {
    std::string url;
    std::string signing_secret;
    std::string tag;
    double seconds = 20;
    int channels = 1000;
    int connections = 64;
    std::int64_t ts_base = 1000000;  // unique per phase
    bool threads = false;            // threads mode: replies in customer n's thread of CTHREADS
};

// Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>").
std::string slack_signature(const std::string& secret, const std::string& timestamp,
                            const std::string& body) {
    return "v0=" + crypto::hmac_sha256_hex(secret, "v0:" + timestamp + ":" + body);
}

// Agent -> customer throughput, closed loop like wrk (wrk's Lua cannot sign): each connection
// sends the next signed Events API message as soon as the previous one is answered. Agent
// UAGENT0001 writes in engagement channel CZ<n>; every event has its own event_id and ts.
int run_events(const EventsOptions& o) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(o.seconds);
    std::atomic<std::int64_t> next{0};
    std::atomic<std::int64_t> completed{0};
    std::atomic<std::int64_t> accepted{0};
    std::vector<std::jthread> senders;
    for (int t = 0; t < o.connections; ++t) {
        senders.emplace_back([&] {
            http::Client client;
            while (Clock::now() < deadline) {
                auto i = next++;
                int n = static_cast<int>((i * 7) % o.channels);
                auto sent_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
                auto ts = fmt::format("{}.{:06}", o.ts_base + i / 1000000, i % 1000000);
                // Threads mode: a reply in customer n's thread (megatron-bench-setup threads).
                auto where =
                    o.threads
                        ? fmt::format(R"("channel":"CTHREADS","thread_ts":"1600000000.{:06}")", n)
                        : fmt::format(R"("channel":"CZ{:06}")", n);
                auto body = fmt::format(
                    R"({{"token":"unused","team_id":"TSUPPORT","api_app_id":"ABENCH","type":"event_callback",)"
                    R"("event_id":"Ev{}{}","event_time":{},"event":{{"type":"message",{},)"
                    R"("channel_type":"channel","user":"UAGENT0001","text":"bench {} {}:{} {}","ts":"{}",)"
                    R"("event_ts":"{}"}}}})",
                    o.tag, i, sent_us / 1000000, where, o.tag, n, i,
                    bench::send_time_field(sent_us), ts, ts);
                auto timestamp = std::to_string(sent_us / 1000000);
                http::ClientRequest req;
                req.method = "POST";
                req.url = o.url;
                req.headers = {
                    {"Content-Type", "application/json"},
                    {"X-Slack-Request-Timestamp", timestamp},
                    {"X-Slack-Signature", slack_signature(o.signing_secret, timestamp, body)}};
                req.body = std::move(body);
                auto answer = client.send(req);
                ++completed;
                if (answer && answer->status == 200) ++accepted;
            }
        });
    }
    senders.clear();  // joins
    fmt::print("completed={}\naccepted={}\nerrors={}\n", completed.load(), accepted.load(),
               completed.load() - accepted.load());
    return 0;
}

int run_check(const std::string& sim_url, int channels, const std::string& tag, double since,
              long expected_min, long expected_max, bench::Destination destination) {
    auto report = bench::collect_deliveries(sim_url, channels, tag, destination);
    double seconds = report.last_post_s - since;
    fmt::print("delivered={}\nduplicates={}\nmisplaced={}\nmasked={}\n", report.delivered,
               report.duplicates, report.misplaced, report.masked);
    fmt::print("relays_per_s={:.0f}\n", seconds > 0 ? double(report.delivered) / seconds : 0.0);
    print_percentiles("delivery", std::move(report.delivery_ms));
    bool exact = report.duplicates == 0 && report.misplaced == 0 && report.masked == 0 &&
                 long(report.delivered) >= expected_min && long(report.delivered) <= expected_max;
    fmt::print("exactly_once={}\n", exact ? "pass" : "FAIL");
    return exact ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"megatron-bench-load: open-loop fixed-rate client and delivery check"};
    app.require_subcommand(1);
    RateOptions o;
    std::string path = "incoming";
    auto* rate = app.add_subcommand("rate", "Send at a fixed rate; print ack percentiles");
    rate->add_option("--url", o.url, "base URL of the server")->required();
    rate->add_option("--token", o.token)->required();
    rate->add_option("--tag", o.tag)->required();
    rate->add_option("--path", path, "incoming or outgoing");
    rate->add_option("--rate", o.rate);
    rate->add_option("--seconds", o.seconds);
    rate->add_option("--channels", o.channels);
    rate->add_option("--threads", o.threads);
    rate->add_option("--ts-base", o.ts_base, "integer part of the customer ts of request 0");

    std::string sim_url;
    std::string tag;
    int channels = 1000;
    double since = 0;
    long expected_min = 0;
    long expected_max = 0;
    auto* check = app.add_subcommand("check", "Exactly-once check of one tag's messages");
    check->add_option("--sim-url", sim_url)->required();
    check->add_option("--tag", tag)->required();
    check->add_option("--channels", channels);
    check->add_option("--since", since, "epoch seconds the load started");
    check->add_option("--expected-min", expected_min, "accepted requests")->required();
    check
        ->add_option("--expected-max", expected_max,
                     "accepted + requests in flight when the load stopped")
        ->required();
    bool dms = false;
    check->add_flag("--dms", dms, "look in the customers' DMs (agent -> customer)");
    bool in_threads = false;
    check->add_flag("--threads", in_threads, "look in the threads of CTHREADS (threads mode)");

    EventsOptions e;
    auto* events = app.add_subcommand("events", "Signed agent messages, closed loop");
    events->add_option("--url", e.url, "base URL of the server")->required();
    events->add_option("--signing-secret", e.signing_secret, "or BENCH_SIGNING_SECRET")
        ->envname("BENCH_SIGNING_SECRET")
        ->required();
    events->add_option("--tag", e.tag)->required();
    events->add_option("--seconds", e.seconds);
    events->add_option("--channels", e.channels);
    events->add_option("--connections", e.connections);
    events->add_option("--ts-base", e.ts_base);
    events->add_flag("--threads", e.threads, "reply in the customers' threads (threads mode)");
    CLI11_PARSE(app, argc, argv);
    if (events->parsed()) {
        e.url += "/megatron/slack/event/";
        return run_events(e);
    }
    if (rate->parsed()) {
        o.incoming = path == "incoming";
        o.url += "/megatron/" + path + "/";
        return run_rate(o);
    }
    try {
        return run_check(sim_url, channels, tag, since, expected_min, expected_max,
                         dms          ? bench::Destination::CustomerDms
                         : in_threads ? bench::Destination::Threads
                                      : bench::Destination::EngagementChannels);
    } catch (const std::exception& e) {
        std::cerr << "check failed: " << e.what() << "\n";
        return 2;
    }
}
