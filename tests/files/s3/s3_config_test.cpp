// The S3 back end's configuration: the original's three variables, endpoint, region, and the
// presigned link expiry.
#include "config/config.hpp"

#include <gtest/gtest.h>

namespace {

using megatron::config::from_variables;
using Vars = std::map<std::string, std::string>;

Vars s3_vars(Vars extra = {}) {
    Vars v{{"MEGATRON_FILE_TRANSFER", "s3"},
           {"S3_AWS_ACCESS_KEY_ID", "id"},
           {"S3_AWS_SECRET_ACCESS_KEY", "the-secret"},
           {"AWS_S3_BUCKET", "bucket"}};
    for (auto& [k, val] : extra) v[k] = val;
    return v;
}

TEST(S3Config, DefaultsToSevenDayLinksAndUsEast1) {
    auto c = from_variables(s3_vars());
    ASSERT_TRUE(c) << c.error().line();
    EXPECT_EQ(c->s3.url_expiry_seconds, 604800);
    EXPECT_EQ(c->s3.region, "us-east-1");
    EXPECT_EQ(c->s3.endpoint_url, "");
}

TEST(S3Config, ReadsEndpointRegionAndExpiry) {
    auto c = from_variables(s3_vars({{"S3_ENDPOINT_URL", "http://127.0.0.1:9000"},
                                     {"S3_REGION", "eu-central-1"},
                                     {"MEGATRON_S3_URL_EXPIRY_SECONDS", "3600"}}));
    ASSERT_TRUE(c) << c.error().line();
    EXPECT_EQ(c->s3.endpoint_url, "http://127.0.0.1:9000");
    EXPECT_EQ(c->s3.region, "eu-central-1");
    EXPECT_EQ(c->s3.url_expiry_seconds, 3600);
}

TEST(S3Config, ExpiryIsBetweenOneSecondAndSevenDays) {
    for (const char* bad : {"0", "604801", "-5", "7d", "1.5"}) {
        auto c = from_variables(s3_vars({{"MEGATRON_S3_URL_EXPIRY_SECONDS", bad}}));
        ASSERT_FALSE(c) << bad;
        EXPECT_EQ(c.error().variable, "MEGATRON_S3_URL_EXPIRY_SECONDS");
    }
    EXPECT_TRUE(from_variables(s3_vars({{"MEGATRON_S3_URL_EXPIRY_SECONDS", "604800"}})));
    EXPECT_TRUE(from_variables(s3_vars({{"MEGATRON_S3_URL_EXPIRY_SECONDS", "1"}})));
}

TEST(S3Config, EndpointMustBeHttp) {
    auto c = from_variables(s3_vars({{"S3_ENDPOINT_URL", "s3.example.com"}}));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().variable, "S3_ENDPOINT_URL");
}

TEST(S3Config, TheCredentialsAreRequiredForS3AndNeverEchoed) {
    for (const char* missing :
         {"S3_AWS_ACCESS_KEY_ID", "S3_AWS_SECRET_ACCESS_KEY", "AWS_S3_BUCKET"}) {
        auto vars = s3_vars();
        vars.erase(missing);
        auto c = from_variables(vars);
        ASSERT_FALSE(c) << missing;
        EXPECT_EQ(c.error().variable, missing);
        EXPECT_EQ(c.error().line().find("the-secret"), std::string::npos);
    }
}

TEST(S3Config, NotNeededForTheSlackBackEnd) {
    auto c = from_variables({});
    ASSERT_TRUE(c);
    EXPECT_EQ(c->file_transfer, megatron::config::FileTransfer::Slack);
}

}  // namespace
