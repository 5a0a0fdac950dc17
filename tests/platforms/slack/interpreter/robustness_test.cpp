// Damaged input never crashes a parser (run under ASan/UBSan): every prefix of every sample
// body, and bodies with single bytes changed, come back as a value or a typed error.
#include "platforms/slack/interpreter/events.hpp"
#include "platforms/slack/interpreter/interactive.hpp"
#include "platforms/slack/interpreter/slash_command.hpp"
#include "platforms/slack/interpreter/verification.hpp"
#include "support/fixtures.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <random>

namespace megatron::slack::interpreter {
namespace {

TEST(Robustness, EveryPrefixOfAnEventBodyIsInvalidJson) {
    for (const auto& file : test::fixture_files("slack/events")) {
        SCOPED_TRACE(file.filename().string());
        auto body = test::fixture_text(file);
        auto last_brace = body.rfind('}');
        ASSERT_NE(last_brace, std::string::npos);
        for (std::size_t n = 0; n < last_brace; ++n) {
            auto parsed = parse_events_body(std::string_view(body).substr(0, n));
            ASSERT_FALSE(parsed) << "prefix " << n;
            EXPECT_EQ(parsed.error().kind, ParseError::Kind::InvalidJson);
        }
    }
}

TEST(Robustness, EveryPrefixOfAnInteractivePayloadFailsCleanly) {
    for (const auto& file : test::fixture_files("slack/interactive")) {
        SCOPED_TRACE(file.filename().string());
        auto form = "payload=" + strings::url_encode(test::fixture_text(file));
        for (std::size_t n = 0; n + 3 < form.size(); ++n) {
            auto parsed = parse_interactive_body(std::string_view(form).substr(0, n));
            EXPECT_FALSE(parsed) << "prefix " << n;
        }
    }
}

TEST(Robustness, ChangedBytesGiveAValueOrATypedError) {
    std::mt19937 random(12345);  // fixed seed: the same inputs every run
    std::vector<std::string> bodies;
    for (const auto& f : test::fixture_files("slack/events")) {
        bodies.push_back(test::fixture_text(f));
    }
    for (const auto& f : test::fixture_files("slack/interactive")) {
        bodies.push_back("payload=" + strings::url_encode(test::fixture_text(f)));
    }
    for (const auto& f : test::fixture_files("slack/slash_commands")) {
        bodies.push_back(test::fixture_text(f));
    }
    const std::string alphabet = "{}[]\":,0123456789abctrue null%&=+\\\x01\xff";
    int values = 0;
    int errors = 0;
    for (const auto& original : bodies) {
        if (original.empty()) continue;  // a broken fixture, already reported
        for (int round = 0; round < 200; ++round) {
            auto body = original;
            for (int k = 0; k < 3; ++k) {
                body[random() % body.size()] = alphabet[random() % alphabet.size()];
            }
            for (auto ok :
                 {parse_events_body(body).has_value(), parse_interactive_body(body).has_value(),
                  parse_slash_command(body).has_value()}) {
                (ok ? values : errors) += 1;
            }
            VerificationConfig config;
            config.legacy_token = Secret("verification_token");
            (void)verify({}, body, 0, config);
        }
    }
    // Both outcomes happen: damaged bodies are not all rejected, nor all accepted.
    EXPECT_GT(values, 0);
    EXPECT_GT(errors, 0);
}

}  // namespace
}  // namespace megatron::slack::interpreter
