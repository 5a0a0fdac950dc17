#include "jobs/lease.hpp"

#include "jobs/queue.hpp"

namespace megatron::jobs {

QueueResult<bool> DbLeaseStore::acquire(const std::string& name, const std::string& holder,
                                        std::chrono::milliseconds ttl) {
    auto now = clock_.now_millis();
    // The update applies only when we hold it already or it lapsed; the affected count says
    // whether we hold it now.
    auto taken = db_.execute(
        "INSERT INTO job_leases (name, holder, until_ms) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms "
        "WHERE job_leases.holder = excluded.holder OR job_leases.until_ms <= ?",
        {name, holder, now + ttl.count(), now});
    if (!taken) return unexpected(to_queue_error(taken.error()));
    return taken->affected == 1;
}

QueueResult<void> DbLeaseStore::release(const std::string& name, const std::string& holder) {
    auto done = db_.execute("DELETE FROM job_leases WHERE name = ? AND holder = ?", {name, holder});
    if (!done) return unexpected(to_queue_error(done.error()));
    return {};
}

QueueResult<std::string> DbLeaseStore::holder(const std::string& name) {
    auto found = db_.execute("SELECT holder FROM job_leases WHERE name = ? AND until_ms > ?",
                             {name, clock_.now_millis()});
    if (!found) return unexpected(to_queue_error(found.error()));
    if (found->rows.empty()) return std::string();
    return found->rows.front().text(0);
}

}  // namespace megatron::jobs
