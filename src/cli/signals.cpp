#include "cli/signals.hpp"

#include <pthread.h>
#include <csignal>

namespace megatron::cli {
namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

void ignore_broken_pipe() {
    // hiredis writes with plain write(): a peer that resets the connection mid-command would
    // otherwise kill the process with SIGPIPE; ignored, the write fails with EPIPE instead.
    std::signal(SIGPIPE, SIG_IGN);
}

void block_stop_signals() {
    sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_stop_signal() {
    sigset_t set = stop_signals();
    int sig = 0;
    sigwait(&set, &sig);
    return sig;
}

}  // namespace megatron::cli
