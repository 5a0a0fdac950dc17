#include "importer/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace megatron::importer {
namespace {

constexpr int kSlack = static_cast<int>(storage::PlatformType::Slack);

SkippedRow skip(const char* table, std::int64_t id, std::string reason) {
    return SkippedRow{table, std::to_string(id), std::move(reason)};
}

// Organizations whose rows are imported, by original id: the first of each name.
std::set<std::int64_t> importable_organizations(const OriginalData& data,
                                                std::vector<SkippedRow>& skipped) {
    std::map<std::string, std::int64_t> first_with_name;
    std::set<std::int64_t> out;
    for (const auto& org : data.organizations) {
        if (org.name.empty()) {
            skipped.push_back(skip("megatron_megatronuser", org.id,
                                   "no organization name (none of its rows are imported)"));
            continue;
        }
        auto [it, inserted] = first_with_name.emplace(org.name, org.id);
        if (!inserted) {
            skipped.push_back(skip("megatron_megatronuser", org.id,
                                   fmt::format("organization {} has the same name (none of its "
                                               "rows are imported)",
                                               it->second)));
            continue;
        }
        out.insert(org.id);
    }
    return out;
}

// Owner of each workspace, by original ids (see plan.hpp); absent: not mappable.
std::map<std::int64_t, std::int64_t> workspace_owners(const OriginalData& data,
                                                      const std::set<std::int64_t>& orgs,
                                                      std::vector<SkippedRow>& skipped) {
    std::map<std::int64_t, std::map<std::int64_t, int>> channel_counts;  // workspace -> org -> n
    for (const auto& c : data.channels) {
        if (orgs.contains(c.organization_id)) ++channel_counts[c.workspace_id][c.organization_id];
    }
    std::map<std::int64_t, std::int64_t> owners;
    for (const auto& w : data.workspaces) {
        if (w.platform_type != kSlack) {
            skipped.push_back(skip("megatron_customerworkspace", w.id,
                                   fmt::format("platform_type {} is not Slack", w.platform_type)));
            continue;
        }
        auto counts = channel_counts.find(w.id);
        if (counts != channel_counts.end()) {
            // std::map iterates ids in ascending order, so max_element keeps the lowest on ties.
            owners[w.id] =
                std::max_element(counts->second.begin(), counts->second.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; })
                    ->first;
        } else if (orgs.size() == 1) {
            owners[w.id] = *orgs.begin();
        } else {
            skipped.push_back(skip("megatron_customerworkspace", w.id,
                                   fmt::format("no channel links it to one of the {} "
                                               "organizations",
                                               orgs.size())));
        }
    }
    return owners;
}

// Why channel `c` cannot be imported for its organization, or "" when it can.
std::string channel_problem(const OriginalChannel& c,
                            const std::map<std::int64_t, std::int64_t>& integration_owner,
                            const std::map<std::int64_t, std::int64_t>& workspace_owner) {
    auto integration = integration_owner.find(c.integration_id);
    if (integration == integration_owner.end()) {
        return fmt::format("integration {} is not imported", c.integration_id);
    }
    if (integration->second != c.organization_id) {
        return fmt::format("integration {} belongs to organization {}", c.integration_id,
                           integration->second);
    }
    auto workspace = workspace_owner.find(c.workspace_id);
    if (workspace == workspace_owner.end()) {
        return fmt::format("workspace {} is not imported", c.workspace_id);
    }
    if (workspace->second != c.organization_id) {
        return fmt::format("workspace {} belongs to organization {}", c.workspace_id,
                           workspace->second);
    }
    return {};
}

}  // namespace

ImportPlan plan_import(const OriginalData& data) {
    ImportPlan plan;
    const auto orgs = importable_organizations(data, plan.skipped);
    std::map<std::int64_t, std::size_t> index;  // original organization id -> plan position
    for (const auto& org : data.organizations) {
        if (!orgs.contains(org.id)) continue;
        index[org.id] = plan.organizations.size();
        plan.organizations.push_back(OrganizationPlan{org, {}, {}, {}, {}, {}, {}});
    }
    auto of = [&](std::int64_t org) { return &plan.organizations[index.at(org)]; };

    for (const auto& t : data.tokens) {
        if (orgs.contains(t.organization_id)) of(t.organization_id)->tokens.push_back(t);
    }
    std::map<std::int64_t, std::int64_t> integration_owner;
    for (const auto& i : data.integrations) {
        if (!orgs.contains(i.organization_id)) continue;
        if (i.platform_type != kSlack) {
            plan.skipped.push_back(
                skip("megatron_megatronintegration", i.id,
                     fmt::format("platform_type {} is not Slack", i.platform_type)));
            continue;
        }
        integration_owner[i.id] = i.organization_id;
        of(i.organization_id)->integrations.push_back(i);
    }
    const auto workspace_owner = workspace_owners(data, orgs, plan.skipped);
    for (const auto& w : data.workspaces) {
        if (auto o = workspace_owner.find(w.id); o != workspace_owner.end()) {
            of(o->second)->workspaces.push_back(w);
        }
    }
    for (const auto& c : data.channels) {
        if (!orgs.contains(c.organization_id)) continue;
        if (auto problem = channel_problem(c, integration_owner, workspace_owner);
            !problem.empty()) {
            plan.skipped.push_back(skip("megatron_megatronchannel", c.id, std::move(problem)));
            continue;
        }
        of(c.organization_id)->channels.push_back(c);
    }
    for (const auto& u : data.users) {
        auto o = workspace_owner.find(u.owner_id);
        if (o == workspace_owner.end()) {
            plan.skipped.push_back(skip("megatron_platformuser", u.id,
                                        fmt::format("workspace {} is not imported", u.owner_id)));
            continue;
        }
        of(o->second)->users.push_back(u);
    }
    for (const auto& a : data.agents) {
        auto o = integration_owner.find(a.owner_id);
        if (o == integration_owner.end()) continue;  // its organization is skipped or not Slack
        of(o->second)->agents.push_back(a);
    }
    return plan;
}

std::vector<OriginalMessage> plan_messages(const OrganizationPlan& plan,
                                           std::vector<OriginalMessage> messages,
                                           std::vector<SkippedRow>& skipped) {
    std::set<std::int64_t> channels;
    for (const auto& c : plan.channels) channels.insert(c.id);
    std::vector<OriginalMessage> out;
    out.reserve(messages.size());
    for (auto& m : messages) {
        if (!channels.contains(m.channel_id)) {
            skipped.push_back(skip("megatron_megatronmessage", m.id,
                                   fmt::format("channel {} is not imported", m.channel_id)));
        } else if (!m.integration_msg_id && !m.customer_msg_id) {
            skipped.push_back(skip("megatron_megatronmessage", m.id, "neither message id"));
        } else {
            out.push_back(std::move(m));
        }
    }
    return out;
}

}  // namespace megatron::importer
