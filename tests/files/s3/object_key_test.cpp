#include "files/s3/object_key.hpp"

#include "files/s3/s3_endpoint.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

using megatron::files::new_object_key;
using megatron::files::parse_s3_endpoint;
using megatron::files::safe_object_name;

TEST(ObjectKey, KeepsPlainNames) {
    EXPECT_EQ(safe_object_name("invoice-2024_03.pdf"), "invoice-2024_03.pdf");
}

TEST(ObjectKey, ReplacesEverythingElseAndDropsLeadingDots) {
    EXPECT_EQ(safe_object_name("a b/c?d#e.png"), "a_b_c_d_e.png");
    EXPECT_EQ(safe_object_name(".."), "file");
    EXPECT_EQ(safe_object_name("../../etc/passwd"), "_.._etc_passwd");
    EXPECT_EQ(safe_object_name(".bashrc"), "bashrc");
    EXPECT_EQ(safe_object_name(""), "file");
    EXPECT_EQ(safe_object_name(std::string(300, 'x')).size(), 100u);
}

TEST(ObjectKey, HasOneHundredTwentyEightRandomBitsBeforeTheName) {
    std::set<std::string> keys;
    for (int i = 0; i < 100; ++i) {
        auto key = new_object_key("cat.png");
        ASSERT_EQ(key.size(), 32u + 1 + 7) << key;
        EXPECT_EQ(key.substr(0, 32).find_first_not_of("0123456789abcdef"), std::string::npos);
        EXPECT_EQ(key.substr(32), "/cat.png");
        keys.insert(key);
    }
    EXPECT_EQ(keys.size(), 100u);
}

TEST(S3Endpoint, PathStyleWithPortAndPrefix) {
    auto e = parse_s3_endpoint("http://127.0.0.1:9000/storage/", "us-east-1");
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(e->host_header, "127.0.0.1:9000");
    EXPECT_EQ(e->object_path("bucket", "k/a.png"), "/storage/bucket/k/a.png");
    EXPECT_EQ(e->url("/storage/bucket/k/a.png"), "http://127.0.0.1:9000/storage/bucket/k/a.png");
}

TEST(S3Endpoint, DefaultPortIsNotPartOfTheHost) {
    auto e = parse_s3_endpoint("https://store.example.com:443", "eu-west-1");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->host_header, "store.example.com");
    EXPECT_EQ(e->object_path("b", "k"), "/b/k");
}

TEST(S3Endpoint, EmptyMeansAwsInTheRegion) {
    auto e = parse_s3_endpoint("", "eu-west-1");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->scheme, "https");
    EXPECT_EQ(e->host_header, "s3.eu-west-1.amazonaws.com");
}

TEST(S3Endpoint, RefusesCredentialsInTheUrlAndOtherSchemes) {
    EXPECT_FALSE(parse_s3_endpoint("http://user:pw@host/", "r"));
    EXPECT_FALSE(parse_s3_endpoint("ftp://host/", "r"));
    EXPECT_FALSE(parse_s3_endpoint("http://host/?x=1", "r"));
    auto e = parse_s3_endpoint("http://user:hunter2@host/", "r");
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
