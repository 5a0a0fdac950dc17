#pragma once
// Issue #8's world: RelayWorld (a real `megatron serve`, the Slack simulator as both
// workspaces, an engagement channel for carla) plus an agent in that channel whose messages
// reach Megatron as signed Events API callbacks, the transfer back end chosen per test
// (slack, or s3 against the S3-compatible server the test command starts), and helpers to
// read what arrived.
#include "e2e/relay_world.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace megatron::test {

enum class Transfer { Slack, S3 };

struct FilesCase {
    Backend backend;
    Transfer transfer;
};
std::string case_name(const ::testing::TestParamInfo<FilesCase>& info);

// A file delivered into a conversation: by Slack upload (shared file) or by an S3 link
// (fetched over HTTP).
struct Delivered {
    std::string name;
    std::string content;
    std::string link;  // S3 only: the presigned URL
};

class FilesTest : public ::testing::TestWithParam<FilesCase> {
  protected:
    static constexpr const char* kSigningSecret = "e2e-files-signing-secret-0123456789";
    static constexpr std::size_t kMaxBytes = 1024 * 1024;  // MEGATRON_MAX_FILE_BYTES in tests

    // Starts the world; `extra_env` overrides the defaults. Fails the test when the back
    // end's servers are not running (run through scripts/test.sh or test-services.sh).
    void start(std::map<std::string, std::string> extra_env = {});

    // Files delivered into `conversation` so far, in order.
    std::vector<Delivered> delivered(const std::string& conversation);
    // Messages in `conversation` whose text, author name, blocks or attachments contain `part`.
    std::size_t messages_containing(const std::string& conversation, const std::string& part);
    // Ephemeral lines in the engagement channel containing `part`.
    std::vector<std::string> ephemeral_containing(const std::string& part);
    // A signed "message" event from the agent in the engagement channel with these files.
    void agent_shares_raw(const std::string& text, boost::json::array files);

    static std::string bytes(std::size_t n, unsigned seed);

    std::unique_ptr<RelayWorld> world_;
    std::string agent_;
};

}  // namespace megatron::test
