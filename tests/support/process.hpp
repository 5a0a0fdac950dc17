#pragma once
// Runs a real program (the megatron binary, the Slack simulator) as a child process for
// integration tests. The child is killed when the object goes out of scope, so a failing test
// leaves nothing running.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace megatron::test {

struct ProcessResult {
    int exit_code = -1;  // -signal when killed by a signal
    std::string output;  // stdout and stderr together
};

class ChildProcess {
  public:
    // env entries are added to (and override) the test's own environment.
    ChildProcess(std::string program, std::vector<std::string> args,
                 std::map<std::string, std::string> env = {}, std::string workdir = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    int pid() const { return pid_; }
    bool running();
    void signal(int sig);
    // Waits for exit; returns the exit code (or -signal), or nullopt-like -1000 on timeout.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // Everything the child has printed so far.
    std::string output() const;

  private:
    int pid_ = -1;
    std::string log_path_;
    int exit_code_ = -1000;
};

// Runs to completion and returns the exit code and output (for CLI tests).
ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {},
                  const std::string& workdir = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A fresh empty directory under /tmp, removed with its contents at scope exit.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Polls until a TCP port on 127.0.0.1 accepts connections.
bool wait_for_port(unsigned short port,
                   std::chrono::milliseconds timeout = std::chrono::seconds(20));
// A port that was free a moment ago (bind to 0, read, close).
unsigned short free_port();

}  // namespace megatron::test
