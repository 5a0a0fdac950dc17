#include "storage/customer_data.hpp"

#include "storage/store.hpp"

namespace megatron::storage {
namespace {

StorageResult<CustomerData> read_customer_data(Connection& conn, std::int64_t workspace_id,
                                               const std::string& user_id) {
    CustomerData data;
    auto channel = Store(conn).find_channel_for_customer(workspace_id, user_id);
    if (!channel) return unexpected(channel.error());
    data.channel = *channel;
    auto profile = conn.execute(
        "SELECT COUNT(*) FROM platform_users WHERE workspace_id = ? AND platform_id = ?",
        {workspace_id, user_id});
    if (!profile) return unexpected(profile.error());
    data.profile = profile->rows.at(0).integer(0) > 0;
    if (!data.channel) return data;
    auto messages = conn.execute(
        "SELECT integration_msg_id, origin FROM messages WHERE channel_id = ? ORDER BY id",
        {data.channel->id});
    if (!messages) return unexpected(messages.error());
    data.message_mappings = static_cast<std::int64_t>(messages->rows.size());
    for (const auto& row : messages->rows) {
        if (row.is_null(0) || row.text(1) == "agent") continue;
        data.mirrored_ts.push_back(row.text(0));
    }
    return data;
}

}  // namespace

StorageResult<void> flush_erased(Database& db) {
    if (db.dialect() != Dialect::Sqlite) return {};
    auto r = db.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!r) return unexpected(r.error());
    return {};
}

StorageResult<CustomerData> find_customer_data(Database& db, std::int64_t workspace_id,
                                               const std::string& user_id) {
    CustomerData data;
    auto read = db.transaction([&](Connection& conn) -> StorageResult<void> {
        auto found = read_customer_data(conn, workspace_id, user_id);
        if (!found) return unexpected(found.error());
        data = std::move(*found);
        return {};
    });
    if (!read) return unexpected(read.error());
    return data;
}

StorageResult<CustomerData> forget_customer(Database& db, const Clock& clock,
                                            std::int64_t workspace_id, const std::string& user_id,
                                            const AuditEntry& entry) {
    CustomerData data;
    auto done = db.transaction([&](Connection& conn) -> StorageResult<void> {
        auto found = read_customer_data(conn, workspace_id, user_id);
        if (!found) return unexpected(found.error());
        data = std::move(*found);
        if (data.empty()) return {};  // already forgotten: nothing to delete or record
        if (data.channel) {
            // Mappings first: PostgreSQL and SQLite both cascade, but say it plainly.
            for (const char* sql : {"DELETE FROM messages WHERE channel_id = ?",
                                    "DELETE FROM channels WHERE id = ?"}) {
                if (auto r = conn.execute(sql, {data.channel->id}); !r) {
                    return unexpected(r.error());
                }
            }
        }
        auto profile =
            conn.execute("DELETE FROM platform_users WHERE workspace_id = ? AND platform_id = ?",
                         {workspace_id, user_id});
        if (!profile) return unexpected(profile.error());
        // Help requests (issue 19) name the customer and how the bot app called them.
        auto requests = conn.execute(
            "DELETE FROM help_requests WHERE customer = ? AND workspace_platform_id = "
            "(SELECT platform_id FROM customer_workspaces WHERE id = ?)",
            {user_id, workspace_id});
        if (!requests) return unexpected(requests.error());
        return AuditLog(conn, clock).record(entry);
    });
    if (!done) return unexpected(done.error());
    return data;
}

}  // namespace megatron::storage
