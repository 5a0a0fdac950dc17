// Simulator::load_config: workspaces, users, channels and DMs from JSON (the --config file
// of the slack-sim binary and the body of POST /_sim/config).
#include "config_file.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <stdexcept>

namespace megatron::slack_sim {
namespace {

std::string str(const boost::json::object& o, std::string_view key, std::string fallback = {}) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                    : fallback;
}

bool flag(const boost::json::object& o, std::string_view key, bool fallback = false) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_bool() ? it->value().as_bool() : fallback;
}

const boost::json::array& list(const boost::json::object& o, std::string_view key) {
    static const boost::json::array empty;
    auto it = o.find(key);
    return it != o.end() && it->value().is_array() ? it->value().as_array() : empty;
}

}  // namespace

WorkspaceSpec workspace_spec_from_json(const boost::json::object& w) {
    WorkspaceSpec spec;
    spec.id = str(w, "id");
    spec.name = str(w, "name", spec.name);
    spec.domain = str(w, "domain", spec.domain);
    spec.bot_token = str(w, "bot_token");
    spec.bot_user_id = str(w, "bot_user_id");
    spec.bot_id = str(w, "bot_id");
    spec.bot_name = str(w, "bot_name", spec.bot_name);
    spec.app_id = str(w, "app_id", spec.app_id);
    return spec;
}

UserSpec user_spec_from_json(const boost::json::object& u) {
    return {str(u, "id"),    str(u, "name"),      str(u, "real_name"), str(u, "display_name"),
            str(u, "email"), str(u, "image_url"), flag(u, "is_bot"),   flag(u, "deleted")};
}

ChannelSpec channel_spec_from_json(const boost::json::object& c) {
    ChannelSpec spec{str(c, "id"),
                     str(c, "name"),
                     flag(c, "is_private"),
                     flag(c, "is_archived"),
                     flag(c, "is_general"),
                     flag(c, "bot_is_member", true),
                     {}};
    for (const auto& m : list(c, "members")) {
        if (m.is_string()) spec.members.emplace_back(m.as_string());
    }
    return spec;
}

void Simulator::load_config(const boost::json::value& config) {
    if (!config.is_object()) throw std::invalid_argument("config must be a JSON object");
    for (const auto& w : list(config.as_object(), "workspaces")) {
        if (!w.is_object()) throw std::invalid_argument("workspace must be an object");
        const auto& wo = w.as_object();
        auto team = add_workspace(workspace_spec_from_json(wo));
        for (const auto& t : list(wo, "tokens")) {
            if (t.is_string()) add_token(team, std::string(t.as_string()));
        }
        for (const auto& u : list(wo, "users")) {
            if (u.is_object()) add_user(team, user_spec_from_json(u.as_object()));
        }
        for (const auto& c : list(wo, "channels")) {
            if (c.is_object()) add_channel(team, channel_spec_from_json(c.as_object()));
        }
        for (const auto& dm : list(wo, "dms")) {
            if (dm.is_string()) open_dm(team, std::string(dm.as_string()));
        }
    }
}

}  // namespace megatron::slack_sim
