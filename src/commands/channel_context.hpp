#pragma once
// What every command needs about its engagement channel, loaded when the job runs (the
// channel may have been archived or deleted since the request was accepted), and the rules
// shared by all command folders: one channel's jobs share an ordering key, storage trouble
// is retried.
#include "jobs/handler.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>

namespace megatron::commands {

struct ChannelContext {
    storage::Channel channel;
    storage::Integration integration;      // the support workspace (where the mirror lives)
    storage::CustomerWorkspace workspace;  // where the customer talks to the bot
};

// The contexts and profiles relay jobs read, kept in memory between the jobs of a process
// (one relay read 4-5 rows that almost never change). An entry is valid for one context
// generation: a counter in the database that triggers raise with every change of a channel
// (except its last activity), an integration, a customer workspace or a profile (core
// migration 60), in whatever process it happens. A job reads the counter first (one small
// row); a newer value empties the cache. docs/queue.md, "Channel contexts in memory".
class ContextCache {
  public:
    enum class Person { Customer, Agent };
    explicit ContextCache(std::size_t capacity = 20'000) : capacity_(capacity) {}

    std::optional<ChannelContext> channel(std::int64_t generation, std::int64_t channel_id);
    void keep(std::int64_t generation, const ChannelContext& context);
    // `scope`: the customer workspace (customers) or the integration (agents).
    std::optional<storage::Profile> profile(std::int64_t generation, Person person,
                                            std::int64_t scope, const std::string& user_id);
    void keep(std::int64_t generation, Person person, std::int64_t scope,
              const storage::Profile& profile);

  private:
    // With mutex_ held: true when entries of `generation` may be read or written (an older
    // one may not; a newer one empties the cache and becomes current).
    bool current(std::int64_t generation);

    const std::size_t capacity_;
    std::mutex mutex_;
    std::int64_t generation_ = -1;
    std::unordered_map<std::int64_t, ChannelContext> channels_;
    std::map<std::tuple<Person, std::int64_t, std::string>, storage::Profile> profiles_;
};

// A job's view of the cache: the cache (null: none) and the generation read at its start.
struct CachedAt {
    ContextCache* cache = nullptr;
    std::int64_t generation = 0;
};

// The context, or how the job ends without acting: a deleted or archived channel is done
// (nothing to mirror into), storage trouble is retried.
std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id);
// The same through `cache`: the generation is read (into `at`), then the context comes from
// memory when that generation has it, else from the database (and is kept).
std::variant<ChannelContext, jobs::JobOutcome> load_channel_context(storage::Store& store,
                                                                    std::int64_t channel_id,
                                                                    ContextCache& cache,
                                                                    CachedAt& at);

// Ordering: one channel's jobs (messages, reminders, archiving) run one at a time, in
// arrival order.
std::string channel_ordering_key(std::int64_t channel_id);
// The same for an engagement, channel or thread (threads mode): the key is the engagement's,
// never the Slack channel's, so a thousand threads in one support channel do not serialize.
std::string engagement_ordering_key(const storage::Channel& engagement);

// Storage failures while a job runs: retried, since the database may come back.
jobs::JobOutcome retry_storage(const storage::StorageError& error);

}  // namespace megatron::commands
