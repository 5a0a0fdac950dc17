#pragma once
// Which of the original's rows go to which organization, and which cannot be mapped. Pure: no
// database here, so every rule is testable on plain structs.
//
// Rules (docs/import-original.md):
//   - an organization whose name an earlier one already has is skipped with all its rows
//     (names are unique in Megatron);
//   - the original's customer workspaces have no owner: a workspace belongs to the
//     organization with the most channels in it (ties: the lowest id); one no channel uses
//     belongs to the only organization, and cannot be mapped when there are several;
//   - a channel is skipped when its integration is another organization's or its workspace is
//     skipped or another organization's; a message mapping when its channel is skipped or it
//     has neither message id; profiles go with their workspace or integration;
//   - only Slack (platform_type 1) rows are mapped.
#include "importer/original.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace megatron::importer {

// A row the importer did not import: the original's table, the row's id there, and why.
struct SkippedRow {
    std::string table;
    std::string id;
    std::string reason;
};

// One organization's rows, imported together in one transaction.
struct OrganizationPlan {
    OriginalOrganization organization;
    std::vector<OriginalToken> tokens;
    std::vector<OriginalIntegration> integrations;
    std::vector<OriginalWorkspace> workspaces;
    std::vector<OriginalProfile> users;   // of those workspaces
    std::vector<OriginalProfile> agents;  // of those integrations
    std::vector<OriginalChannel> channels;
};

struct ImportPlan {
    std::vector<OrganizationPlan> organizations;
    std::vector<SkippedRow> skipped;
};

ImportPlan plan_import(const OriginalData& data);

// The message mappings of `plan`'s channels; the others are added to `skipped`.
std::vector<OriginalMessage> plan_messages(const OrganizationPlan& plan,
                                           std::vector<OriginalMessage> messages,
                                           std::vector<SkippedRow>& skipped);

}  // namespace megatron::importer
