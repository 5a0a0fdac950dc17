#pragma once
// A minimal Redis client (hiredis) for the queue: a few connections, each used under its own
// mutex (one command at a time, waiting for its reply), so threads do not queue behind one
// another's round trips; a connection is reconnected after any I/O error so a restarted
// server is picked up again.
#include "jobs/queue.hpp"
#include "util/secret.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

struct redisContext;

namespace megatron::jobs {

// A reply as plain values: nil, integer, string (bulk, status), error text, or an array.
struct RedisReply {
    enum class Type { Nil, Integer, String, Error, Array };
    Type type = Type::Nil;
    long long integer = 0;
    std::string text;
    std::vector<RedisReply> elements;
    bool is_nil() const { return type == Type::Nil; }
};

// REDIS_URL taken apart: redis://[[user]:password@]host[:port][/db].
struct RedisAddress {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string user;  // empty: the default user (AUTH <password>)
    Secret password;   // empty: no AUTH
};
// Fails (Invalid, without echoing the URL: it may hold the password) on a malformed URL.
QueueResult<RedisAddress> parse_redis_url(const std::string& url);

class RedisClient {
  public:
    // url: redis://[[user]:password@]host[:port][/db]. A malformed URL makes every command
    // fail with Invalid. Connections are opened on first use, at most `connections`.
    explicit RedisClient(const std::string& url, int connections = 1);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // Runs one command; an error reply is returned as Type::Error, a broken connection as
    // Unavailable (and the next call reconnects).
    QueueResult<RedisReply> command(const std::vector<std::string>& args);

  private:
    struct ContextDeleter {
        void operator()(redisContext* c) const;
    };
    struct Connection {
        std::mutex mutex;
        std::unique_ptr<redisContext, ContextDeleter> context;  // guarded by mutex
    };

    QueueResult<RedisReply> command_on(Connection& connection,
                                       const std::vector<std::string>& args);
    QueueResult<void> connect(Connection& connection);

    QueueResult<RedisAddress> address_;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::atomic<std::size_t> next_{0};  // where the search for a free connection starts
};

}  // namespace megatron::jobs
