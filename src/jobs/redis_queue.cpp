#include "jobs/redis_queue.hpp"

#include "jobs/queue.hpp"
#include "util/crypto.hpp"
#include "util/request_context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <thread>

namespace megatron::jobs {
namespace {

// Shared by every script: tokens (stream entries) exist for a key exactly while it has work,
// is not held back, and no other token for it is outstanding. The last ARGV names the queue
// object that ran the script ('from' of a token), so its own listener can skip the tokens
// whose work its process already knows of (see RedisWorkListener).
constexpr const char* kLuaHelpers = R"lua(
local P = ARGV[1]
local FROM = ARGV[#ARGV]
local function add_token(okey)
  if redis.call('LLEN', P..':key:'..okey) == 0 then return end
  if redis.call('ZSCORE', P..':delayed', okey) then return end
  if redis.call('HSETNX', P..':tok', okey, 1) == 1 then
    redis.call('XADD', P..':ready', '*', 'okey', okey, 'from', FROM)
  end
end
local function drop_token(okey, eid)
  if eid then
    redis.call('XACK', P..':ready', 'workers', eid)
    redis.call('XDEL', P..':ready', eid)
  end
  redis.call('HDEL', P..':tok', okey)
end
local function hold_key(okey, untilms)
  local cur = redis.call('ZSCORE', P..':delayed', okey)
  if (not cur) or tonumber(cur) < untilms then redis.call('ZADD', P..':delayed', untilms, okey) end
end
)lua";

// For scripts acting on a claimed job: ARGV[2] id, ARGV[3] attempts of the claim.
constexpr const char* kLuaClaimed = R"lua(
local id = ARGV[2]
local jk = P..':job:'..id
if redis.call('HGET', jk, 'status') ~= 'running' or redis.call('HGET', jk, 'attempts') ~= ARGV[3] then
  return -1
end
local okey = redis.call('HGET', jk, 'okey')
local eid = redis.call('HGET', jk, 'entry')
redis.call('HDEL', jk, 'entry', 'claimed_by')
)lua";

constexpr const char* kEnqueue = R"lua(
local existing = redis.call('HGET', P..':idem', ARGV[4])
if existing then return {tonumber(existing), 1} end
local id = redis.call('INCR', P..':seq')
redis.call('HSET', P..':job:'..id, 'kind', ARGV[2], 'okey', ARGV[3], 'idem', ARGV[4],
  'payload', ARGV[5], 'status', 'queued', 'attempts', 0, 'failures', 0, 'not_before', ARGV[6],
  'last_error', '', 'result', '', 'created_at', ARGV[6], 'rid', ARGV[7])
redis.call('HSET', P..':idem', ARGV[4], id)
redis.call('ZADD', P..':active', id, id)
redis.call('RPUSH', P..':key:'..ARGV[3], id)
add_token(ARGV[3])
return {id, 0}
)lua";

// ARGV: P, scan limit. The oldest unfinished jobs (P:active is ordered by id), the waiting
// ones counted by kind: {{kind, count, oldest created_at}, ...}. The first job of a kind met is
// its oldest.
constexpr const char* kWaitingByKind = R"lua(
local ids = redis.call('ZRANGE', P..':active', 0, tonumber(ARGV[2]) - 1)
local by_kind, kinds = {}, {}
for _, id in ipairs(ids) do
  local f = redis.call('HMGET', P..':job:'..id, 'kind', 'status', 'created_at')
  if f[1] and f[2] ~= 'running' then
    local e = by_kind[f[1]]
    if not e then
      e = {f[1], 0, tonumber(f[3]) or 0}
      by_kind[f[1]] = e
      table.insert(kinds, e)
    end
    e[2] = e[2] + 1
  end
end
return kinds
)lua";

constexpr const char* kMoveDue = R"lua(
local due = redis.call('ZRANGEBYSCORE', P..':delayed', '-inf', ARGV[2], 'LIMIT', 0, 100)
for _, okey in ipairs(due) do
  redis.call('ZREM', P..':delayed', okey)
  add_token(okey)
end
return #due
)lua";

