#include "util/log.hpp"

#include "util/request_context.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <ctime>
#include <string>

namespace megatron::log {
namespace {

std::string_view view(spdlog::string_view_t s) {
    return {s.data(), s.size()};
}

// ISO 8601 in UTC with milliseconds: what log collectors parse without configuration.
std::string utc_time(spdlog::log_clock::time_point when) {
    auto since_epoch = when.time_since_epoch();
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
    std::time_t t = seconds.count();
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> text{};
    auto n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &tm);
    return fmt::format("{}.{:03}Z", std::string_view(text.data(), n), millis.count());
}

class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        boost::json::object line;
        line["time"] = utc_time(msg.time);
        line["level"] = view(spdlog::level::to_string_view(msg.level));
        line["logger"] = view(msg.logger_name);
        line["thread"] = static_cast<std::uint64_t>(msg.thread_id);
        line["message"] = view(msg.payload);
        if (const auto& id = request_context::current(); !id.empty()) line["request_id"] = id;
        auto text = boost::json::serialize(line);
        dest.append(text.data(), text.data() + text.size());
        dest.push_back('\n');
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonFormatter>();
    }
};

// %Q in the text pattern: " [<request id>]" inside a request, nothing outside.
class RequestIdFlag final : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg&, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const auto& id = request_context::current();
        if (id.empty()) return;
        constexpr std::string_view kOpen = " [";
        dest.append(kOpen.data(), kOpen.data() + kOpen.size());
        dest.append(id.data(), id.data() + id.size());
        dest.push_back(']');
    }
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
        return std::make_unique<RequestIdFlag>();
    }
};

}  // namespace

std::unique_ptr<spdlog::formatter> json_formatter() {
    return std::make_unique<JsonFormatter>();
}

void init(std::string_view level, Format format) {
    auto logger = spdlog::stderr_color_mt("megatron");
    if (format == Format::Json) {
        logger->set_formatter(json_formatter());
    } else {
        auto text = std::make_unique<spdlog::pattern_formatter>();
        text->add_flag<RequestIdFlag>('Q').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%t]%Q %v");
        logger->set_formatter(std::move(text));
    }
    logger->set_level(spdlog::level::from_str(std::string(level)));
    spdlog::set_default_logger(logger);
}

}  // namespace megatron::log
