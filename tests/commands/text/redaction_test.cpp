// Redaction rules (issue 20): each built-in rule with true and false positives, custom rules,
// and a bad regex refused when the Redactor is made.
#include "commands/text/redaction.hpp"

#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <fstream>

namespace megatron::text {
namespace {

Redactor only(const std::string& rule) {
    auto r = Redactor::make({rule});
    EXPECT_TRUE(r) << r.error();
    return *r;
}

TEST(Redaction, CardsAreOnByDefaultAndKeepTheLastFourDigits) {
    const auto& r = Redactor::cards_only();
    EXPECT_EQ(r.redact("card 4111 1111 1111 1111 ok"), "card **** **** **** 1111 ok");
    EXPECT_EQ(r.redact("order 4111 1111 1111 1112"), "order 4111 1111 1111 1112");  // not Luhn
    EXPECT_EQ(r.redact("mail me at a@b.example"), "mail me at a@b.example");        // email off
}

TEST(Redaction, EmailKeepsTheDomain) {
    auto r = only("email");
    EXPECT_EQ(r.redact("write to carla.m+x@customer-co.example.com now"),
              "write to ***@customer-co.example.com now");
    EXPECT_EQ(r.redact("@carla and user@localhost stay"), "@carla and user@localhost stay");
}

TEST(Redaction, PhoneNumbersInCommonFormats) {
    auto r = only("phone");
    EXPECT_EQ(r.redact("call +49 151 1234 5678"), "call [phone ..78]");
    EXPECT_EQ(r.redact("call +4915112345678."), "call [phone ..78].");
    EXPECT_EQ(r.redact("(555) 123-4567"), "[phone ..67]");
    EXPECT_EQ(r.redact("555-123-4567"), "[phone ..67]");
    EXPECT_EQ(r.redact("020 7946 0958"), "[phone ..58]");
    EXPECT_EQ(r.redact("06 12 34 56 78"), "[phone ..78]");
    // Dates, order numbers and short codes are not phone numbers.
    EXPECT_EQ(r.redact("on 2024-01-15 order 12345 code 01-02-2024"),
              "on 2024-01-15 order 12345 code 01-02-2024");
}

TEST(Redaction, IbanNeedsAValidChecksum) {
    auto r = only("iban");
    EXPECT_EQ(r.redact("IBAN DE89 3704 0044 0532 0130 00 thanks"), "IBAN DE** **** 3000 thanks");
    EXPECT_EQ(r.redact("GB82WEST12345698765432"), "GB** **** 5432");
    // One digit changed: the checksum fails and the text stays.
    EXPECT_EQ(r.redact("DE89 3704 0044 0532 0130 01"), "DE89 3704 0044 0532 0130 01");
    EXPECT_EQ(r.redact("GB82WEST12345698765433"), "GB82WEST12345698765433");
}

TEST(Redaction, UsSsnSkipsNumbersNeverIssued) {
    auto r = only("us_ssn");
    EXPECT_EQ(r.redact("ssn 123-45-6789."), "ssn ***-**-6789.");
    for (const char* never : {"000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567",
                              "123-45-0000", "1234-56-7890"}) {
        EXPECT_EQ(r.redact(never), never);
    }
}

TEST(Redaction, CustomRulesFromAFileAndABadRegexIsRefused) {
    megatron::test::TempDir dir;
    auto path = dir.path() + "/rules";
    std::ofstream(path) << "# ours\norder=ORD-[0-9]{6}\n";
    auto rules = Redactor::read_rules_file(path);
    ASSERT_TRUE(rules) << rules.error();
    auto r = Redactor::make({"cards"}, *rules);
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->redact("about ORD-123456 and ORD-12"), "about [order] and ORD-12");

    auto bad = Redactor::make({}, {{"broken", "a(b"}});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("rule 'broken' is not a valid regex"), std::string::npos);
    std::ofstream(path) << "no equals sign\n";
    EXPECT_FALSE(Redactor::read_rules_file(path));
}

// RE2: a custom rule cannot make a message cost exponential time (std::regex backtracked
// `(a+)+b` over a long run of a's until the stack ran out), and what RE2 cannot do in linear
// time (lookaround, backreferences) is refused at start-up, naming the rule.
TEST(Redaction, CustomRulesRunInLinearTimeAndLookaroundIsRefused) {
    auto r = Redactor::make({}, {{"nested", "(a+)+b"}});
    ASSERT_TRUE(r) << r.error();
    const std::string hostile(100'000, 'a');
    EXPECT_EQ(r->redact(hostile), hostile);
    EXPECT_EQ(r->redact("x aab y"), "x [nested] y");
    for (const char* unsupported : {"ORD(?=-)", "(a)\\1"}) {
        auto refused = Redactor::make({}, {{"ahead", unsupported}});
        ASSERT_FALSE(refused) << unsupported;
        EXPECT_NE(refused.error().find("rule 'ahead' is not a valid regex"), std::string::npos)
            << refused.error();
    }
}

TEST(Redaction, BlocksAndAttachmentsButNotUrlsOrIds) {
    auto r = Redactor::make({"cards", "email"});
    ASSERT_TRUE(r);
    auto blocks = boost::json::parse(
        R"([{"type": "section", "block_id": "a@b.example",
             "text": {"type": "mrkdwn", "text": "from carla@customer.example"},
             "accessory": {"type": "image", "image_url": "https://x.example/a@b.example.png"}}])");
    r->redact_json(blocks);
    const auto& section = blocks.as_array()[0].as_object();
    EXPECT_EQ(section.at("text").at("text").as_string(), "from ***@customer.example");
    EXPECT_EQ(section.at("block_id").as_string(), "a@b.example");
    EXPECT_EQ(section.at("accessory").at("image_url").as_string(),
              "https://x.example/a@b.example.png");
}

}  // namespace
}  // namespace megatron::text
