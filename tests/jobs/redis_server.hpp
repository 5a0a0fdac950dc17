#pragma once
// A redis-server of the test's own (free loopback port, temporary data directory with an
// append-only file), for tests that restart it or configure it (requirepass).
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace megatron::jobs::test {

inline std::string redis_server_path() {
    for (const char* p : {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
        if (std::filesystem::exists(p)) return p;
    }
    return "redis-server";
}

class RedisServer {
  public:
    // `extra`: further redis-server arguments, e.g. {"--requirepass", "..."}.
    explicit RedisServer(std::vector<std::string> extra = {})
        : port_(megatron::test::free_port()), extra_(std::move(extra)) {
        start();
    }
    void start() {
        std::vector<std::string> args{
            "--bind",       "127.0.0.1", "--port",        std::to_string(port_),
            "--dir",        dir_.path(), "--save",        "",
            "--appendonly", "yes",       "--appendfsync", "always"};
        args.insert(args.end(), extra_.begin(), extra_.end());
        process_ = std::make_unique<megatron::test::ChildProcess>(redis_server_path(), args);
        EXPECT_TRUE(megatron::test::wait_for_port(port_)) << process_->output();
    }
    void kill() {
        process_->signal(SIGKILL);
        process_->wait();
    }
    unsigned short port() const { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  private:
    megatron::test::TempDir dir_;
    unsigned short port_;
    std::vector<std::string> extra_;
    std::unique_ptr<megatron::test::ChildProcess> process_;
};

}  // namespace megatron::jobs::test
