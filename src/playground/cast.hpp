#pragma once
// The playground's people and places, seeded into the embedded Slack simulator: a customer
// workspace where a demo bot talks to three customers, and a support workspace where two
// agents work in a lobby channel and in the engagement channels Megatron opens.
#include "slack_sim/simulator.hpp"

#include <string>
#include <vector>

namespace megatron::playground {

struct Person {
    std::string id;         // Slack user id
    std::string name;       // handle, e.g. "carla"
    std::string real_name;  // e.g. "Carla Customer"
    std::string dm;         // customers: the bot's DM with them
};

struct Cast {
    std::string customer_team;
    std::string customer_team_name;
    std::string customer_domain;
    std::string customer_token;  // the demo bot's token (the bot app owns it)
    std::string support_team;
    std::string support_token;  // Megatron's support app token
    std::string lobby;          // the support channel agents type /megatron open in
    std::vector<Person> customers;
    std::vector<Person> agents;
};

// Adds both workspaces, their people, the DMs and the lobby. Tokens are random per start:
// they are real credentials of the simulated Slack, never shown on the page.
Cast seed_cast(slack_sim::Simulator& sim);

}  // namespace megatron::playground
