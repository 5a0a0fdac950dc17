// The imported history's order and time-stamp groups (the original's _format_slack_timestamp).
#include "commands/text/imported_history.hpp"

#include <gtest/gtest.h>

namespace megatron::text {
namespace {

// 2023-11-14 22:13:20 UTC
constexpr std::int64_t kBase = 1700000000;

std::string ts(std::int64_t seconds, int fraction = 100) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld.%06d", static_cast<long long>(seconds), fraction);
    return buffer;
}

TEST(ImportedHistory, HeaderIsTheOriginalsFormatInUtc) {
    EXPECT_EQ(timestamp_header(kBase), "*[Nov 14 10:13 PM]*\n");
    EXPECT_EQ(timestamp_header(kBase + 12 * 3600), "*[Nov 15 10:13 AM]*\n");
}

TEST(ImportedHistory, MessagesWithinThreeMinutesOfThePreviousShareOneHeader) {
    auto headers = timestamp_headers({ts(kBase), ts(kBase + 60), ts(kBase + 60 + 180),
                                      ts(kBase + 60 + 180 + 181), ts(kBase + 10000)});
    ASSERT_EQ(headers.size(), 5u);
    EXPECT_EQ(headers[0], timestamp_header(kBase));  // the first always has one
    EXPECT_EQ(headers[1], "");                       // 1 minute later
    EXPECT_EQ(headers[2], "");                       // exactly 3 minutes after the previous
    EXPECT_EQ(headers[3], timestamp_header(kBase + 60 + 180 + 181));  // 3 min 1 s: new group
    EXPECT_EQ(headers[4], timestamp_header(kBase + 10000));
}

TEST(ImportedHistory, TheGapIsMeasuredFromThePreviousMessageNotTheGroupStart) {
    // Every message 2 minutes after the one before: one group, however long it runs.
    std::vector<std::string> chain;
    for (int i = 0; i < 6; ++i) chain.push_back(ts(kBase + i * 120));
    auto headers = timestamp_headers(chain);
    EXPECT_EQ(headers[0], timestamp_header(kBase));
    for (std::size_t i = 1; i < headers.size(); ++i) EXPECT_EQ(headers[i], "") << i;
}

TEST(ImportedHistory, OrderIsByTimeWithTheCustomerFirstWithinASecond) {
    std::vector<ImportItem> items{{ts(kBase + 5, 900), false},   // 0: bot, later second
                                  {ts(kBase, 200), false},       // 1: bot reply, same second
                                  {ts(kBase, 700), true},        // 2: customer, same second
                                  {ts(kBase - 30, 1), true},     // 3: customer, earliest
                                  {ts(kBase + 5, 100), false}};  // 4: bot, before 0
    auto order = import_order(items);
    EXPECT_EQ(order, (std::vector<std::size_t>{3, 2, 1, 4, 0}));
}

TEST(ImportedHistory, EmptyHistoryHasNoHeaders) {
    EXPECT_TRUE(timestamp_headers({}).empty());
    EXPECT_TRUE(import_order({}).empty());
}

TEST(ImportedHistory, TsSecondsReadsTheWholePart) {
    EXPECT_EQ(ts_seconds("1700000000.000100"), 1700000000);
    EXPECT_EQ(ts_seconds("1700000000"), 1700000000);
    EXPECT_EQ(ts_seconds("garbage"), 0);
}

// Found by fuzzing (fuzz/corpus/text_rules/history_ts_overflow): a negative "ts" was read as
// negative seconds, and the gap to a huge one overflowed (undefined behaviour).
TEST(ImportedHistory, ANegativeTsIsNoTime) {
    EXPECT_EQ(ts_seconds("-1700000000.000100"), 0);
    auto headers = timestamp_headers({"-9223372036854775808.0", "9223372036854775807.0"});
    ASSERT_EQ(headers.size(), 2u);
    EXPECT_FALSE(headers[1].empty());  // far apart: a new group with its own time stamp
}

}  // namespace
}  // namespace megatron::text
