#include "fault_injector.hpp"

#include <algorithm>
#include <iterator>

namespace megatron::slack_sim {
namespace {

struct KindName {
    FaultKind kind;
    const char* name;
};
constexpr KindName kKinds[] = {
    {FaultKind::RateLimited, "rate_limited"},
    {FaultKind::ServerError, "server_error"},
    {FaultKind::Slow, "slow"},
    {FaultKind::DropConnection, "drop_connection"},
    {FaultKind::DropAfterProcessing, "drop_after_processing"},
    {FaultKind::SlowAfterProcessing, "slow_after_processing"},
    {FaultKind::SlackError, "slack_error"},
};

std::string string_or(const boost::json::object& json, std::string_view key, std::string fallback) {
    auto it = json.find(key);
    if (it == json.end() || !it->value().is_string()) return fallback;
    return std::string(it->value().as_string());
}

std::int64_t int_or(const boost::json::object& json, std::string_view key, std::int64_t fallback) {
    auto it = json.find(key);
    if (it == json.end() || !it->value().is_int64()) return fallback;
    return it->value().as_int64();
}

}  // namespace

std::optional<Fault> fault_from_json(const boost::json::object& json) {
    Fault fault;
    auto kind = string_or(json, "kind", "");
    auto known = std::find_if(std::begin(kKinds), std::end(kKinds),
                              [&](const KindName& k) { return kind == k.name; });
    if (known == std::end(kKinds)) return std::nullopt;
    fault.kind = known->kind;
    fault.method = string_or(json, "method", "*");
    fault.token = string_or(json, "token", "");
    fault.times = static_cast<int>(int_or(json, "times", 1));
    fault.retry_after_seconds = static_cast<int>(int_or(json, "retry_after", 1));
    fault.status = static_cast<int>(int_or(json, "status", 500));
    fault.delay = std::chrono::milliseconds(int_or(json, "delay_ms", 0));
    fault.error = string_or(json, "error", "");
    fault.warning = string_or(json, "warning", "");
    fault.lasts = std::chrono::milliseconds(int_or(json, "lasts_ms", 0));
    if (fault.kind == FaultKind::SlackError && fault.error.empty()) return std::nullopt;
    return fault;
}

boost::json::object fault_to_json(const Fault& fault) {
    const char* kind = "";
    for (const auto& k : kKinds) {
        if (k.kind == fault.kind) kind = k.name;
    }
    // The token is a secret of the simulated workspace; say only whether one is set.
    return {{"kind", kind},
            {"method", fault.method},
            {"token_filter", !fault.token.empty()},
            {"times", fault.times},
            {"retry_after", fault.retry_after_seconds},
            {"status", fault.status},
            {"delay_ms", fault.delay.count()},
            {"error", fault.error},
            {"warning", fault.warning},
            {"lasts_ms", fault.lasts.count()}};
}

void FaultInjector::add(Fault fault) {
    if (fault.lasts.count() > 0) fault.expires = std::chrono::steady_clock::now() + fault.lasts;
    std::lock_guard lock(mutex_);
    rules_.push_back(std::move(fault));
    any_ = true;
}

void FaultInjector::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
    any_ = false;
}

std::optional<Fault> FaultInjector::take(const std::string& method, const std::string& token) {
    if (!any_.load(std::memory_order_relaxed)) return std::nullopt;
    std::lock_guard lock(mutex_);
    drop_expired();
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (it->method != "*" && it->method != method) continue;
        if (!it->token.empty() && it->token != token) continue;
        Fault fired = *it;
        if (it->times > 0 && --it->times == 0) rules_.erase(it);
        any_ = !rules_.empty();
        return fired;
    }
    return std::nullopt;
}

std::vector<Fault> FaultInjector::active() const {
    std::lock_guard lock(mutex_);
    std::vector<Fault> live;
    auto now = std::chrono::steady_clock::now();
    std::copy_if(rules_.begin(), rules_.end(), std::back_inserter(live),
                 [now](const Fault& f) { return f.expires > now; });
    return live;
}

void FaultInjector::drop_expired() {
    auto now = std::chrono::steady_clock::now();
    std::erase_if(rules_, [now](const Fault& f) { return f.expires <= now; });
    any_ = !rules_.empty();
}

}  // namespace megatron::slack_sim
