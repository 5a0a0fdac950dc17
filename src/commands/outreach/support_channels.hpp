#pragma once
// CUSTOMER_SERVICE_CHANNEL as the original took it: a channel id ("C0123ABCD") or a channel
// name ("#customer-service", the original's default). A name is resolved once per support
// workspace through conversations.list (every page) and remembered for the life of the
// process; an unknown name is an error for the caller and one log line, and is looked up
// again next time (the channel may have been created meanwhile).
#include "platforms/slack/connection/web_api_client.hpp"
#include "storage/models.hpp"
#include "util/expected.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace megatron::commands::outreach {

struct ChannelLookupError {
    enum class Kind { NotFound, SlackUnavailable };
    Kind kind = Kind::NotFound;
    std::string detail;  // for logs; never a token
};

// True for what Slack ids look like (upper-case letters and digits, starting with C or G);
// channel names are lower case, and may start with '#'.
bool looks_like_channel_id(std::string_view value);

class SupportChannels {
  public:
    // `observer` (may be null) is told of its Slack calls (the metrics).
    explicit SupportChannels(std::string slack_api_url, slack::CallObserver* observer = nullptr);

    // The channel id to post to in `integration`'s workspace. Thread-safe: lookups are
    // serialized (they are rare: once per name and workspace).
    Expected<std::string, ChannelLookupError> resolve(const storage::Integration& integration,
                                                      const std::string& configured);

  private:
    std::mutex mutex_;
    slack::WebApiClient client_;  // used under mutex_ only
    std::map<std::pair<std::int64_t, std::string>, std::string> known_;
};

}  // namespace megatron::commands::outreach
