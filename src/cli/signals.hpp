#pragma once
// Waiting for SIGTERM/SIGINT without a signal handler: the signals are blocked in every thread
// (block_stop_signals() must run before any thread starts, so threads inherit the mask) and
// one thread collects them with sigwait().
namespace megatron::cli {

void block_stop_signals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int wait_for_stop_signal();

}  // namespace megatron::cli
