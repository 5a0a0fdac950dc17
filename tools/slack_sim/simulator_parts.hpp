#pragma once
// Internal to the simulator: what a Simulator owns, shared by its source files.
#include "call_recorder.hpp"
#include "event_dispatcher.hpp"
#include "fault_injector.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "shutdown_switch.hpp"
#include "simulator.hpp"
#include "socket_mode_hub.hpp"
#include "store.hpp"
#include "web_api.hpp"

#include <atomic>
#include <map>
#include <memory>

namespace megatron::slack_sim {

struct Simulator::Parts {
    SimulatorOptions options;
    Store store;
    CallRecorder recorder;
    FaultInjector faults;
    ChannelRateLimiter post_limit;
    std::atomic<unsigned short> port{0};
    ShutdownSwitch shutdown;  // tripped by stop(): waiting deliveries and faults give up
    WebApi web_api;
    http::Router router;
    std::unique_ptr<http::Server> server;
    std::mutex apps_mutex;
    std::map<std::string, AppConnection> apps;  // team id -> where its events go
    std::atomic<bool> any_echo{false};          // some app wants bot posts echoed
    mutable std::mutex echoes_mutex;
    std::vector<Delivery> echoes;
    std::unique_ptr<EventDispatcher> dispatcher;  // created by Simulator; stopped first
    SocketModeHub socket_hub;
    std::map<std::string, std::string> app_tokens;  // xapp token -> team id (apps_mutex)

    // apps.connections.open (app-level token in the Authorization header).
    http::Response open_socket_connection(const http::Request& req);

    explicit Parts(SimulatorOptions o)
        : options(std::move(o)),
          recorder(options.max_recorded_calls),
          web_api(
              store, recorder, faults, post_limit, shutdown,
              [this] { return "http://" + options.address + ":" + std::to_string(port.load()); }),
          socket_hub(options.address, options.socket_mode_tls) {}
};

}  // namespace megatron::slack_sim
