// The work queue's own throughput, without HTTP or Slack: how many jobs per second go through
// enqueue -> claim -> complete on each back end, one call at a time and through a WorkerPool
// fed by concurrent producers (what the relay does). Run:
//   megatron-bench-queue [--benchmark_filter=Sqlite]
// PostgreSQL and Redis cases run when MEGATRON_TEST_POSTGRES_URL (an admin URL: a fresh
// database is created per run) and MEGATRON_TEST_REDIS_URL are set (scripts/test-services.sh).
#include "config/database_url.hpp"
#include "jobs/db_queue.hpp"
#include "jobs/migrations.hpp"
#include "jobs/redis_queue.hpp"
#include "jobs/worker_pool.hpp"
#include "storage/migrations.hpp"
#include "storage/open.hpp"
#include "util/clock.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>

namespace {

using namespace megatron;
using namespace std::chrono_literals;

enum class Backend { Sqlite, Postgres, Redis };

std::string env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

// A fresh database (and Redis prefix) per benchmark case, dropped afterwards.
class World {
  public:
    explicit World(Backend backend) : backend_(backend) {
        auto tag = fmt::format("{}_{}", getpid(), std::random_device{}());
        if (backend == Backend::Sqlite) {
            dir_ = std::filesystem::temp_directory_path() / ("megatron-bench-queue-" + tag);
            std::filesystem::create_directories(dir_);
            url_ = "sqlite:///" + (dir_ / "queue.db").string();
        } else {
            admin_ = env_or_empty("MEGATRON_TEST_POSTGRES_URL");
            if (admin_.empty()) throw std::runtime_error("MEGATRON_TEST_POSTGRES_URL not set");
            pg_name_ = "bench_queue_" + tag;
            admin_exec("CREATE DATABASE " + pg_name_);
            auto slash = admin_.rfind('/');
            url_ = admin_.substr(0, slash + 1) + pg_name_;
        }
        if (backend == Backend::Redis) {
            redis_url_ = env_or_empty("MEGATRON_TEST_REDIS_URL");
            if (redis_url_.empty()) throw std::runtime_error("MEGATRON_TEST_REDIS_URL not set");
            prefix_ = "megatron-bench-" + tag;
        }
        auto parsed = config::parse_database_url(url_);
        if (!parsed) throw std::runtime_error("bad database url");
        auto opened = storage::open_database(*parsed, 8);
        if (!opened) throw std::runtime_error(opened.error().message);
        db_ = std::move(*opened);
        auto applied = storage::migrate(*db_, jobs::migrations());
        if (!applied) throw std::runtime_error(applied.error().message);
        if (backend == Backend::Redis) {
            queue_ = std::make_unique<jobs::RedisQueue>(redis_url_, prefix_, *db_, clock_);
        } else {
            queue_ = std::make_unique<jobs::DbQueue>(
                *db_, clock_, backend == Backend::Postgres ? parsed->postgres_url : "");
        }
    }
    ~World() {
        queue_.reset();
        db_.reset();
        if (!pg_name_.empty()) admin_exec("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }
    jobs::JobQueue& queue() { return *queue_; }

  private:
    void admin_exec(const std::string& sql) {
        PGconn* c = PQconnectdb(admin_.c_str());
        PGresult* r = PQexec(c, sql.c_str());
        PQclear(r);
        PQfinish(c);
    }

    Backend backend_;
    std::filesystem::path dir_;
    std::string admin_, pg_name_, url_, redis_url_, prefix_;
    SystemClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<jobs::JobQueue> queue_;
};

std::unique_ptr<World> make_world(benchmark::State& state, Backend backend) {
    try {
        return std::make_unique<World>(backend);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return nullptr;
    }
}

jobs::NewJob job(std::int64_t n, int keys) {
    return jobs::NewJob{"bench.noop", fmt::format("C{}", n % keys), fmt::format("job-{}", n),
                        R"({"text":"a message of ordinary length for a relay job"})"};
}

// One durable enqueue per iteration (what an HTTP request waits for).
void BM_Enqueue(benchmark::State& state, Backend backend) {
    auto world = make_world(state, backend);
    if (!world) return;
    std::int64_t n = 0;
    for (auto _ : state) {
        auto r = world->queue().enqueue(job(n++, 100));
        if (!r) state.SkipWithError(r.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}

// claim + complete per iteration, single worker, on a backlog of `range(0)` keys.
void BM_ClaimComplete(benchmark::State& state, Backend backend) {
    auto world = make_world(state, backend);
    if (!world) return;
    const int keys = static_cast<int>(state.range(0));
    std::int64_t n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        if (n % 1000 == 0) {
            for (int i = 0; i < 1000; ++i) {
                if (!world->queue().enqueue(job(n + i, keys)))
                    state.SkipWithError("enqueue failed");
            }
        }
        ++n;
        state.ResumeTiming();
        auto claimed = world->queue().claim("bench/0", 60s);
        if (!claimed || !*claimed) {
            state.SkipWithError("nothing claimed");
            break;
        }
        auto done = world->queue().complete(**claimed, "{}");
        if (!done) state.SkipWithError(done.error().message.c_str());
    }
    state.SetItemsProcessed(state.iterations());
}

// The relay's shape: `producers` threads enqueue `batch` jobs over 50 channels while a
// WorkerPool of `range(0)` threads (no-op handler) drains them; jobs per second end to end.
void BM_Pipeline(benchmark::State& state, Backend backend) {
    auto world = make_world(state, backend);
    if (!world) return;
    constexpr int kBatch = 2000;
    constexpr int kProducers = 4;
    std::atomic<std::int64_t> done{0};
    std::atomic<bool> failed{false};
    jobs::HandlerRegistry handlers;
    handlers.add("bench.noop", [&] {
        return std::make_unique<jobs::FunctionHandler>([&](const jobs::Job&) -> jobs::JobOutcome {
            ++done;
            return jobs::outcome::Done{};
        });
    });
    jobs::WorkerOptions options;
    options.threads = static_cast<int>(state.range(0));
    options.poll = 200ms;
    jobs::WorkerPool pool(world->queue(), handlers, options);
    world->queue().on_new_work([&] { pool.wake(); });
    pool.start();
    std::int64_t n = 0;
    for (auto _ : state) {
        auto target = done.load() + kBatch;
        std::vector<std::thread> producers;
        for (int p = 0; p < kProducers; ++p) {
            producers.emplace_back([&, p, first = n] {
                for (int i = p; i < kBatch; i += kProducers) {
                    if (!world->queue().enqueue(job(first + i, 50))) {
                        failed = true;
                        return;
                    }
                }
            });
        }
        for (auto& t : producers) t.join();
        n += kBatch;
        while (done.load() < target && !failed) std::this_thread::sleep_for(100us);
        if (failed) {
            state.SkipWithError("enqueue failed");
            break;
        }
    }
    pool.stop();
    state.SetItemsProcessed(state.iterations() * kBatch);
}

void register_all() {
    std::vector<std::pair<const char*, Backend>> backends{{"Sqlite", Backend::Sqlite}};
    if (!env_or_empty("MEGATRON_TEST_POSTGRES_URL").empty()) {
        backends.emplace_back("Postgres", Backend::Postgres);
        if (!env_or_empty("MEGATRON_TEST_REDIS_URL").empty())
            backends.emplace_back("Redis", Backend::Redis);
    }
    for (auto [name, backend] : backends) {
        benchmark::RegisterBenchmark(fmt::format("Enqueue/{}", name).c_str(), BM_Enqueue, backend)
            ->UseRealTime();
        benchmark::RegisterBenchmark(fmt::format("ClaimComplete/{}", name).c_str(),
                                     BM_ClaimComplete, backend)
            ->Arg(1)
            ->Arg(50)
            ->UseRealTime();
        benchmark::RegisterBenchmark(fmt::format("Pipeline/{}", name).c_str(), BM_Pipeline, backend)
            ->Arg(4)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
