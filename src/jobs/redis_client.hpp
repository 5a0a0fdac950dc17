#pragma once
// A minimal Redis connection (hiredis) for the queue: one context, used under a mutex,
// reconnected after any I/O error so a restarted server is picked up again.
#include "jobs/queue.hpp"

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

class RedisClient {
  public:
    // url: redis://host:port[/db]
    explicit RedisClient(std::string url);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // Runs one command; an error reply is returned as Type::Error, a broken connection as
    // Unavailable (and the next call reconnects).
    QueueResult<RedisReply> command(const std::vector<std::string>& args);

  private:
    QueueResult<void> connect_locked();

    std::string host_;
    int port_ = 6379;
    int db_ = 0;
    std::mutex mutex_;
    struct ContextDeleter {
        void operator()(redisContext* c) const;
    };
    std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace megatron::jobs
