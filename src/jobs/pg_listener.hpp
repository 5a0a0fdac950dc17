#pragma once
// PostgreSQL LISTEN on a connection of its own: an enqueue's pg_notify (sent at commit)
// wakes idle worker processes at once instead of at their next poll.
#include "jobs/queue.hpp"

#include <chrono>
#include <memory>
#include <string>

struct pg_conn;

namespace megatron::jobs {

class PgListener final : public WorkListener {
  public:
    // `url`: libpq connection URL (it may hold a password: never logged).
    PgListener(std::string url, std::string channel);
    ~PgListener() override;
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    bool wait(std::chrono::milliseconds timeout) override;

  private:
    bool connect();
    bool drain();  // true when at least one notification had arrived

    std::string url_;
    std::string channel_;
    struct ConnDeleter {
        void operator()(pg_conn* c) const;
    };
    std::unique_ptr<pg_conn, ConnDeleter> conn_;
};

}  // namespace megatron::jobs
