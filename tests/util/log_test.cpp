// The JSON log format: one object per line with time, level, logger, thread and message, the
// request id inside a request (request_context), and a message that cannot break its line.
#include "util/log.hpp"
#include "util/request_context.hpp"

#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>
#include <boost/json.hpp>

#include <sstream>

namespace megatron {
namespace {

class JsonLog : public ::testing::Test {
  protected:
    JsonLog() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)), logger_("t", sink_) {
        logger_.set_formatter(log::json_formatter());
    }
    std::vector<boost::json::object> lines() {
        std::vector<boost::json::object> all;
        std::istringstream in(out_.str());
        std::string line;
        while (std::getline(in, line)) all.push_back(boost::json::parse(line).as_object());
        return all;
    }

    std::ostringstream out_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
    spdlog::logger logger_;
};

TEST_F(JsonLog, OneObjectPerLineWithTheRequestIdInsideARequest) {
    logger_.info("outside");
    {
        request_context::Scope request("req-1");
        logger_.warn("inside \"quoted\"\nsecond line");
        {
            request_context::Scope nested("req-2");
            logger_.error("nested");
        }
        logger_.info("back");
    }
    auto all = lines();
    ASSERT_EQ(all.size(), 4u) << out_.str();
    EXPECT_EQ(all[0].at("message"), "outside");
    EXPECT_EQ(all[0].at("level"), "info");
    EXPECT_EQ(all[0].at("logger"), "t");
    EXPECT_FALSE(all[0].contains("request_id"));
    EXPECT_TRUE(all[0].at("thread").is_number());
    auto time = std::string(all[0].at("time").as_string());
    EXPECT_EQ(time.size(), 24u) << time;  // 2026-01-02T03:04:05.678Z
    EXPECT_EQ(time.back(), 'Z');
    EXPECT_EQ(all[1].at("message"), "inside \"quoted\"\nsecond line");
    EXPECT_EQ(all[1].at("level"), "warning");
    EXPECT_EQ(all[1].at("request_id"), "req-1");
    EXPECT_EQ(all[2].at("request_id"), "req-2");
    EXPECT_EQ(all[3].at("request_id"), "req-1");
}

TEST(RequestContext, OnlySaneIncomingIdsAreKept) {
    EXPECT_EQ(request_context::adopt_or_new("abc-123_x.y:z"), "abc-123_x.y:z");
    for (std::string bad : {std::string(), std::string("has space"), std::string("quote\""),
                            std::string("new\nline"), std::string(65, 'a')}) {
        auto id = request_context::adopt_or_new(bad);
        EXPECT_NE(id, bad);
        EXPECT_EQ(id.size(), 16u);
        EXPECT_TRUE(request_context::is_sane(id));
    }
    EXPECT_NE(request_context::new_id(), request_context::new_id());
}

}  // namespace
}  // namespace megatron
