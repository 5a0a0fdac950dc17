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

RedisClient::RedisClient(std::string url) {
    // redis://host:port[/db]; no credentials are supported in the URL here.
    std::string rest = url.starts_with("redis://") ? url.substr(8) : url;
    auto slash = rest.find('/');
    if (slash != std::string::npos) {
        auto db = rest.substr(slash + 1);
        if (!db.empty()) db_ = std::stoi(db);
        rest = rest.substr(0, slash);
    }
    auto at = rest.rfind('@');
    if (at != std::string::npos) rest = rest.substr(at + 1);
    auto colon = rest.rfind(':');
    host_ = colon == std::string::npos ? rest : rest.substr(0, colon);
    if (colon != std::string::npos) port_ = std::stoi(rest.substr(colon + 1));
}

RedisClient::~RedisClient() = default;

QueueResult<void> RedisClient::connect_locked() {
    timeval timeout{2, 0};
    context_.reset(redisConnectWithTimeout(host_.c_str(), port_, timeout));
    if (!context_ || context_->err != 0) {
        std::string why = context_ ? context_->errstr : "out of memory";
        context_.reset();
        return unexpected(QueueError{QueueError::Kind::Unavailable, "redis: " + why});
    }
    redisSetTimeout(context_.get(), timeval{5, 0});
    if (db_ != 0) {
        std::unique_ptr<redisReply, ReplyDeleter> r(
            static_cast<redisReply*>(redisCommand(context_.get(), "SELECT %d", db_)));
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
