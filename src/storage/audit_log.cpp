#include "storage/audit_log.hpp"

namespace megatron::storage {

StorageResult<Result> AuditLog::execute(std::string_view sql, const std::vector<Value>& params) {
    return conn_ != nullptr ? conn_->execute(sql, params) : db_->execute(sql, params);
}

StorageResult<void> AuditLog::record(const AuditEntry& e, const std::string& once_key) {
    auto r = execute(
        "INSERT INTO audit_log (at, organization_id, actor, action, via, channel, workspace, "
        "customer, detail, once_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (once_key) DO NOTHING",
        {clock_.now_millis(),
         e.organization_id ? Value{*e.organization_id} : Value{std::monostate{}}, e.actor, e.action,
         e.via, e.channel, e.workspace, e.customer, e.detail,
         once_key.empty() ? Value{std::monostate{}} : Value{once_key}});
    if (!r) return unexpected(r.error());
    return {};
}

StorageResult<std::vector<AuditEntry>> AuditLog::list(const AuditFilter& filter) {
    std::string sql =
        "SELECT id, at, organization_id, actor, action, via, channel, workspace, customer, "
        "detail FROM audit_log WHERE 1 = 1";
    std::vector<Value> params;
    if (filter.organization_id) {
        sql += " AND organization_id = ?";
        params.emplace_back(*filter.organization_id);
    }
    if (!filter.channel.empty()) {
        sql += " AND channel = ?";
        params.emplace_back(filter.channel);
    }
    if (filter.since) {
        sql += " AND at >= ?";
        params.emplace_back(*filter.since);
    }
    sql += " ORDER BY at, id LIMIT ?";
    params.emplace_back(std::int64_t{filter.limit});
    auto r = execute(sql, params);
    if (!r) return unexpected(r.error());
    std::vector<AuditEntry> out;
    for (const auto& row : r->rows) {
        AuditEntry e;
        e.id = row.integer(0);
        e.at = row.integer(1);
        if (!row.is_null(2)) e.organization_id = row.integer(2);
        e.actor = row.text(3);
        e.action = row.text(4);
        e.via = row.text(5);
        e.channel = row.text(6);
        e.workspace = row.text(7);
        e.customer = row.text(8);
        e.detail = row.text(9);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace megatron::storage
