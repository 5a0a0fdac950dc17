#include "jobs/pg_listener.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace megatron::jobs {

void PgListener::ConnDeleter::operator()(pg_conn* c) const {
    PQfinish(c);
}

PgListener::PgListener(std::string url, std::string channel, std::string own_payload)
    : url_(std::move(url)), channel_(std::move(channel)), own_payload_(std::move(own_payload)) {}

PgListener::~PgListener() = default;

bool PgListener::connect() {
    conn_.reset(PQconnectdb(url_.c_str()));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
        // libpq's message may name the server; the URL (and its password) is never printed.
        spdlog::warn("jobs: cannot LISTEN for new jobs (PostgreSQL unreachable); polling");
        conn_.reset();
        return false;
    }
    std::string sql = "LISTEN " + channel_;
    PGresult* res = PQexec(conn_.get(), sql.c_str());
    bool ok = res != nullptr && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) conn_.reset();
    return ok;
}

bool PgListener::drain() {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_.get())) {
        if (n->extra == nullptr || own_payload_ != n->extra) any = true;
        PQfreemem(n);
    }
    return any;
}

bool PgListener::wait(std::chrono::milliseconds timeout) {
    if (!conn_) {
        // Notifications sent while we were not listening are lost: report "maybe work".
        if (connect()) return true;
        std::this_thread::sleep_for(timeout);
        return false;
    }
    if (drain()) return true;
    pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
    int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) return false;
    if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) {
        conn_.reset();  // reconnect on the next wait
        return true;
    }
    return drain();
}

}  // namespace megatron::jobs