// ARGV: P, entry id, key, worker, now
constexpr const char* kTake = R"lua(
local eid, okey = ARGV[2], ARGV[3]
local held = redis.call('ZSCORE', P..':delayed', okey)
if held and tonumber(held) > tonumber(ARGV[5]) then drop_token(okey, eid) return false end
local id = redis.call('LINDEX', P..':key:'..okey, 0)
if not id then drop_token(okey, eid) return false end
local jk = P..':job:'..id
redis.call('HINCRBY', jk, 'attempts', 1)
redis.call('HSET', jk, 'status', 'running', 'claimed_by', ARGV[4], 'entry', eid)
local out = redis.call('HGETALL', jk)
table.insert(out, 'id')
table.insert(out, id)
return out
)lua";

// ARGV[4] result, ARGV[5] now
constexpr const char* kComplete = R"lua(
redis.call('HSET', jk, 'status', 'done', 'result', ARGV[4], 'last_error', '')
redis.call('ZREM', P..':active', id)
redis.call('INCR', P..':done_count')
redis.call('ZADD', P..':done', ARGV[5], id)
redis.call('LREM', P..':key:'..okey, 1, id)
drop_token(okey, eid)
add_token(okey)
return 1
)lua";

// ARGV[4] until, ARGV[5] error, ARGV[6] max failures
constexpr const char* kRetry = R"lua(
local failures = redis.call('HINCRBY', jk, 'failures', 1)
redis.call('HSET', jk, 'last_error', ARGV[5], 'not_before', ARGV[4])
if failures >= tonumber(ARGV[6]) then
  redis.call('HSET', jk, 'status', 'dead')
  redis.call('ZREM', P..':active', id)
  redis.call('ZADD', P..':dead', id, id)
  redis.call('LREM', P..':key:'..okey, 1, id)
  drop_token(okey, eid)
  add_token(okey)
  return 2
end
redis.call('HSET', jk, 'status', 'retrying')
drop_token(okey, eid)
hold_key(okey, tonumber(ARGV[4]))
return 1
)lua";

// ARGV[4] until
constexpr const char* kRateLimited = R"lua(
redis.call('HSET', jk, 'status', 'queued', 'not_before', ARGV[4], 'last_error', 'rate limited')
drop_token(okey, eid)
hold_key(okey, tonumber(ARGV[4]))
return 1
)lua";

// ARGV[4] error
constexpr const char* kDead = R"lua(
redis.call('HSET', jk, 'status', 'dead', 'last_error', ARGV[4])
redis.call('ZREM', P..':active', id)
redis.call('ZADD', P..':dead', id, id)
redis.call('LREM', P..':key:'..okey, 1, id)
drop_token(okey, eid)
add_token(okey)
return 1
)lua";

constexpr const char* kRelease = R"lua(
redis.call('HSET', jk, 'status', 'queued')
redis.call('HINCRBY', jk, 'attempts', -1)
drop_token(okey, eid)
add_token(okey)
return 1
)lua";

// ARGV: P, key, until
constexpr const char* kDelayKey = R"lua(
hold_key(ARGV[2], tonumber(ARGV[3]))
return 1
)lua";

// ARGV: P, id, now
constexpr const char* kRetryDead = R"lua(
local jk = P..':job:'..ARGV[2]
if redis.call('HGET', jk, 'status') ~= 'dead' then return 0 end
redis.call('ZREM', P..':dead', ARGV[2])
redis.call('ZADD', P..':active', ARGV[2], ARGV[2])
redis.call('HSET', jk, 'status', 'queued', 'failures', 0, 'not_before', ARGV[3])
local okey = redis.call('HGET', jk, 'okey')
redis.call('RPUSH', P..':key:'..okey, ARGV[2])
add_token(okey)
return 1
)lua";

// A heartbeat: ARGV[2] id, ARGV[3] attempts. Claiming the token again (idle time 0) keeps
// XAUTOCLAIM from handing a still-running job's key to another worker.
constexpr const char* kRenew = R"lua(
local jk = P..':job:'..ARGV[2]
if redis.call('HGET', jk, 'status') ~= 'running' or redis.call('HGET', jk, 'attempts') ~= ARGV[3] then
  return -1
