#include "playground/cast.hpp"

#include "util/crypto.hpp"

namespace megatron::playground {
namespace {

Person add_person(slack_sim::Simulator& sim, const std::string& team, const std::string& name,
                  const std::string& real_name) {
    Person person{"", name, real_name, ""};
    person.id =
        sim.add_user(team, {.name = name, .real_name = real_name, .display_name = real_name});
    return person;
}

}  // namespace

Cast seed_cast(slack_sim::Simulator& sim) {
    Cast cast;
    cast.customer_team = "T0PLAYCUST";
    cast.customer_team_name = "Customer Co";
    cast.customer_domain = "customer-co";
    cast.customer_token = "xoxb-playground-customer-" + crypto::random_hex(8);
    cast.support_team = "T0PLAYSUPP";
    cast.support_token = "xoxb-playground-support-" + crypto::random_hex(8);
    sim.add_workspace({.id = cast.customer_team,
                       .name = cast.customer_team_name,
                       .domain = cast.customer_domain,
                       .bot_token = cast.customer_token,
                       .bot_name = "demo-bot"});
    sim.add_workspace({.id = cast.support_team,
                       .name = "Acme Support",
                       .domain = "acme-support",
                       .bot_token = cast.support_token,
                       .bot_name = "megatron"});
    for (const auto& [name, real_name] :
         {std::pair{"carla", "Carla Customer"}, std::pair{"dave", "Dave Diaz"},
          std::pair{"erin", "Erin Evans"}}) {
        auto person = add_person(sim, cast.customer_team, name, real_name);
        person.dm = sim.open_dm(cast.customer_team, person.id);
        cast.customers.push_back(std::move(person));
    }
    std::vector<std::string> agent_ids;
    for (const auto& [name, real_name] :
         {std::pair{"alice", "Alice Agent"}, std::pair{"bob", "Bob Builder"}}) {
        cast.agents.push_back(add_person(sim, cast.support_team, name, real_name));
        agent_ids.push_back(cast.agents.back().id);
    }
    cast.lobby =
        sim.add_channel(cast.support_team, {.name = "support-lobby", .members = agent_ids});
    return cast;
}

}  // namespace megatron::playground
