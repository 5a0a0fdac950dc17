#pragma once
// One handler shape for every command. Each job handler used to open the same way: read the
// payload (fatal when unreadable: a retry reads the same bytes), open a Store, load the
// engagement channel's context (a deleted or archived channel ends the job), and keep a Slack
// client per worker thread. That opening is written once here; a command is a function of a
// CommandRun (or, for jobs about one engagement channel, a ChannelRun) registered with
// add_command / add_channel_command.
#include "app_commands/client.hpp"
#include "commands/call_observers.hpp"
#include "commands/channel_context.hpp"
#include "commands/job_payload.hpp"
#include "commands/slack_post_once.hpp"
#include "commands/text/redaction.hpp"
#include "http/client.hpp"
#include "jobs/handler.hpp"
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace megatron::commands {

// What a command's handlers need from the process; `db` and `clock` outlive the workers.
struct CommandDeps {
    storage::Database& db;
    const Clock& clock;
    std::string slack_api_url;  // SLACK_API_URL
    // Asked for fresh customer-workspace credentials when Slack refuses a token (the
    // WorkspaceRefresher, shared by every worker); may be null.
    slack::CredentialRefresher* refresher = nullptr;
    // MEGATRON_REDACT's rules for what is written into the support workspace; null: cards only.
    const text::Redactor* redactor = nullptr;
    CallObservers observers;  // the metrics' ears; empty in tests
    // Channel contexts and profiles kept between jobs (channel_context.hpp); null: every job
    // reads them from the database.
    std::shared_ptr<ContextCache> contexts;
};

// A worker's own clients, kept between its jobs (keep-alive connections; neither is shared
// between threads).
class WorkerClients {
  public:
    explicit WorkerClients(const std::string& slack_api_url,
                           slack::CredentialRefresher* refresher = nullptr,
                           CallObservers observers = {})
        : slack(job_client_options(slack_api_url, observers.slack), refresher),
          observers_(observers) {}
    slack::WebApiClient slack;
    // Options for an App Command client of this worker (its commands are counted).
    app_commands::ClientOptions app_command_options() const {
        app_commands::ClientOptions options;
        options.observer = observers_.app_commands;
        return options;
    }
    // For App Commands to the bot app; made on first use (few kinds call the bot app).
    http::Client& http() {
        if (!http_) http_.emplace();
        return *http_;
    }

  private:
    CallObservers observers_;
    std::optional<http::Client> http_;
};

// One job being run: its payload read as `Request`, and what the command works with.
template <class Request>
struct CommandRun {
    const jobs::Job& job;
    Request request;
    storage::Store& store;
    WorkerClients& clients;
    const Clock& clock;
    const text::Redactor* redactor = &text::Redactor::cards_only();

    // What goes into the support workspace passes through this (never what reaches the
    // customer).
    const text::Redactor& redaction() const { return *redactor; }
    // True when an earlier run may have had effects (post_once's `may_have_posted`).
    bool retried() const { return job.attempts > 1; }
};

// A job about one engagement channel (Request has `channel_id`): its context loaded too.
template <class Request>
struct ChannelRun : CommandRun<Request> {
    ChannelContext context;
    // The cache the context came through, for the profiles the command reads (none: empty).
    CachedAt cached;
};

// A payload is read as a Request (payload::read, job_payload.hpp); `what` is what the fatal
// outcome calls an unreadable one.
template <class Request>
struct PayloadReader {
    std::string_view what;  // e.g. "a customer message"
};

// The job is done; `result` is recorded with the completion, `writes` in the same transaction.
inline jobs::JobOutcome done(const boost::json::object& result,
                             jobs::CompletionWrites writes = {}) {
    return jobs::outcome::Done{boost::json::serialize(result), std::move(writes)};
}

// The job is done by a post_once: where the message is, and whether an earlier run had made it.
inline jobs::JobOutcome done_posting(const PostedOnce& posted, jobs::CompletionWrites writes = {}) {
    return done({{"channel", posted.channel}, {"ts", posted.ts}, {"recovered", posted.recovered}},
                std::move(writes));
}

// What a command does when its job runs again later (`retrying`, with the delay) or was
// parked as dead (`failed_for_good`, with the last error): best-effort steps people see (the
// agent relay's delivery marks), which never change the job's outcome. Either may be empty.
template <class Run>
struct CommandHooks {
    std::function<void(Run&, std::chrono::milliseconds)> retrying;
    std::function<void(Run&, const std::string&)> failed_for_good;
};

namespace detail {

// The one JobHandler behind every command: the opening above, then the command's step.
template <class Run, class Request>
class CommandHandler final : public jobs::JobHandler {
  public:
    using Step = std::function<jobs::JobOutcome(Run&)>;
    CommandHandler(const CommandDeps& deps, PayloadReader<Request> reader, Step step,
                   CommandHooks<Run> hooks = {})
        : deps_(deps),
          reader_(reader),
          step_(std::move(step)),
          hooks_(std::move(hooks)),
          clients_(deps.slack_api_url, deps.refresher, deps.observers) {}

    jobs::JobOutcome run(const jobs::Job& job) override { return opened(job, step_); }

    void retrying(const jobs::Job& job, std::chrono::milliseconds delay) override {
        if (!hooks_.retrying) return;
        opened(job, [&](Run& run) -> jobs::JobOutcome {
            hooks_.retrying(run, delay);
            return jobs::outcome::Done{};
        });
    }

    void failed_for_good(const jobs::Job& job, const std::string& error) override {
        if (!hooks_.failed_for_good) return;
        opened(job, [&](Run& run) -> jobs::JobOutcome {
            hooks_.failed_for_good(run, error);
            return jobs::outcome::Done{};
        });
    }

  private:
    // The opening, then `f` on the run (or how the opening ended the job).
    template <class F>
    jobs::JobOutcome opened(const jobs::Job& job, F&& f) {
        auto request = payload::read<Request>(job.payload);
        if (!request) return jobs::outcome::Fatal{"payload is not " + std::string(reader_.what)};
        storage::Store store(deps_.db, deps_.clock);
        CommandRun<Request> run{
            job,
            std::move(*request),
            store,
            clients_,
            deps_.clock,
            deps_.redactor != nullptr ? deps_.redactor : &text::Redactor::cards_only()};
        if constexpr (std::is_same_v<Run, CommandRun<Request>>) {
            return f(run);
        } else {
            CachedAt cached;
            auto loaded = deps_.contexts ? load_channel_context(store, run.request.channel_id,
                                                                *deps_.contexts, cached)
                                         : load_channel_context(store, run.request.channel_id);
            if (auto* outcome = std::get_if<jobs::JobOutcome>(&loaded)) return std::move(*outcome);
            Run in_channel{std::move(run), std::move(std::get<ChannelContext>(loaded)), cached};
            return f(in_channel);
        }
    }

    CommandDeps deps_;
    PayloadReader<Request> reader_;
    Step step_;
    CommandHooks<Run> hooks_;
    WorkerClients clients_;
};

// `make_step()` is called once per handler, i.e. once per worker thread.
template <class Run, class Request, class MakeStep>
void add(jobs::HandlerRegistry& registry, const std::string& kind, const CommandDeps& deps,
         PayloadReader<Request> reader, MakeStep make_step, CommandHooks<Run> hooks = {}) {
    registry.add(kind, [deps, reader, make_step = std::move(make_step), hooks = std::move(hooks)] {
        return std::make_unique<CommandHandler<Run, Request>>(deps, reader, make_step(), hooks);
    });
}

}  // namespace detail

// Registers `kind`: step(CommandRun<Request>&) -> JobOutcome, after the opening.
template <class Request, class Step>
void add_command(jobs::HandlerRegistry& registry, const std::string& kind, const CommandDeps& deps,
                 PayloadReader<Request> reader, Step step) {
    detail::add<CommandRun<Request>>(registry, kind, deps, reader, [step] { return step; });
}

// Registers `kind`: step(ChannelRun<Request>&) -> JobOutcome, after the opening and the
// channel's context.
template <class Request, class Step>
void add_channel_command(jobs::HandlerRegistry& registry, const std::string& kind,
                         const CommandDeps& deps, PayloadReader<Request> reader, Step step) {
    detail::add<ChannelRun<Request>>(registry, kind, deps, reader, [step] { return step; });
}

// The same, with hooks for a job that will run again later or was parked as dead.
template <class Request, class Step>
void add_channel_command(jobs::HandlerRegistry& registry, const std::string& kind,
                         const CommandDeps& deps, PayloadReader<Request> reader, Step step,
                         CommandHooks<ChannelRun<Request>> hooks) {
    detail::add<ChannelRun<Request>>(
        registry, kind, deps, reader, [step] { return step; }, std::move(hooks));
}

// The same, for a step with state of its own per worker thread (a client that is not
// thread-safe): make_step() is called once per handler and returns its step.
// `hooks` as for add_channel_command (may be empty).
template <class Request, class MakeStep>
void add_channel_command_per_worker(jobs::HandlerRegistry& registry, const std::string& kind,
                                    const CommandDeps& deps, PayloadReader<Request> reader,
                                    MakeStep make_step,
                                    CommandHooks<ChannelRun<Request>> hooks = {}) {
    detail::add<ChannelRun<Request>>(registry, kind, deps, reader, std::move(make_step),
                                     std::move(hooks));
}

}  // namespace megatron::commands