end
local eid = redis.call('HGET', jk, 'entry')
local who = redis.call('HGET', jk, 'claimed_by')
if eid and who then
  redis.call('XCLAIM', P..':ready', 'workers', who, 0, eid, 'JUSTID')
end
return 1
)lua";

// ARGV: P, before ms, batch. Done jobs are forgotten with their idempotency keys (run after
// kLuaForgetJob).
constexpr const char* kPruneDone = R"lua(
local old = redis.call('ZRANGEBYSCORE', P..':done', '-inf', '('..ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(old) do
  forget_job(id)
  redis.call('ZREM', P..':done', id)
end
return #old
)lua";

constexpr const char* kDropDead = R"lua(
local jk = P..':job:'..ARGV[2]
if redis.call('HGET', jk, 'status') ~= 'dead' then return 0 end
redis.call('ZREM', P..':dead', ARGV[2])
redis.call('HDEL', P..':idem', redis.call('HGET', jk, 'idem'))
redis.call('DEL', jk)
return 1
)lua";

// For the scripts that delete jobs (pruning, forget_key()): one job gone, with its idempotency
// key.
constexpr const char* kLuaForgetJob = R"lua(
local function forget_job(id)
  local jk = P..':job:'..id
  local idem = redis.call('HGET', jk, 'idem')
  if idem then redis.call('HDEL', P..':idem', idem) end
  redis.call('DEL', jk)
  redis.call('ZREM', P..':active', id)
end
)lua";

// ARGV: P, key. The key's unfinished jobs (its list) and its delay. A running job's token is
// dropped with it (its worker then finds the lease lost), so new work of the key gets a token
// at once; a token still waiting in the stream finds the list empty (or the new work).
constexpr const char* kForgetUnfinished = R"lua(
local lk = P..':key:'..ARGV[2]
local ids = redis.call('LRANGE', lk, 0, -1)
for _, id in ipairs(ids) do
  local f = redis.call('HMGET', P..':job:'..id, 'status', 'entry')
  if f[1] == 'running' and f[2] then drop_token(ARGV[2], f[2]) end
  forget_job(id)
end
redis.call('DEL', lk)
redis.call('ZREM', P..':delayed', ARGV[2])
return #ids
)lua";

// ARGV: P, key, set ('done' or 'dead'), offset, count. One slice of the set, its jobs of the
// key forgotten: {ids looked at, ids forgotten} (the caller steps on by the ones kept).
constexpr const char* kForgetFinished = R"lua(
local set = P..':'..ARGV[3]
local first = tonumber(ARGV[4])
local ids = redis.call('ZRANGE', set, first, first + tonumber(ARGV[5]) - 1)
local gone = 0
for _, id in ipairs(ids) do
  if redis.call('HGET', P..':job:'..id, 'okey') == ARGV[2] then
    forget_job(id)
    redis.call('ZREM', set, id)
    gone = gone + 1
  end
end
return {#ids, gone}
)lua";

QueueError invalid(const std::string& what) {
    return {QueueError::Kind::Invalid, what};
}

// A whole decimal number stored by this queue; a corrupted field is a typed error, never an
// exception (std::stoll on it used to end the worker with std::terminate).
template <typename T>
QueueResult<T> number_field(std::string_view field, const std::string& text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return unexpected(invalid(fmt::format("redis queue: field '{}' is not a number", field)));
    }
    return value;
}

QueueResult<Job> job_from_fields(const std::vector<RedisReply>& fields) {
    Job job;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        const auto& k = fields[i].text;
        const auto& v = fields[i + 1].text;
        QueueResult<void> parsed;
        auto number = [&](auto& out) {
            auto n = number_field<std::decay_t<decltype(out)>>(k, v);
            if (!n) {
                parsed = unexpected(n.error());
                return;
            }
            out = *n;
        };
        if (k == "id")
            number(job.id);
        else if (k == "kind")
            job.kind = v;
        else if (k == "okey")
            job.ordering_key = v;
        else if (k == "idem")
            job.idempotency_key = v;
        else if (k == "payload")
            job.payload = v;
        else if (k == "status")
            job.status = status_from_string(v).value_or(JobStatus::Dead);
        else if (k == "attempts")
            number(job.attempts);
        else if (k == "failures")
            number(job.failures);
        else if (k == "not_before")
            number(job.not_before_ms);
        else if (k == "last_error")
            job.last_error = v;
        else if (k == "result")
            job.result = v;
        else if (k == "created_at")
            number(job.created_at_ms);
        else if (k == "rid")
            job.request_id = v;
        if (!parsed) return unexpected(parsed.error());
    }
    return job;
}

}  // namespace

