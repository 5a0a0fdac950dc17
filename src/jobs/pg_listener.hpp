#pragma once
// PostgreSQL LISTEN on a connection of its own: an enqueue's pg_notify (sent at commit)
// wakes idle worker processes at once instead of at their next poll. A notice whose payload
// is `own_payload` came from this process's own queue, whose enqueues already woke its
// workers in-process; waking them all again for it made every enqueue cost a claim attempt
// by each of 16 workers (PostgreSQL acknowledgement p99 4.8 s at 1,000 messages/s).
#include "jobs/queue.hpp"

#include <chrono>
#include <memory>
#include <string>

struct pg_conn;

namespace megatron::jobs {

class PgListener final : public WorkListener {
  public:
    // `url`: libpq connection URL (it may hold a password: never logged).
    PgListener(std::string url, std::string channel, std::string own_payload);
    ~PgListener() override;
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    bool wait(std::chrono::milliseconds timeout) override;

  private:
    bool connect();
    bool drain();  // true when a notification from another process had arrived

    std::string url_;
    std::string channel_;
    std::string own_payload_;
    struct ConnDeleter {
        void operator()(pg_conn* c) const;
    };
    std::unique_ptr<pg_conn, ConnDeleter> conn_;
};

}  // namespace megatron::jobs
