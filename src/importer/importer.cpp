#include "importer/importer.hpp"

#include "storage/audit_log.hpp"
#include "storage/secret_columns.hpp"
#include "util/crypto.hpp"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace megatron::importer {
namespace {

using storage::Connection;
using storage::kIntegrationTokenColumn;
using storage::kVerificationTokenColumn;
using storage::kWorkspaceTokenColumn;
using storage::SecretColumn;
using storage::StorageError;
using storage::StorageResult;
using storage::Value;
using IdMap = std::map<std::int64_t, std::int64_t>;  // original id -> Megatron id

constexpr std::int64_t kSlack = static_cast<std::int64_t>(storage::PlatformType::Slack);

Value nullable(const std::optional<std::string>& v) {
    return v ? Value{*v} : Value{std::monostate{}};
}

// Every upsert below ends in "DO UPDATE ... WHERE <row belongs to this organization>
// RETURNING id": the id of the new or updated row, or nullopt when the row exists for another
// organization (left untouched, and no error, which on PostgreSQL would end the transaction).
constexpr const char* kOrganization =
    "INSERT INTO organizations (name, verification_token, command_url, created_at) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
    "verification_token = excluded.verification_token, command_url = excluded.command_url "
    "RETURNING id";
constexpr const char* kToken =
    "INSERT INTO api_tokens (organization_id, token_hash, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (token_hash) DO UPDATE SET created_at = api_tokens.created_at "
    "WHERE api_tokens.organization_id = excluded.organization_id RETURNING id";
constexpr const char* kIntegration =
    "INSERT INTO integrations (organization_id, platform_type, team_id, bot_token, created_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform_type, team_id) DO UPDATE SET "
    "bot_token = excluded.bot_token "
    "WHERE integrations.organization_id = excluded.organization_id RETURNING id";
constexpr const char* kWorkspace =
    "INSERT INTO customer_workspaces (organization_id, name, platform_type, platform_id, "
    "domain, bot_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (platform_type, platform_id) DO UPDATE SET name = excluded.name, "
    "domain = excluded.domain, bot_token = excluded.bot_token "
    "WHERE customer_workspaces.organization_id = excluded.organization_id RETURNING id";
constexpr const char* kChannel =
    "INSERT INTO channels (organization_id, integration_id, workspace_id, name, "
    "platform_channel_id, platform_user_id, last_message_sent, is_paused, is_archived, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (workspace_id, platform_user_id) DO UPDATE SET name = excluded.name, "
    "integration_id = excluded.integration_id, "
    "platform_channel_id = excluded.platform_channel_id, "
    "last_message_sent = excluded.last_message_sent, is_paused = excluded.is_paused, "
    "is_archived = excluded.is_archived "
    "WHERE channels.organization_id = excluded.organization_id RETURNING id";
// Profiles and message mappings already in Megatron are newer than the original's: kept.
constexpr const char* kUser =
    "INSERT INTO platform_users (workspace_id, platform_id, username, display_name, "
    "real_name, profile_image, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (workspace_id, platform_id) DO NOTHING";
constexpr const char* kAgent =
    "INSERT INTO platform_agents (integration_id, platform_id, username, display_name, "
    "real_name, profile_image, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (integration_id, platform_id) DO NOTHING";
constexpr const char* kMessage =
    "INSERT INTO messages (channel_id, integration_msg_id, customer_msg_id, created_at) "
    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

StorageResult<std::optional<std::int64_t>> upsert_id(Connection& conn, const char* sql,
                                                     const std::vector<Value>& params) {
    auto r = conn.execute(sql, params);
    if (!r) return unexpected(r.error());
    if (r->rows.empty()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{r->rows.front().integer(0)};
}

// Writes one organization's planned rows on the connection of its transaction.
class OrganizationWriter {
  public:
    OrganizationWriter(Connection& conn, std::int64_t now, OrganizationOutcome& out)
        : conn_(conn), now_(now), out_(out) {}

    StorageResult<void> write(const OrganizationPlan& plan,
                              const std::vector<OriginalMessage>& messages) {
        auto org =
            upsert_id(conn_, kOrganization,
                      {plan.organization.name,
                       sealed(plan.organization.verification_token, kVerificationTokenColumn),
                       nullable(plan.organization.command_url), now_});
        if (!org) return unexpected(org.error());
        organization_id_ = org->value();
        ++out_.counts["organizations"];
        // In dependency order: channels need integrations and workspaces, profiles too.
        using Step = StorageResult<void> (OrganizationWriter::*)(const OrganizationPlan&);
        for (Step step : {&OrganizationWriter::tokens, &OrganizationWriter::integrations,
                          &OrganizationWriter::workspaces, &OrganizationWriter::profiles,
                          &OrganizationWriter::channels}) {
            if (auto ok = (this->*step)(plan); !ok) return ok;
        }
        if (auto ok = write_messages(messages); !ok) return ok;
        return record_import();
    }

  private:
    void refuse_row(const char* table, std::string row, std::string reason) {
        out_.skipped.push_back(SkippedRow{table, std::move(row), std::move(reason)});
    }
    void refuse(const char* table, std::int64_t id, std::string reason) {
        refuse_row(table, std::to_string(id), std::move(reason));
    }

    // Runs an upsert; a row another organization has is refused with `what` in the reason.
    StorageResult<void> upsert(const char* sql, const std::vector<Value>& params, const char* table,
                               std::int64_t original_id, const char* counted, const char* what,
                               IdMap& ids) {
        auto id = upsert_id(conn_, sql, params);
        if (!id) return unexpected(id.error());
        if (!id->has_value()) {
            refuse(table, original_id,
                   fmt::format("{} already belongs to another organization in Megatron", what));
            return {};
        }
        ids[original_id] = **id;
        ++out_.counts[counted];
        return {};
    }

    StorageResult<void> tokens(const OrganizationPlan& plan) {
        for (const auto& t : plan.tokens) {
            // The key is the row's primary key: the row is named by its organization instead.
            const auto row = fmt::format("(key of user_id {})", t.organization_id);
            if (t.key.empty()) {
                refuse_row("megatron_token", row, "empty key");
                continue;
            }
            auto id = upsert_id(conn_, kToken,
                                {organization_id_, crypto::sha256_hex(t.key.reveal()), now_});
            if (!id) return unexpected(id.error());
            if (!id->has_value()) {
                refuse_row("megatron_token", row,
                           "the key already belongs to another organization in Megatron");
                continue;
            }
            ++out_.counts["api_tokens"];
        }
        return {};
    }

    StorageResult<void> integrations(const OrganizationPlan& plan) {
        for (const auto& i : plan.integrations) {
            auto ok = upsert(kIntegration,
                             {organization_id_, kSlack, i.team_id,
                              sealed(i.bot_token.reveal(), kIntegrationTokenColumn), now_},
                             "megatron_megatronintegration", i.id, "integrations",
                             "the support workspace", integrations_);
            if (!ok) return ok;
        }
        return {};
    }

    StorageResult<void> workspaces(const OrganizationPlan& plan) {
        for (const auto& w : plan.workspaces) {
            auto ok = upsert(kWorkspace,
                             {organization_id_, w.name, kSlack, w.platform_id, w.domain,
                              sealed(w.bot_token.reveal(), kWorkspaceTokenColumn), now_},
                             "megatron_customerworkspace", w.id, "customer_workspaces",
                             "the workspace", workspaces_);
            if (!ok) return ok;
        }
        return {};
    }

    // Inserts profiles of `owners` rows; a profile whose owner was refused is refused too.
    StorageResult<void> insert_profiles(const std::vector<OriginalProfile>& profiles,
                                        const IdMap& owners, const char* sql, const char* table,
                                        const char* counted, const char* owner_name) {
        for (const auto& p : profiles) {
            auto owner = owners.find(p.owner_id);
            if (owner == owners.end()) {
                refuse(table, p.id, fmt::format("{} {} is not imported", owner_name, p.owner_id));
                continue;
            }
            const auto& f = p.profile;
            auto r = conn_.execute(
                sql, {owner->second, f.platform_id, f.username, nullable(f.display_name),
                      nullable(f.real_name), f.profile_image, now_});
            if (!r) return unexpected(r.error());
            ++out_.counts[counted];
        }
        return {};
    }

    StorageResult<void> profiles(const OrganizationPlan& plan) {
        auto users = insert_profiles(plan.users, workspaces_, kUser, "megatron_platformuser",
                                     "platform_users", "workspace");
        if (!users) return users;
        return insert_profiles(plan.agents, integrations_, kAgent, "megatron_platformagent",
                               "platform_agents", "integration");
    }

    StorageResult<void> channels(const OrganizationPlan& plan) {
        for (const auto& c : plan.channels) {
            auto integration = integrations_.find(c.integration_id);
            auto workspace = workspaces_.find(c.workspace_id);
            if (integration == integrations_.end() || workspace == workspaces_.end()) {
                refuse("megatron_megatronchannel", c.id,
                       "its integration or workspace is not imported");
                continue;
            }
            auto ok = upsert(
                kChannel,
                {organization_id_, integration->second, workspace->second, c.name,
                 c.platform_channel_id, c.platform_user_id, c.last_message_sent,
                 std::int64_t{c.is_paused ? 1 : 0}, std::int64_t{c.is_archived ? 1 : 0}, now_},
                "megatron_megatronchannel", c.id, "channels", "the customer's channel", channels_);
            if (!ok) return ok;
        }
        return {};
    }

    StorageResult<void> write_messages(const std::vector<OriginalMessage>& messages) {
        for (const auto& m : messages) {
            auto channel = channels_.find(m.channel_id);
            if (channel == channels_.end()) {
                refuse("megatron_megatronmessage", m.id,
                       fmt::format("channel {} is not imported", m.channel_id));
                continue;
            }
            auto r = conn_.execute(kMessage, {channel->second, nullable(m.integration_msg_id),
                                              nullable(m.customer_msg_id), now_});
            if (!r) return unexpected(r.error());
            ++out_.counts["messages"];
        }
        return {};
    }

    // The audit log's row for this organization's import (issue 20), in its transaction.
    StorageResult<void> record_import() {
        storage::AuditEntry entry;
        entry.organization_id = organization_id_;
        entry.actor = "import-original";
        entry.action = "import";
        entry.via = storage::audit_via::kImport;
        entry.detail = fmt::format("{} channels, {} messages", out_.counts["channels"],
                                   out_.counts["messages"]);
        return storage::AuditLog(conn_, clock_).record(entry);
    }

    // Tokens are stored as the Store stores them: sealed under the target's key ring.
    std::string sealed(const std::string& plain, const SecretColumn& column) const {
        return seal_secret(conn_.key_ring(), plain, column);
    }

    SystemClock clock_;
    Connection& conn_;
    std::int64_t now_;
    OrganizationOutcome& out_;
    std::int64_t organization_id_ = 0;
    IdMap integrations_, workspaces_, channels_;
};

// Imports one organization in one transaction of the target (rolled back on a dry run).
OrganizationOutcome import_organization(storage::Database& target, const OrganizationPlan& plan,
                                        const std::vector<OriginalMessage>& messages,
                                        const ImportOptions& options, std::int64_t now) {
    OrganizationOutcome out;
    bool finished = false;
    auto result = target.transaction([&](Connection& conn) -> StorageResult<void> {
        // The transaction may run this again after a serialization failure: start afresh.
        out = OrganizationOutcome{plan.organization.name, plan.organization.id, false, {}, {}, {}};
        OrganizationWriter writer(conn, now, out);
        if (auto ok = writer.write(plan, messages); !ok) return ok;
        finished = true;
        if (options.dry_run) {
            return unexpected(StorageError{StorageError::Kind::Invalid, "dry run: rolled back"});
        }
        return {};
    });
    out.imported = result.has_value() || (options.dry_run && finished);
    if (!out.imported) out.error = result.error().message;
    return out;
}

}  // namespace

bool ImportReport::ok() const {
    for (const auto& o : organizations) {
        if (!o.imported) return false;
    }
    return true;
}

TableCounts ImportReport::totals() const {
    TableCounts totals;
    for (const auto& table : target_tables()) totals[table] = 0;
    for (const auto& o : organizations) {
        if (!o.imported) continue;
        for (const auto& [table, n] : o.counts) totals[table] += n;
    }
    return totals;
}

std::int64_t ImportReport::skipped_count() const {
    auto n = static_cast<std::int64_t>(skipped.size());
    for (const auto& o : organizations) n += static_cast<std::int64_t>(o.skipped.size());
    return n;
}

const std::vector<std::string>& target_tables() {
    static const std::vector<std::string> tables{
        "organizations",  "api_tokens",      "integrations", "customer_workspaces",
        "platform_users", "platform_agents", "channels",     "messages"};
    return tables;
}

StorageResult<ImportReport> import_original(storage::Database& source, storage::Database& target,
                                            const ImportOptions& options, const Clock& clock) {
    auto data = read_original(source);
    if (!data) return unexpected(data.error());
    auto plan = plan_import(*data);
    ImportReport report;
    report.skipped = std::move(plan.skipped);
    for (const auto& organization : plan.organizations) {
        auto messages = read_messages(source, organization.organization.id);
        if (!messages) return unexpected(messages.error());
        auto planned = plan_messages(organization, std::move(*messages), report.skipped);
        report.organizations.push_back(
            import_organization(target, organization, planned, options, clock.now_millis()));
    }
    return report;
}

}  // namespace megatron::importer
