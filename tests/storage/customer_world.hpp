#pragma once
// The world the privacy tests start from: organization "acme" with a support integration
// (TSUP) and a customer workspace (TCUS), and per customer a cached profile and an engagement
// channel "C<user>" named "zz-<username>".
#include "backend.hpp"
#include "storage/store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace megatron::storage::test {

struct CustomerWorld {
    std::int64_t organization_id = 0;
    std::int64_t integration_id = 0;
    std::int64_t workspace_id = 0;
    std::vector<std::int64_t> channels;  // one per customer, in the order given
};

struct WorldCustomer {
    std::string user_id;
    std::string username;
};

// Fails the test (and returns what was made so far) when a step fails.
inline CustomerWorld make_customer_world(Store& store, const std::vector<WorldCustomer>& people) {
    CustomerWorld w;
    auto org = store.create_organization("acme", std::nullopt);
    EXPECT_TRUE(org);
    if (!org) return w;
    w.organization_id = org->organization.id;
    auto integration =
        store.create_integration(w.organization_id, PlatformType::Slack, "TSUP", Secret("xoxb-s"));
    auto ws = store.upsert_workspace(w.organization_id, {"Customer Co", PlatformType::Slack, "TCUS",
                                                         "customer-co", Secret("xoxb-c")});
    EXPECT_TRUE(integration && ws);
    if (!integration || !ws) return w;
    w.integration_id = integration->id;
    w.workspace_id = ws->id;
    for (const auto& p : people) {
        Profile profile{p.user_id, p.username, p.username + " display", std::nullopt,
                        "https://img/" + p.username};
        EXPECT_TRUE(store.upsert_platform_user(ws->id, profile));
        auto channel = store.create_channel({w.organization_id, w.integration_id, ws->id,
                                             "zz-" + p.username, "C" + p.user_id, p.user_id, 0});
        EXPECT_TRUE(channel);
        if (channel) w.channels.push_back(channel->id);
    }
    return w;
}

}  // namespace megatron::storage::test
