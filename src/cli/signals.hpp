#pragma once
// Waiting for SIGTERM/SIGINT without a signal handler: the signals are blocked in every thread
// (block_stop_signals() must run before any thread starts, so threads inherit the mask) and
// one thread collects them with sigwait().
namespace megatron::cli {

// SIGPIPE ignored process-wide: writing to a connection the peer has reset returns EPIPE
// (handled as a failed command) instead of killing the process. Called first thing in main().
void ignore_broken_pipe();
void block_stop_signals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int wait_for_stop_signal();

}  // namespace megatron::cli
