#pragma once
// A named lease held by one process at a time that lapses if its holder stops renewing it
// (the holder died), so another process takes over.
#include "jobs/queue.hpp"
#include "storage/sql.hpp"
#include "util/clock.hpp"

#include <chrono>
#include <string>

namespace megatron::jobs {

class LeaseStore {
  public:
    virtual ~LeaseStore() = default;
    // Takes or renews the lease for `ttl`; true when `holder` holds it now.
    virtual QueueResult<bool> acquire(const std::string& name, const std::string& holder,
                                      std::chrono::milliseconds ttl) = 0;
    // Gives it up early (graceful stop), if `holder` holds it.
    virtual QueueResult<void> release(const std::string& name, const std::string& holder) = 0;
    // Who holds it now (empty when nobody or lapsed): for tests and status pages.
    virtual QueueResult<std::string> holder(const std::string& name) = 0;
};

// Leases in the job_leases table; one atomic upsert decides who holds it.
class DbLeaseStore final : public LeaseStore {
  public:
    DbLeaseStore(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
    QueueResult<bool> acquire(const std::string& name, const std::string& holder,
                              std::chrono::milliseconds ttl) override;
    QueueResult<void> release(const std::string& name, const std::string& holder) override;
    QueueResult<std::string> holder(const std::string& name) override;

  private:
    storage::Database& db_;
    const Clock& clock_;
};

}  // namespace megatron::jobs
