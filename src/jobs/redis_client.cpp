#include "jobs/redis_client.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

namespace megatron::jobs {
namespace {

RedisReply convert(const redisReply* r) {
    RedisReply out;
    switch (r->type) {
        case REDIS_REPLY_INTEGER:
            out.type = RedisReply::Type::Integer;
            out.integer = r->integer;
            break;
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            out.type = RedisReply::Type::String;
            out.text.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ERROR:
            out.type = RedisReply::Type::Error;
            out.text.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ARRAY:
            out.type = RedisReply::Type::Array;
            for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
            break;
        default:
            out.type = RedisReply::Type::Nil;
            break;
    }
    return out;
}

struct ReplyDeleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};

// One command and its reply on `context`; nullptr when the connection failed.
std::unique_ptr<redisReply, ReplyDeleter> send(redisContext* context,
                                               const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.data());
        lens.push_back(arg.size());
    }
    return std::unique_ptr<redisReply, ReplyDeleter>(static_cast<redisReply*>(
        redisCommandArgv(context, static_cast<int>(args.size()), argv.data(), lens.data())));
}

}  // namespace

void RedisClient::ContextDeleter::operator()(redisContext* c) const {
    redisFree(c);
}

namespace {

// URL credentials are percent-encoded (a password may contain '@' or ':').
std::string percent_decoded(const std::string& in) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

}  // namespace

QueueResult<RedisAddress> parse_redis_url(const std::string& url) {
    auto bad = [](const char* why) {
        return unexpected(QueueError{QueueError::Kind::Invalid, std::string("REDIS_URL ") + why});
    };
    if (!url.starts_with("redis://")) return bad("must start with redis://");
    RedisAddress out;
    std::string rest = url.substr(8);
    auto slash = rest.find('/');
    if (slash != std::string::npos) {
        auto db = rest.substr(slash + 1);
        rest.resize(slash);
        if (!db.empty()) {
            if (db.find_first_not_of("0123456789") != std::string::npos || db.size() > 4)
                return bad("database must be a number");
            out.db = std::stoi(db);
        }
    }
    auto at = rest.rfind('@');
    if (at != std::string::npos) {
        auto credentials = rest.substr(0, at);
        rest = rest.substr(at + 1);
        auto colon = credentials.find(':');
        if (colon == std::string::npos) {
            // redis://password@host, as redis-cli takes it
            out.password = Secret(percent_decoded(credentials));
        } else {
            out.user = percent_decoded(credentials.substr(0, colon));
            out.password = Secret(percent_decoded(credentials.substr(colon + 1)));
        }
    }
    auto colon = rest.rfind(':');
    if (colon != std::string::npos) {
        auto port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string::npos)
            return bad("port must be a number");
        out.port = std::stoi(port);
        // Five digits pass the check above; only 1-65535 is a TCP port (found by fuzzing).
        if (out.port < 1 || out.port > 65535) return bad("port must be 1-65535");
        rest.resize(colon);
    }
    if (!rest.empty()) out.host = rest;
    return out;
}

RedisClient::RedisClient(const std::string& url, int connections) : address_(parse_redis_url(url)) {
    for (int i = 0; i < std::max(connections, 1); ++i) {
        connections_.push_back(std::make_unique<Connection>());
    }
}

RedisClient::~RedisClient() = default;

QueueResult<void> RedisClient::connect(Connection& connection) {
    if (!address_) return unexpected(address_.error());
    const RedisAddress& a = *address_;
    timeval timeout{2, 0};
    auto& context = connection.context;
    context.reset(redisConnectWithTimeout(a.host.c_str(), a.port, timeout));
    if (!context || context->err != 0) {
        std::string why = context ? context->errstr : "out of memory";
        context.reset();
        return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: " + why});
    }
    redisSetTimeout(context.get(), timeval{5, 0});
    if (!a.password.empty()) {
        auto r = a.user.empty() ? send(context.get(), {"AUTH", a.password.reveal()})
                                : send(context.get(), {"AUTH", a.user, a.password.reveal()});
        if (!r || r->type == REDIS_REPLY_ERROR) {
            // The server's reply names no secret, but keep to a fixed message anyway.
            context.reset();
            return unexpected(QueueError{QueueError::Kind::Unavailable,
                                         "redis: authentication failed (REDIS_URL password)"});
        }
    }
    if (a.db != 0) {
        auto r = send(context.get(), {"SELECT", std::to_string(a.db)});
        if (!r || r->type == REDIS_REPLY_ERROR) {
            context.reset();
            return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: cannot SELECT"});
        }
    }
    return {};
}

QueueResult<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
    // The first connection nobody is using; if all are busy, wait for one (spread by next_).
    const std::size_t n = connections_.size();
    const std::size_t start = next_.fetch_add(1, std::memory_order_relaxed);
    for (std::size_t i = 0; i < n; ++i) {
        Connection& connection = *connections_[(start + i) % n];
        std::unique_lock lock(connection.mutex, std::try_to_lock);
        if (lock) return command_on(connection, args);
    }
    Connection& connection = *connections_[start % n];
    std::lock_guard lock(connection.mutex);
    return command_on(connection, args);
}

QueueResult<RedisReply> RedisClient::command_on(Connection& connection,
                                                const std::vector<std::string>& args) {
    if (!connection.context) {
        auto connected = connect(connection);
        if (!connected) return unexpected(connected.error());
    }
    auto reply = send(connection.context.get(), args);
    if (!reply) {
        std::string why = connection.context->errstr;
        connection.context.reset();  // broken: reconnect next time
        return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: " + why});
    }
    return convert(reply.get());
}

}  // namespace megatron::jobs
