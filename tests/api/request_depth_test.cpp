// Issue #15: a request answered 200 must be processable. A bot app's attachments may come as
// JSON text, which the API decoded with Boost.JSON's default depth (32) and put one level
// down into the job payload: a 32-deep list was accepted and its job could never be read.
#include "api/request_body.hpp"
#include "commands/job_payload.hpp"
#include "commands/relay/relay_jobs.hpp"

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

namespace megatron::api {
namespace {

std::string nested_list(unsigned depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

TEST(RequestDepth, WhatTheDoorAcceptsItsJobCanRead) {
    const unsigned deepest = commands::payload::kMaxRequestDepth;
    auto attachments = parse_json_text(nested_list(deepest));
    ASSERT_TRUE(attachments) << "the door refuses its own maximum";
    commands::relay::MirrorBotMessage job;
    job.channel_id = 7;
    job.text = "deep";
    job.attachments = *attachments;
    auto read =
        commands::payload::read<commands::relay::MirrorBotMessage>(commands::payload::write(job));
    ASSERT_TRUE(read) << "accepted at the door, unreadable by the worker";
    EXPECT_EQ(boost::json::serialize(read->attachments), nested_list(deepest));
}

TEST(RequestDepth, DeeperIsRefusedAtTheDoor) {
    const unsigned deepest = commands::payload::kMaxRequestDepth;
    EXPECT_FALSE(parse_json_text(nested_list(deepest + 1)));
    http::Request req;
    req.body() = R"({"user":"U1","message":{"attachments":)" + nested_list(deepest) + "}}";
    auto body = parse_json_object(req);
    ASSERT_FALSE(body);
    EXPECT_EQ(body.error().status, http::Status::bad_request);
    EXPECT_EQ(body.error().error, "malformed_json");
}

}  // namespace
}  // namespace megatron::api