// Waits on P:ready with XREAD BLOCK from the last entry it saw; a connection of its own,
// since a blocked connection can do nothing else. Tokens added by this process's own queue
// (field 'from') do not count: its enqueues woke its workers in-process, and a worker that
// completes a job claims the next at once; waking every worker again for them cost a claim
// attempt by each of 16 workers per job.
class RedisWorkListener final : public WorkListener {
  public:
    RedisWorkListener(const std::string& url, std::string stream, std::string own)
        : redis_(url), stream_(std::move(stream)), own_(std::move(own)) {}

    bool wait(std::chrono::milliseconds timeout) override {
        if (last_.empty()) {
            // Read from a concrete id, never "$": with "$" an entry added between two XREADs
            // would be missed, and an idle worker would sleep through its job until the poll.
            auto newest = redis_.command({"XREVRANGE", stream_, "+", "-", "COUNT", "1"});
            if (!newest || newest->type == RedisReply::Type::Error) {
                std::this_thread::sleep_for(timeout);
                return true;
            }
            last_ = "0-0";
            if (!newest->elements.empty() && !newest->elements[0].elements.empty())
                last_ = newest->elements[0].elements[0].text;
            return true;  // not listening until now: there may be work
        }
        // Below the client's 5 s read timeout, so a quiet stream is never taken for a dead server.
        auto block = std::to_string(std::clamp<long long>(timeout.count(), 1, 4000));
        auto reply = redis_.command({"XREAD", "BLOCK", block, "STREAMS", stream_, last_});
        if (!reply || reply->type == RedisReply::Type::Error) {
            // Server gone (or restarting): wait out the period, then start again.
            std::this_thread::sleep_for(timeout);
            last_.clear();
            return true;
        }
        if (reply->is_nil() || reply->elements.empty()) return false;
        // [[stream, [[id, [field, value, ...]], ...]]]: remember the newest id seen.
        const auto& stream = reply->elements[0].elements;
        if (stream.size() != 2 || stream[1].elements.empty()) return true;
        bool foreign = false;
        for (const auto& entry : stream[1].elements) {
            if (entry.elements.size() != 2) continue;
            last_ = entry.elements[0].text;
            foreign = foreign || !added_by_own_queue(entry.elements[1]);
        }
        return foreign;
    }

  private:
    bool added_by_own_queue(const RedisReply& fields) const {
        for (std::size_t i = 0; i + 1 < fields.elements.size(); i += 2) {
            if (fields.elements[i].text == "from") return fields.elements[i + 1].text == own_;
        }
        return false;
    }

    RedisClient redis_;
    std::string stream_;
    std::string own_;   // the 'from' of tokens this process's queue added
    std::string last_;  // id of the newest entry seen; empty: not yet known
};

RedisQueue::RedisQueue(std::string url, std::string prefix, storage::Database& db,
                       const Clock& clock)
    : url_(std::move(url)),
      redis_(url_, kConnections),
      prefix_(std::move(prefix)),
      db_(db),
      clock_(clock),
      instance_(crypto::random_hex(8)) {}

std::unique_ptr<WorkListener> RedisQueue::listen() {
    return std::make_unique<RedisWorkListener>(url_, prefix_ + ":ready", instance_);
}

QueueResult<void> RedisQueue::renew(const Job& job, std::chrono::milliseconds /*lease*/) {
    // The lease is the token's idle time in the consumer group; renewing resets it.
    auto reply = eval(kRenew, {std::to_string(job.id), std::to_string(job.attempts)});
    if (!reply) return unexpected(reply.error());
    if (reply->type == RedisReply::Type::Integer && reply->integer == -1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "the job's lease was lost"});
    }
    return {};
}

