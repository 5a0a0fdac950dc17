#pragma once
// The audit log (issue 20): who did what to which customer's conversation, when and through
// what. Append-only by construction: this class can add a row and read rows, and nothing in
// the code updates or deletes one (retention and `customer forget` leave it alone;
// docs/data.md). A row carries ids, never message text or profile data.
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace megatron::storage {

// Through what an action came.
namespace audit_via {
inline constexpr const char* kSlashCommand = "slash_command";
inline constexpr const char* kButton = "button";
inline constexpr const char* kShortcut = "shortcut";  // a message shortcut (threads mode)
inline constexpr const char* kAppCommand = "app_command";
inline constexpr const char* kScheduledTask = "scheduled_task";
inline constexpr const char* kImport = "import";
inline constexpr const char* kAdmin = "admin";
}  // namespace audit_via

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;  // unix milliseconds; set by record()
    std::optional<std::int64_t> organization_id;
    std::string actor;      // the agent's Slack user id, or "megatron" / "admin" / "import"
    std::string action;     // open, pause, unpause, close, archive, claim, hand-back, ...
    std::string via;        // audit_via::*
    std::string channel;    // the engagement channel (support-side id), if any
    std::string workspace;  // the customer's workspace (team id), if any
    std::string customer;   // the customer's user id, if any
    std::string detail;     // counts and outcomes; never message text
};

struct AuditFilter {
    std::optional<std::int64_t> organization_id;
    std::string channel;                // "" : any
    std::optional<std::int64_t> since;  // at >= since
    int limit = 1000;
};

class AuditLog {
  public:
    AuditLog(Connection& conn, const Clock& clock) : conn_(&conn), clock_(clock) {}
    AuditLog(Database& db, const Clock& clock) : db_(&db), clock_(clock) {}

    // Appends the entry. `once_key` (e.g. the job's idempotency key and the action) makes a
    // retried job record its action once: a second record with the same key adds nothing.
    StorageResult<void> record(const AuditEntry& entry, const std::string& once_key = {});
    // Oldest first.
    StorageResult<std::vector<AuditEntry>> list(const AuditFilter& filter);

  private:
    StorageResult<Result> execute(std::string_view sql, const std::vector<Value>& params);
    Connection* conn_ = nullptr;
    Database* db_ = nullptr;
    const Clock& clock_;
};

}  // namespace megatron::storage
