// Issue #15: which URLs may receive a workspace's bot token. Slack's own hosts over https,
// and exactly the scheme, host and port of SLACK_API_URL; the host alone used to suffice, so
// http://slack.com/... (clear text) got the token when SLACK_API_URL was https://slack.com.
#include "platforms/slack/connection/web_api_client.hpp"

#include <gtest/gtest.h>

namespace megatron::slack {
namespace {

bool trusted(const std::string& base_url, const std::string& url) {
    WebApiClientOptions options;
    options.base_url = base_url;
    return WebApiClient(options).is_trusted_host(url);
}

TEST(TrustedHost, SlacksHostsOnlyOverHttps) {
    const std::string slack = "https://slack.com/api/";
    EXPECT_TRUE(trusted(slack, "https://files.slack.com/files-pri/T1-F1/a.png"));
    EXPECT_TRUE(trusted(slack, "https://slack.com:443/x"));
    EXPECT_FALSE(trusted(slack, "http://slack.com/files-pri/T1-F1/a.png"));
    EXPECT_FALSE(trusted(slack, "http://files.slack.com/files-pri/T1-F1/a.png"));
    EXPECT_FALSE(trusted(slack, "https://slack.com.evil.example/x"));
    EXPECT_FALSE(trusted(slack, "https://evilslack.com/x"));
}

TEST(TrustedHost, TheConfiguredApiOriginExactly) {
    const std::string sim = "http://127.0.0.1:9000/api/";
    EXPECT_TRUE(trusted(sim, "http://127.0.0.1:9000/files/F1"));
    EXPECT_FALSE(trusted(sim, "http://127.0.0.1:9001/files/F1"));  // a neighbour's port
    EXPECT_FALSE(trusted(sim, "http://127.0.0.1/files/F1"));
    EXPECT_FALSE(trusted(sim, "https://127.0.0.1:9000/files/F1"));
    EXPECT_FALSE(trusted("http://localhost/api/", "http://localhost:8080/x"));
    EXPECT_TRUE(trusted("http://localhost/api/", "http://LOCALHOST:80/x"));
}

}  // namespace
}  // namespace megatron::slack