QueueResult<std::int64_t> RedisQueue::prune_done(std::int64_t before_ms, int batch) {
    auto reply = eval(std::string(kLuaForgetJob) + kPruneDone,
                      {std::to_string(before_ms), std::to_string(batch)});
    if (!reply) return unexpected(reply.error());
    return static_cast<std::int64_t>(reply->integer);
}

QueueResult<RedisReply> RedisQueue::eval(const std::string& script, std::vector<std::string> args) {
    std::vector<std::string> command{"EVAL", std::string(kLuaHelpers) + script, "0", prefix_};
    for (auto& a : args) command.push_back(std::move(a));
    command.push_back(instance_);
    auto reply = redis_.command(command);
    if (!reply) return reply;
    if (reply->type == RedisReply::Type::Error) return unexpected(invalid("redis: " + reply->text));
    return reply;
}

QueueResult<RedisReply> RedisQueue::claimed_script(const std::string& body, const Job& job,
                                                   std::vector<std::string> args) {
    args.insert(args.begin(), {std::to_string(job.id), std::to_string(job.attempts)});
    auto reply = eval(std::string(kLuaClaimed) + body, std::move(args));
    if (!reply) return reply;
    if (reply->type == RedisReply::Type::Integer && reply->integer == -1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "the job's lease was lost"});
    }
    return reply;
}

QueueResult<Enqueued> RedisQueue::enqueue(const NewJob& job) {
    const auto& request_id = job.request_id.empty() ? request_context::current() : job.request_id;
    auto reply = eval(kEnqueue, {job.kind, job.ordering_key, job.idempotency_key, job.payload,
                                 std::to_string(clock_.now_millis()), request_id});
    if (!reply) return unexpected(reply.error());
    if (reply->elements.size() != 2) return unexpected(invalid("redis: unexpected reply"));
    Enqueued out{reply->elements[0].integer, reply->elements[1].integer == 1};
    if (!out.duplicate) signal_new_work();
    return out;
}

QueueResult<std::optional<std::pair<std::string, std::string>>> RedisQueue::next_token(
    const std::string& worker_id, std::chrono::milliseconds lease) {
    using Token = std::optional<std::pair<std::string, std::string>>;
    auto entry_of = [](const RedisReply& entry) -> Token {
        if (entry.type != RedisReply::Type::Array || entry.elements.size() != 2) return {};
        const auto& fields = entry.elements[1].elements;
        if (fields.size() < 2) return {};
        return std::make_pair(entry.elements[0].text, fields[1].text);
    };
    std::string stream = prefix_ + ":ready";
    for (int round = 0; round < 2; ++round) {
        // First the tokens of workers that died (idle longer than the lease)...
        auto stolen = redis_.command({"XAUTOCLAIM", stream, "workers", worker_id,
                                      std::to_string(lease.count()), "0-0", "COUNT", "1"});
        if (!stolen) return unexpected(stolen.error());
        bool no_group = stolen->type == RedisReply::Type::Error &&
                        stolen->text.find("NOGROUP") != std::string::npos;
        if (no_group) {
            auto created = redis_.command({"XGROUP", "CREATE", stream, "workers", "0", "MKSTREAM"});
            if (!created) return unexpected(created.error());
            continue;
        }
        if (stolen->type == RedisReply::Type::Error) return unexpected(invalid(stolen->text));
        if (stolen->elements.size() >= 2 && !stolen->elements[1].elements.empty()) {
            if (auto t = entry_of(stolen->elements[1].elements[0])) return Token(t);
        }
        // ...then new ones.
        auto read = redis_.command(
            {"XREADGROUP", "GROUP", "workers", worker_id, "COUNT", "1", "STREAMS", stream, ">"});
        if (!read) return unexpected(read.error());
        if (read->type == RedisReply::Type::Error) return unexpected(invalid(read->text));
        if (read->is_nil() || read->elements.empty()) return Token{};
        const auto& entries = read->elements[0].elements.size() == 2
                                  ? read->elements[0].elements[1].elements
                                  : std::vector<RedisReply>{};
        if (entries.empty()) return Token{};
        return entry_of(entries[0]);
    }
    return Token{};
}

