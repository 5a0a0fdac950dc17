#include "e2e/files/files_world.hpp"

#include "http/client.hpp"
#include "util/crypto.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <regex>

namespace megatron::test {
namespace {

std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

bool contains(const boost::json::value& v, const std::string& part) {
    if (v.is_null()) return false;
    return boost::json::serialize(v).find(part) != std::string::npos;
}

}  // namespace

std::string case_name(const ::testing::TestParamInfo<FilesCase>& info) {
    return to_string(info.param.backend) +
           (info.param.transfer == Transfer::Slack ? "_SlackUpload" : "_S3");
}

std::string FilesTest::bytes(std::size_t n, unsigned seed) {
    std::string out = "\x89PNG\r\n\x1a\n";
    out.reserve(n);
    unsigned x = seed * 2654435761u + 1;
    while (out.size() < n) {
        x = x * 1103515245u + 12345u;
        out.push_back(static_cast<char>(x >> 16));
    }
    out.resize(n);
    return out;
}

void FilesTest::start(std::map<std::string, std::string> extra_env) {
    std::map<std::string, std::string> vars{{"SLACK_SIGNING_SECRET", kSigningSecret},
                                            {"MEGATRON_MAX_FILE_BYTES", std::to_string(kMaxBytes)},
                                            {"MEGATRON_LOG_LEVEL", "debug"}};
    if (GetParam().transfer == Transfer::S3) {
        auto url = env("MEGATRON_TEST_S3_URL");
        if (!url) {
            FAIL() << "MEGATRON_TEST_S3_URL is not set: run through scripts/test-services.sh";
        }
        vars["MEGATRON_FILE_TRANSFER"] = "s3";
        vars["S3_ENDPOINT_URL"] = *url;
        vars["S3_AWS_ACCESS_KEY_ID"] = env("MEGATRON_TEST_S3_ACCESS_KEY_ID").value_or("");
        vars["S3_AWS_SECRET_ACCESS_KEY"] = env("MEGATRON_TEST_S3_SECRET_ACCESS_KEY").value_or("");
        vars["AWS_S3_BUCKET"] = env("MEGATRON_TEST_S3_BUCKET").value_or("");
        vars["S3_REGION"] = env("MEGATRON_TEST_S3_REGION").value_or("us-east-1");
    } else {
        vars["MEGATRON_FILE_TRANSFER"] = "slack";
    }
    for (auto& [k, v] : extra_env) vars[k] = std::move(v);
    world_ = std::make_unique<RelayWorld>(GetParam().backend, vars);
    if (world_->unavailable()) FAIL() << world_->unavailable_reason();
    auto& sim = world_->sim;
    agent_ =
        sim.add_user(world_->support_team,
                     {.name = "alice", .real_name = "Alice Agent", .display_name = "Alice Agent"});
    sim.add_member(world_->zz_carla, agent_);
    sim.connect_app(world_->support_team,
                    {.events_url = world_->megatron_url("/megatron/slack/event/"),
                     .signing_secret = kSigningSecret,
                     .echo_bot_messages = false});
}

std::vector<Delivered> FilesTest::delivered(const std::string& conversation) {
    std::vector<Delivered> out;
    if (GetParam().transfer == Transfer::Slack) {
        for (auto& f : world_->sim.shared_files(conversation)) {
            out.push_back({f.name, std::move(f.content), {}});
        }
        return out;
    }
    static const std::regex link("<(https?://[^|>]+)\\|([^>]+)>");
    http::Client client;
    for (const auto& m : world_->sim.messages(conversation)) {
        for (std::sregex_iterator it(m.text.begin(), m.text.end(), link), end; it != end; ++it) {
            http::ClientRequest get;
            get.url = (*it)[1].str();
            auto answer = client.send(get);
            Delivered d{(*it)[2].str(), {}, get.url};
            if (answer && answer->status == 200) d.content = std::move(answer->body);
            out.push_back(std::move(d));
        }
    }
    return out;
}

std::size_t FilesTest::messages_containing(const std::string& conversation,
                                           const std::string& part) {
    std::size_t n = 0;
    for (const auto& m : world_->sim.messages(conversation)) {
        if (m.text.find(part) != std::string::npos || m.username.find(part) != std::string::npos ||
            contains(m.blocks, part) || contains(m.attachments, part)) {
            ++n;
        }
    }
    return n;
}

std::vector<std::string> FilesTest::ephemeral_containing(const std::string& part) {
    std::vector<std::string> out;
    for (const auto& e : world_->sim.ephemeral_messages(world_->zz_carla)) {
        if (e.user == agent_ && e.text.find(part) != std::string::npos) out.push_back(e.text);
    }
    return out;
}

void FilesTest::agent_shares_raw(const std::string& text, boost::json::array files) {
    auto ts = world_->sim.post_as_user(world_->zz_carla, agent_, text);
    boost::json::object event{{"type", "message"},
                              {"subtype", "file_share"},
                              {"channel", world_->zz_carla},
                              {"user", agent_},
                              {"text", text},
                              {"ts", ts},
                              {"event_ts", ts},
                              {"channel_type", "channel"},
                              {"team", world_->support_team},
                              {"files", std::move(files)}};
    world_->sim.send_event(world_->support_team, std::move(event));
}

}  // namespace megatron::test
