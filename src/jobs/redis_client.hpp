#pragma once
// A minimal Redis connection (hiredis) for the queue: one context, used under a mutex,
// reconnected after any I/O error so a restarted server is picked up again.
#include "jobs/queue.hpp"
#include "util/secret.hpp"

#include <chrono>
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
    // fail with Invalid.
    explicit RedisClient(const std::string& url);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // Runs one command; an error reply is returned as Type::Error, a broken connection as
    // Unavailable (and the next call reconnects).
    QueueResult<RedisReply> command(const std::vector<std::string>& args);

  private:
    QueueResult<void> connect_locked();

    QueueResult<RedisAddress> address_;
    std::mutex mutex_;
    struct ContextDeleter {
        void operator()(redisContext* c) const;
    };
    std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace megatron::jobs
