#pragma once
// Names of engagement channels: CHANNEL_PREFIX + "<username>_<domain>", as the original, cut
// to what Slack's conversations.create accepts (lower case; only a-z, 0-9, '-' and '_'; at most
// 80 characters).
//
// Characters outside that set are dropped, as the original's re.sub(r"[^\w-]", "") did for
// ASCII ("John.Doe" -> "johndoe"); non-ASCII letters are dropped too because Slack refuses
// them. An empty username becomes "user"; an empty domain drops the "_<domain>" part. The name
// is cut at 80 characters, the username shortened first so the domain stays recognisable.
//
// When Slack answers name_taken, the next names are "<name>-2", "<name>-3", ... with the base
// cut so the whole stays within 80 characters (the same rule the Slack connection applies).
#include <string>
#include <string_view>

namespace megatron::text {

inline constexpr std::size_t kMaxChannelNameLength = 80;

// Lower-cases ASCII and keeps only a-z 0-9 '-' '_'.
std::string channel_name_part(std::string_view raw);

std::string engagement_channel_name(std::string_view prefix, std::string_view username,
                                    std::string_view domain);

// n < 2 gives `name` itself (cut to 80); otherwise "<name cut>-<n>" within 80 characters.
std::string channel_name_with_suffix(std::string_view name, int n);

}  // namespace megatron::text