QueueResult<std::optional<Job>> RedisQueue::claim(const std::string& worker_id,
                                                  std::chrono::milliseconds lease) {
    auto now = std::to_string(clock_.now_millis());
    auto moved = eval(kMoveDue, {now});
    if (!moved) return unexpected(moved.error());
    for (int tries = 0; tries < 4; ++tries) {
        auto token = next_token(worker_id, lease);
        if (!token) return unexpected(token.error());
        if (!*token) return std::optional<Job>{};
        auto taken = eval(kTake, {(*token)->first, (*token)->second, worker_id, now});
        if (!taken) return unexpected(taken.error());
        if (taken->type == RedisReply::Type::Array) {
            auto job = job_from_fields(taken->elements);
            if (!job) return unexpected(job.error());
            return std::optional<Job>{std::move(*job)};
        }
        // A stale token (key held back, or nothing left): dropped; look for another.
    }
    return std::optional<Job>{};
}

QueueResult<void> RedisQueue::complete(const Job& job, const std::string& result,
                                       const CompletionWrites& writes) {
    if (writes) {
        // The lease is checked (and re-armed, so nobody claims the job while the writes
        // commit) before the writes: a worker whose lease ran out must not write twice what
        // the job's new run writes. The database and Redis commit apart; docs/hardening.md.
        auto held = renew(job, {});
        if (!held) return unexpected(held.error());
        auto written = db_.transaction(writes);
        if (!written) return unexpected(to_queue_error(written.error()));
    }
    auto reply = claimed_script(kComplete, job, {result, std::to_string(clock_.now_millis())});
    if (!reply) return unexpected(reply.error());
    return {};
}

QueueResult<JobStatus> RedisQueue::retry_later(const Job& job, std::chrono::milliseconds delay,
                                               const std::string& error, int max_failures) {
    auto until = clock_.now_millis() + delay.count();
    auto reply =
        claimed_script(kRetry, job, {std::to_string(until), error, std::to_string(max_failures)});
    if (!reply) return unexpected(reply.error());
    return reply->integer == 2 ? JobStatus::Dead : JobStatus::Retrying;
}

QueueResult<void> RedisQueue::rate_limited(const Job& job, std::chrono::milliseconds delay) {
    auto until = clock_.now_millis() + delay.count();
    auto reply = claimed_script(kRateLimited, job, {std::to_string(until)});
    if (!reply) return unexpected(reply.error());
    return {};
}

QueueResult<void> RedisQueue::delay_key(const std::string& ordering_key,
                                        std::chrono::milliseconds delay) {
    auto until = clock_.now_millis() + delay.count();
    auto reply = eval(kDelayKey, {ordering_key, std::to_string(until)});
    if (!reply) return unexpected(reply.error());
    return {};
}

QueueResult<void> RedisQueue::dead_letter(const Job& job, const std::string& error) {
    auto reply = claimed_script(kDead, job, {error});
    if (!reply) return unexpected(reply.error());
    return {};
}

QueueResult<void> RedisQueue::release(const Job& job) {
    auto reply = claimed_script(kRelease, job, {});
    if (!reply) return unexpected(reply.error());
    return {};
}

QueueResult<std::optional<Job>> RedisQueue::find(std::int64_t id) {
    auto reply = redis_.command({"HGETALL", prefix_ + ":job:" + std::to_string(id)});
    if (!reply) return unexpected(reply.error());
    if (reply->elements.empty()) return std::optional<Job>{};
    auto job = job_from_fields(reply->elements);
    if (!job) return unexpected(job.error());
    job->id = id;
    return std::optional<Job>{std::move(*job)};
}

