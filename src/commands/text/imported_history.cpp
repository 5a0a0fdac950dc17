#include "commands/text/imported_history.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <numeric>
#include <tuple>

namespace megatron::text {

std::int64_t ts_seconds(const std::string& ts) {
    // from_chars would take a leading '-': a negative time is no Slack ts, and two far-apart
    // signs would overflow the gap arithmetic of timestamp_headers (found by fuzzing).
    if (ts.empty() || ts.front() < '0' || ts.front() > '9') return 0;
    std::int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), seconds);
    return ec == std::errc{} ? seconds : 0;
}

namespace {

// The fraction of a ts as a number, for ordering messages inside one second.
std::int64_t ts_fraction(const std::string& ts) {
    auto dot = ts.find('.');
    if (dot == std::string::npos) return 0;
    std::int64_t fraction = 0;
    std::from_chars(ts.data() + dot + 1, ts.data() + ts.size(), fraction);
    return fraction;
}

}  // namespace

std::vector<std::size_t> import_order(const std::vector<ImportItem>& items) {
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [&items](std::size_t i) {
        const auto& item = items[i];
        return std::make_tuple(ts_seconds(item.ts), !item.from_customer, ts_fraction(item.ts));
    };
    std::stable_sort(order.begin(), order.end(),
                     [&key](std::size_t a, std::size_t b) { return key(a) < key(b); });
    return order;
}

std::string timestamp_header(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    auto n = std::strftime(buffer, sizeof buffer, "%b %d %I:%M %p", &utc);
    return "*[" + std::string(buffer, n) + "]*\n";
}

std::vector<std::string> timestamp_headers(const std::vector<std::string>& ts_in_order) {
    std::vector<std::string> headers;
    headers.reserve(ts_in_order.size());
    const auto gap = std::chrono::duration_cast<std::chrono::seconds>(kTimestampGroupGap).count();
    bool first = true;
    std::int64_t previous = 0;
    for (const auto& ts : ts_in_order) {
        auto seconds = ts_seconds(ts);
        // The gap is measured from the previous message, not the group's first (as before).
        headers.push_back(!first && seconds - previous <= gap ? std::string()
                                                              : timestamp_header(seconds));
        previous = seconds;
        first = false;
    }
    return headers;
}

}  // namespace megatron::text
