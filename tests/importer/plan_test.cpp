// The importer's mapping rules on plain rows (no database): who owns a customer workspace,
// and which rows are skipped with which reason.
#include "importer/plan.hpp"

#include <gtest/gtest.h>

namespace megatron::importer {
namespace {

OriginalChannel channel(std::int64_t id, std::int64_t org, std::int64_t integration,
                        std::int64_t workspace) {
    OriginalChannel c;
    c.id = id;
    c.organization_id = org;
    c.integration_id = integration;
    c.workspace_id = workspace;
    c.platform_channel_id = "C" + std::to_string(id);
    c.platform_user_id = "U" + std::to_string(id);
    return c;
}

OriginalData two_organizations() {
    OriginalData d;
    d.organizations = {{1, "Acme", "v1", std::nullopt}, {2, "Beta", "v2", std::nullopt}};
    d.integrations = {{1, 1, 1, "TA", Secret("a")}, {2, 2, 1, "TB", Secret("b")}};
    d.workspaces = {{1, "Shared", 1, "TS", "shared", Secret("s")}};
    return d;
}

std::vector<std::string> skipped(const ImportPlan& plan) {
    std::vector<std::string> out;
    for (const auto& s : plan.skipped) out.push_back(s.table + " " + s.id + ": " + s.reason);
    return out;
}

TEST(ImportPlan, ASharedWorkspaceGoesToTheOrganizationWithMostChannelsThereAndTheOthersAreSkipped) {
    auto d = two_organizations();
    d.channels = {channel(1, 1, 1, 1), channel(2, 2, 2, 1), channel(3, 2, 2, 1)};
    auto plan = plan_import(d);
    ASSERT_EQ(plan.organizations.size(), 2u);
    EXPECT_TRUE(plan.organizations[0].workspaces.empty());
    ASSERT_EQ(plan.organizations[1].workspaces.size(), 1u);
    EXPECT_EQ(plan.organizations[1].channels.size(), 2u);
    EXPECT_EQ(skipped(plan),
              std::vector<std::string>{
                  "megatron_megatronchannel 1: workspace 1 belongs to organization 2"});
}

TEST(ImportPlan, OnATieTheLowestOrganizationIdOwnsTheWorkspace) {
    auto d = two_organizations();
    d.channels = {channel(1, 2, 2, 1), channel(2, 1, 1, 1)};
    auto plan = plan_import(d);
    EXPECT_EQ(plan.organizations[0].workspaces.size(), 1u);
    EXPECT_EQ(skipped(plan),
              std::vector<std::string>{
                  "megatron_megatronchannel 1: workspace 1 belongs to organization 1"});
}

TEST(ImportPlan, AnUnusedWorkspaceGoesToTheOnlyOrganization) {
    auto d = two_organizations();
    d.organizations.pop_back();
    d.integrations.pop_back();
    d.users = {{7, 1, storage::Profile{"U7", "u7", std::nullopt, std::nullopt, ""}}};
    auto plan = plan_import(d);
    ASSERT_EQ(plan.organizations.size(), 1u);
    EXPECT_EQ(plan.organizations[0].workspaces.size(), 1u);
    EXPECT_EQ(plan.organizations[0].users.size(), 1u);
    EXPECT_TRUE(plan.skipped.empty());
}

TEST(ImportPlan, ASecondOrganizationWithTheSameNameIsSkippedWithAllItsRows) {
    auto d = two_organizations();
    d.organizations[1].name = "Acme";
    d.channels = {channel(1, 1, 1, 1), channel(2, 2, 2, 1)};
    d.tokens = {{2, Secret("k")}};
    auto plan = plan_import(d);
    ASSERT_EQ(plan.organizations.size(), 1u);
    EXPECT_EQ(plan.organizations[0].channels.size(), 1u);
    EXPECT_TRUE(plan.organizations[0].tokens.empty());
    EXPECT_EQ(skipped(plan),
              std::vector<std::string>{"megatron_megatronuser 2: organization 1 has the same "
                                       "name (none of its rows are imported)"});
}

TEST(ImportPlan, MessagesOfSkippedChannelsOrWithoutAnyTsAreSkipped) {
    auto d = two_organizations();
    d.channels = {channel(1, 1, 1, 1)};
    auto plan = plan_import(d);
    std::vector<SkippedRow> rows;
    auto kept = plan_messages(
        plan.organizations[0],
        {{1, 1, "1.1", "2.2"}, {2, 1, std::nullopt, std::nullopt}, {3, 9, "3.3", std::nullopt}},
        rows);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].id, 1);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].reason, "neither message id");
    EXPECT_EQ(rows[1].reason, "channel 9 is not imported");
}

}  // namespace
}  // namespace megatron::importer
