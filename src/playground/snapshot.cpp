// What the page shows, read from the simulator (both workspaces as their people see them),
// the demo bot (App Commands, pause state, memory) and the playground Megatron's work queue.
#include "playground/playground.hpp"

#include "jobs/queue.hpp"

#include <boost/json.hpp>

namespace megatron::playground {

namespace json = boost::json;

namespace {

constexpr int kJobsShown = 40;

json::value or_null(const json::value& v) {
    return v.is_null() ? json::value() : v;
}

// A message's reactions as Slack lists them: name, how many, who (Megatron's delivery marks
// on an agent's message are reactions of its bot user).
json::array reactions_view(const slack_sim::Message& m) {
    json::array out;
    for (const auto& [name, users] : m.reactions) {
        json::array who;
        for (const auto& user : users) who.push_back(json::string(user));
        out.push_back(json::object{{"name", name}, {"count", users.size()}, {"users", who}});
    }
    return out;
}

json::object message_view(const slack_sim::Message& m, const std::string& author) {
    return {{"ts", m.ts},
            {"reactions", reactions_view(m)},
            {"user", m.user},
            {"author", author},
            {"bot", !m.bot_id.empty()},
            {"username", m.username},
            {"text", m.text},
            {"blocks", or_null(m.blocks)},
            {"attachments", or_null(m.attachments)},
            {"thread_ts", m.thread_ts},
            {"edited", !m.edited_ts.empty()}};
}

// Who wrote `m` as Slack would label it: a posting app's username override, the person, or the
// workspace's bot (`bot_name`).
std::string author_of(const Cast& cast, const slack_sim::Message& m, const std::string& bot_name) {
    if (!m.username.empty()) return m.username;
    for (const auto& group : {&cast.customers, &cast.agents}) {
        for (const auto& person : *group) {
            if (person.id == m.user) return person.real_name;
        }
    }
    if (!m.bot_id.empty()) return bot_name;
    return m.user;
}

json::array messages_of(const slack_sim::Simulator& sim, const Cast& cast,
                        const std::string& channel, const std::string& bot_name) {
    json::array out;
    for (const auto& m : sim.messages(channel)) {
        out.push_back(message_view(m, author_of(cast, m, bot_name)));
    }
    return out;
}

json::array ephemeral_of(const slack_sim::Simulator& sim, const std::string& channel) {
    json::array out;
    for (const auto& m : sim.ephemeral_messages(channel)) {
        out.push_back(json::object{{"ts", m.message_ts},
                                   {"user", m.user},
                                   {"text", m.text},
                                   {"blocks", or_null(m.blocks)},
                                   {"attachments", or_null(m.attachments)}});
    }
    return out;
}

json::array people(const std::vector<Person>& list) {
    json::array out;
    for (const auto& p : list) {
        out.push_back(json::object{{"id", p.id}, {"name", p.name}, {"real_name", p.real_name}});
    }
    return out;
}

// Done is what the visitor cares about: the message was delivered.
std::string status_name(const jobs::Job& job) {
    switch (job.status) {
        case jobs::JobStatus::Queued:
            // Handed back after a 429: waiting for Slack's Retry-After.
            return job.last_error.empty() ? "queued" : "retrying";
        case jobs::JobStatus::Running:
            return "running";
        case jobs::JobStatus::Retrying:
            return "retrying";
        case jobs::JobStatus::Done:
            return "delivered";
        case jobs::JobStatus::Dead:
            return "dead";
    }
    return "unknown";
}

// The newest jobs (the list is oldest first).
json::array jobs_view(jobs::JobQueue& queue) {
    json::array out;
    auto listed = queue.list({}, 5000);
    if (!listed) return out;
    auto& all = *listed;
    // The scheduler's own ticks and the queue's housekeeping are not the visitor's story.
    std::erase_if(all, [](const jobs::Job& job) {
        return job.kind.starts_with("scheduler.") || job.kind.starts_with("jobs.");
    });
    auto first = all.size() > kJobsShown ? all.end() - kJobsShown : all.begin();
    for (auto it = first; it != all.end(); ++it) {
        auto status = status_name(*it);
        out.push_back(json::object{{"id", it->id},
                                   {"kind", it->kind},
                                   {"status", status},
                                   {"attempts", it->attempts},
                                   {"last_error", it->last_error}});
    }
    return out;
}

}  // namespace

json::object Playground::snapshot() {
    auto bot = bot_.bot_state();
    json::array customers;
    for (const auto& c : cast_.customers) {
        customers.push_back(json::object{{"id", c.id},
                                         {"name", c.name},
                                         {"real_name", c.real_name},
                                         {"dm", c.dm},
                                         {"messages", messages_of(sim_, cast_, c.dm, "demo bot")}});
    }
    json::array channels;
    for (const auto& view : sim_.channels(cast_.support_team)) {
        channels.push_back(json::object{{"id", view.id},
                                        {"name", view.name},
                                        {"archived", view.is_archived},
                                        {"messages", messages_of(sim_, cast_, view.id, "Megatron")},
                                        {"ephemeral", ephemeral_of(sim_, view.id)}});
    }
    json::array faults;
    for (const auto& f : sim_.active_faults()) faults.push_back(slack_sim::fault_to_json(f));
    return {{"customers", std::move(customers)},
            {"agents", people(cast_.agents)},
            {"lobby", cast_.lobby},
            {"channels", std::move(channels)},
            {"bot", std::move(bot)},
            {"app_commands", bot_.app_commands()},
            {"jobs", jobs_view(app_.runtime().queue())},
            {"faults", std::move(faults)}};
}

}  // namespace megatron::playground
