#include "delivery_check.hpp"

#include "http/client.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <sstream>
#include <stdexcept>

namespace megatron::bench {

DeliveryReport collect_deliveries(const std::string& sim_url, int channels,
                                  const std::string& tag) {
    DeliveryReport report;
    http::Client client;
    const std::string prefix = "bench " + tag + " ";
    for (int n = 0; n < channels; ++n) {
        http::ClientRequest req;
        req.url = fmt::format("{}/_sim/channels/CZ{:06}/messages", sim_url, n);
        req.total_timeout = std::chrono::milliseconds(60000);
        auto answer = client.send(req);
        if (!answer || answer->status != 200) {
            throw std::runtime_error("cannot read the messages of channel " + std::to_string(n));
        }
        auto body = boost::json::parse(answer->body);
        for (const auto& m : body.at("messages").as_array()) {
            const auto& message = m.as_object();
            const auto* text = message.if_contains("text");
            if (!text || !text->is_string()) continue;
            std::string_view t = text->as_string();
            if (!t.starts_with(prefix)) continue;
            std::istringstream fields{std::string(t.substr(prefix.size()))};
            std::string id;
            std::int64_t sent_us = 0;
            fields >> id >> sent_us;
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
