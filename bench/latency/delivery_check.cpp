#include "delivery_check.hpp"

#include "http/client.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <charconv>
#include <sstream>
#include <stdexcept>

namespace megatron::bench {

namespace {

// Customer n's DM with the bot in the customer workspace (the simulator answers the existing
// one; megatron-bench-setup's config opened them all).
std::string customer_dm(http::Client& client, const std::string& sim_url, int n) {
    http::ClientRequest req;
    req.method = "POST";
    req.url = sim_url + "/_sim/workspaces/TCUSTOMER/dms";
    req.headers = {{"Content-Type", "application/json"}};
    req.body = fmt::format(R"({{"user":"UC{:06}"}})", n);
    auto answer = client.send(req);
    if (!answer || answer->status != 200) {
        throw std::runtime_error("cannot find the DM of customer " + std::to_string(n));
    }
    return std::string(boost::json::parse(answer->body).at("id").as_string());
}

// The messages of one simulator conversation, oldest first.
boost::json::array messages_of(http::Client& client, const std::string& sim_url,
                               const std::string& channel) {
    http::ClientRequest req;
    req.url = fmt::format("{}/_sim/channels/{}/messages", sim_url, channel);
    req.total_timeout = std::chrono::milliseconds(60000);
    auto answer = client.send(req);
    if (!answer || answer->status != 200) {
        throw std::runtime_error("cannot read the messages of channel " + channel);
    }
    return boost::json::parse(answer->body).at("messages").as_array();
}

// Threads mode: the support channel's messages, split by thread (customer n's thread is the
// parent 1600000000.<n>); a message outside a benchmark thread counts for no customer.
std::map<int, boost::json::array> thread_messages(http::Client& client,
                                                  const std::string& sim_url) {
    std::map<int, boost::json::array> by_customer;
    for (auto& m : messages_of(client, sim_url, "CTHREADS")) {
        const auto* thread = m.as_object().if_contains("thread_ts");
        if (thread == nullptr || !thread->is_string()) continue;
        std::string_view ts = thread->as_string();
        if (!ts.starts_with("1600000000.")) continue;
        by_customer[std::stoi(std::string(ts.substr(11)))].push_back(std::move(m));
    }
    return by_customer;
}

// One integer field of a send time; false when `text` is not all digits.
bool read_integer(std::string_view text, std::int64_t& value) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string send_time_field(std::int64_t sent_us) {
    return fmt::format("t{}.{:06}", sent_us / 1000000, sent_us % 1000000);
}

std::int64_t parse_send_time(std::string_view field) {
    if (!field.starts_with('t')) return 0;
    field.remove_prefix(1);
    auto dot = field.find('.');
    std::int64_t seconds = 0;
    std::int64_t micros = 0;
    if (dot == std::string_view::npos || !read_integer(field.substr(0, dot), seconds) ||
        !read_integer(field.substr(dot + 1), micros)) {
        return 0;
    }
    return seconds * 1000000 + micros;
}

DeliveryReport collect_deliveries(const std::string& sim_url, int channels, const std::string& tag,
                                  Destination destination) {
    DeliveryReport report;
    http::Client client;
    const std::string prefix = "bench " + tag + " ";
    std::map<int, boost::json::array> threads;
    if (destination == Destination::Threads) threads = thread_messages(client, sim_url);
    for (int n = 0; n < channels; ++n) {
        boost::json::array messages;
        if (destination == Destination::Threads) {
            messages = std::move(threads[n]);
        } else {
            messages = messages_of(client, sim_url,
                                   destination == Destination::CustomerDms
                                       ? customer_dm(client, sim_url, n)
                                       : fmt::format("CZ{:06}", n));
        }
        for (const auto& m : messages) {
            const auto& message = m.as_object();
            const auto* text = message.if_contains("text");
            if (!text || !text->is_string()) continue;
            std::string_view t = text->as_string();
            if (!t.starts_with(prefix)) continue;
            std::istringstream fields{std::string(t.substr(prefix.size()))};
            std::string id;
            std::string sent;
            fields >> id >> sent;
            // A masked id would pass for a duplicate of the other masked ids of its channel.
            if (id.find('*') != std::string::npos) {
                ++report.masked;
                continue;
            }
            const std::int64_t sent_us = parse_send_time(sent);
            // The load sends customer n's messages with ids "<n>:<sequence>".
            if (id.substr(0, id.find(':')) != std::to_string(n)) ++report.misplaced;
            auto copies = ++report.ids[id];
            if (copies > 1) {
                ++report.duplicates;
                continue;
            }
            ++report.delivered;
            double ts = std::stod(std::string(message.at("ts").as_string()));
            if (report.first_post_s == 0 || ts < report.first_post_s) report.first_post_s = ts;
            if (ts > report.last_post_s) report.last_post_s = ts;
            if (sent_us > 0) report.delivery_ms.push_back((ts * 1e6 - double(sent_us)) / 1000.0);
        }
    }
    return report;
}

}  // namespace megatron::bench