QueueResult<std::vector<Job>> RedisQueue::list(const std::vector<JobStatus>& statuses, int limit) {
    std::vector<std::int64_t> ids;
    for (const char* set : {":active", ":dead", ":done"}) {
        // Done jobs may be many (a day's worth): only the newest 10,000 are listed.
        std::string from = std::string(set) == ":done" ? "-10000" : "0";
        auto reply = redis_.command({"ZRANGE", prefix_ + set, from, "-1"});
        if (!reply) return unexpected(reply.error());
        for (const auto& e : reply->elements) {
            auto id = number_field<std::int64_t>("id", e.text);
            if (!id) return unexpected(id.error());
            ids.push_back(*id);
        }
    }
    std::sort(ids.begin(), ids.end());
    std::vector<Job> jobs;
    for (auto id : ids) {
        if (static_cast<int>(jobs.size()) >= limit) break;
        auto job = find(id);
        if (!job) return unexpected(job.error());
        if (!*job) continue;
        if (!statuses.empty() &&
            std::find(statuses.begin(), statuses.end(), (*job)->status) == statuses.end()) {
            continue;
        }
        jobs.push_back(**job);
    }
    return jobs;
}

QueueResult<void> RedisQueue::retry_dead(std::int64_t id) {
    auto reply = eval(kRetryDead, {std::to_string(id), std::to_string(clock_.now_millis())});
    if (!reply) return unexpected(reply.error());
    if (reply->integer != 1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "no dead job with that id"});
    }
    return {};
}

QueueResult<void> RedisQueue::drop_dead(std::int64_t id) {
    auto reply = eval(kDropDead, {std::to_string(id)});
    if (!reply) return unexpected(reply.error());
    if (reply->integer != 1) {
        return unexpected(QueueError{QueueError::Kind::NotFound, "no dead job with that id"});
    }
    return {};
}

QueueResult<std::vector<WaitingJobs>> RedisQueue::waiting_by_kind() {
    auto reply = eval(kWaitingByKind, {std::to_string(kWaitingScanLimit)});
    if (!reply) return unexpected(reply.error());
    std::vector<WaitingJobs> waiting;
    for (const auto& entry : reply->elements) {
        if (entry.elements.size() != 3) return unexpected(invalid("redis: unexpected reply"));
        waiting.push_back(
            {entry.elements[0].text, entry.elements[1].integer, entry.elements[2].integer});
    }
    std::sort(waiting.begin(), waiting.end(),
              [](const auto& a, const auto& b) { return a.kind < b.kind; });
    return waiting;
}

QueueResult<JobCounts> RedisQueue::counts() {
    JobCounts counts;
    auto active = list({JobStatus::Queued, JobStatus::Running, JobStatus::Retrying}, 1 << 30);
    if (!active) return unexpected(active.error());
    for (const auto& job : *active) {
        if (job.status == JobStatus::Queued) ++counts.queued;
        if (job.status == JobStatus::Running) ++counts.running;
        if (job.status == JobStatus::Retrying) ++counts.retrying;
    }
    auto dead = redis_.command({"ZCARD", prefix_ + ":dead"});
    if (!dead) return unexpected(dead.error());
    counts.dead = dead->integer;
    auto done = redis_.command({"GET", prefix_ + ":done_count"});
    if (!done) return unexpected(done.error());
    if (done->is_nil()) return counts;
    auto done_count = number_field<std::int64_t>("done_count", done->text);
    if (!done_count) return unexpected(done_count.error());
    counts.done = *done_count;
    return counts;
}

QueueResult<std::int64_t> RedisQueue::forget_key(const std::string& ordering_key) {
    const std::string forget_job = kLuaForgetJob;
    auto unfinished = eval(forget_job + kForgetUnfinished, {ordering_key});
    if (!unfinished) return unexpected(unfinished.error());
    std::int64_t deleted = unfinished->integer;
    // Finished jobs are not listed by key: each set is walked in slices, one script a slice,
    // so Redis never stops for the whole set at once.
    constexpr std::int64_t kSlice = 1000;
    for (const char* set : {"done", "dead"}) {
        for (std::int64_t offset = 0;;) {
            auto slice = eval(forget_job + kForgetFinished,
                              {ordering_key, set, std::to_string(offset), std::to_string(kSlice)});
            if (!slice) return unexpected(slice.error());
            if (slice->elements.size() != 2) return unexpected(invalid("redis: unexpected reply"));
            const auto seen = slice->elements[0].integer;
            const auto gone = slice->elements[1].integer;
            deleted += gone;
            offset += seen - gone;
            if (seen < kSlice) break;
        }
    }
    return deleted;
}

}  // namespace megatron::jobs
