#include "jobs/redis_client.hpp"

#include <hiredis/hiredis.h>

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
        rest.resize(colon);
    }
    if (!rest.empty()) out.host = rest;
    return out;
}

RedisClient::RedisClient(const std::string& url) : address_(parse_redis_url(url)) {}

RedisClient::~RedisClient() = default;

QueueResult<void> RedisClient::connect_locked() {
    if (!address_) return unexpected(address_.error());
    const RedisAddress& a = *address_;
    timeval timeout{2, 0};
    context_.reset(redisConnectWithTimeout(a.host.c_str(), a.port, timeout));
    if (!context_ || context_->err != 0) {
        std::string why = context_ ? context_->errstr : "out of memory";
        context_.reset();
        return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: " + why});
    }
    redisSetTimeout(context_.get(), timeval{5, 0});
    auto run = [&](std::vector<std::string> args) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const auto& arg : args) {
            argv.push_back(arg.data());
            lens.push_back(arg.size());
        }
        return std::unique_ptr<redisReply, ReplyDeleter>(static_cast<redisReply*>(redisCommandArgv(
            context_.get(), static_cast<int>(args.size()), argv.data(), lens.data())));
    };
    if (!a.password.empty()) {
        auto r = a.user.empty() ? run({"AUTH", a.password.reveal()})
                                : run({"AUTH", a.user, a.password.reveal()});
        if (!r || r->type == REDIS_REPLY_ERROR) {
            // The server's reply names no secret, but keep to a fixed message anyway.
            context_.reset();
            return unexpected(QueueError{QueueError::Kind::Unavailable,
                                         "redis: authentication failed (REDIS_URL password)"});
        }
    }
    if (a.db != 0) {
        auto r = run({"SELECT", std::to_string(a.db)});
        if (!r || r->type == REDIS_REPLY_ERROR) {
            context_.reset();
            return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: cannot SELECT"});
        }
    }
    return {};
}

QueueResult<RedisReply> RedisClient::command(const std::vector<std::string>& args) {
    std::lock_guard lock(mutex_);
    if (!context_) {
        auto connected = connect_locked();
        if (!connected) return unexpected(connected.error());
    }
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    std::unique_ptr<redisReply, ReplyDeleter> reply(static_cast<redisReply*>(
        redisCommandArgv(context_.get(), static_cast<int>(args.size()), argv.data(), lens.data())));
    if (!reply) {
        std::string why = context_->errstr;
        context_.reset();  // broken: reconnect next time
        return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: " + why});
    }
    return convert(reply.get());
}

}  // namespace megatron::jobs
