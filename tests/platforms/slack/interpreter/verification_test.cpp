// Slack request verification against the official signing vector and its variants
// (tests/fixtures/slack/signing_vectors.json), the legacy token fallback, and the HTTP adapter.
#include "platforms/slack/interpreter/verification.hpp"
#include "platforms/slack/interpreter/verification_http.hpp"
#include "support/fixtures.hpp"
#include "util/strings.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace megatron::slack::interpreter {
namespace {

namespace json = boost::json;

constexpr std::int64_t kDocsTime = 1531420618;

VerificationConfig with_secret(std::string secret) {
    VerificationConfig config;
    config.signing_secret = Secret(std::move(secret));
    return config;
}

std::optional<std::string> optional_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return std::string(v->as_string());
}

std::int64_t now_for(const json::object& vector) {
    const auto& now = vector.at("now_for_check");
    // "current wall clock" for the stale case: any time more than five minutes later.
    return now.is_int64() ? now.as_int64() : kDocsTime + 301;
}

TEST(SlackSigningVectors, EveryVectorGivesTheExpectedVerdict) {
    auto document = test::fixture_json("slack/signing_vectors.json");
    ASSERT_TRUE(document.is_object());
    const auto& vectors = document.at("vectors").as_array();
    ASSERT_GE(vectors.size(), 8u);
    int valid = 0;
    for (const auto& item : vectors) {
        const auto& v = item.as_object();
        SCOPED_TRACE(std::string(v.at("id").as_string()));
        SignatureHeaders headers{optional_field(v, "timestamp"), optional_field(v, "signature")};
        auto config = with_secret(std::string(v.at("signing_secret").as_string()));
        auto result = verify(headers, v.at("body").as_string(), now_for(v), config);
        EXPECT_EQ(result.has_value(), v.at("expected_valid").as_bool());
        valid += result.has_value() ? 1 : 0;
    }
    EXPECT_EQ(valid, 2);  // the docs vector and the derived url_verification one
}

TEST(SlackSigningVectors, SignatureOfTheDocsExampleMatches) {
    auto body =
        test::fixture_text("slack/slash_commands/slash_command_body__slack-signing-docs.json");
    EXPECT_EQ(slack_signature(Secret("8f742231b10e8888abcd99yyyzzz85a5"), "1531420618", body),
              "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
}

class SignatureCheck : public ::testing::Test {
  protected:
    VerificationConfig config = with_secret("s3cret");
    std::string body = "token=x&text=hello";
    std::string ts = std::to_string(kDocsTime);
    SignatureHeaders signed_headers() const {
        return {ts, slack_signature(config.signing_secret, ts, body)};
    }
};

TEST_F(SignatureCheck, AcceptsWithinFiveMinutesEitherWay) {
    EXPECT_TRUE(verify(signed_headers(), body, kDocsTime + 300, config));
    EXPECT_TRUE(verify(signed_headers(), body, kDocsTime - 300, config));
}

TEST_F(SignatureCheck, RefusesMoreThanFiveMinutesEitherWay) {
    auto late = verify(signed_headers(), body, kDocsTime + 301, config);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error(), VerificationError::StaleTimestamp);
    auto early = verify(signed_headers(), body, kDocsTime - 301, config);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error(), VerificationError::StaleTimestamp);
}

TEST_F(SignatureCheck, MissingEitherHeader) {
    auto headers = signed_headers();
    headers.timestamp.reset();
    EXPECT_EQ(verify(headers, body, kDocsTime, config).error(), VerificationError::MissingHeaders);
    headers = signed_headers();
    headers.signature.reset();
    EXPECT_EQ(verify(headers, body, kDocsTime, config).error(), VerificationError::MissingHeaders);
}

TEST_F(SignatureCheck, MalformedTimestamps) {
    for (std::string bad :
         {"", "abc", "1531420618.5", "-1531420618", " 1531420618", "99999999999999999999999"}) {
        SCOPED_TRACE(bad);
        SignatureHeaders headers{bad, slack_signature(config.signing_secret, bad, body)};
        EXPECT_EQ(verify(headers, body, kDocsTime, config).error(),
                  VerificationError::BadTimestamp);
    }
}

TEST_F(SignatureCheck, AnyChangeToSignatureOrBodyFails) {
    auto headers = signed_headers();
    auto upper = *headers.signature;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& sig :
         {upper, headers.signature->substr(3), headers.signature->substr(0, 66),
          *headers.signature + "0", std::string("v1=") + headers.signature->substr(3),
          std::string()}) {
        SCOPED_TRACE(sig);
        EXPECT_EQ(verify({ts, sig}, body, kDocsTime, config).error(),
                  VerificationError::SignatureMismatch);
    }
    EXPECT_EQ(verify(headers, body + " ", kDocsTime, config).error(),
              VerificationError::SignatureMismatch);
    EXPECT_EQ(verify(headers, "", kDocsTime, config).error(), VerificationError::SignatureMismatch);
}

TEST_F(SignatureCheck, LegacyTokenIsIgnoredWhenASecretIsConfigured) {
    config.legacy_token = Secret("x");
    // The body carries the right legacy token, but without a signature that is not enough.
    EXPECT_EQ(verify({}, body, kDocsTime, config).error(), VerificationError::MissingHeaders);
}

TEST(LegacyToken, AcceptedFromFormJsonAndPayloadBodies) {
    VerificationConfig config;
    config.legacy_token = Secret("tok-123");
    std::string payload = R"({"type":"block_actions","token":"tok-123"})";
    for (const std::string& body :
         {std::string("team_id=T1&token=tok-123&text=x"),
          std::string(R"({"token":"tok-123","type":"url_verification","challenge":"c"})"),
          "payload=" + strings::url_encode(payload)}) {
        SCOPED_TRACE(body);
        EXPECT_TRUE(verify({}, body, kDocsTime, config));
    }
}

TEST(LegacyToken, WrongOrMissingTokenRefused) {
    VerificationConfig config;
    config.legacy_token = Secret("tok-123");
    for (const std::string& body :
         {std::string("team_id=T1&token=tok-124"), std::string("team_id=T1"), std::string(),
          std::string(R"({"token":123})"), std::string("{not json"),
          std::string("payload=%7Bbroken"), std::string("token=tok-12")}) {
        SCOPED_TRACE(body);
        auto result = verify({}, body, kDocsTime, config);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error(), VerificationError::TokenMismatch);
    }
}

TEST(NothingConfigured, EverythingRefused) {
    auto result = verify({"1", "v0=00"}, "token=", kDocsTime, VerificationConfig{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), VerificationError::NotConfigured);
}

TEST(ErrorText, NeverContainsTheSecret) {
    for (auto e : {VerificationError::NotConfigured, VerificationError::MissingHeaders,
                   VerificationError::BadTimestamp, VerificationError::StaleTimestamp,
                   VerificationError::SignatureMismatch, VerificationError::TokenMismatch}) {
        auto text = to_string(e);
        EXPECT_FALSE(text.empty());
        EXPECT_EQ(text.find("8f742231"), std::string::npos);
    }
}

TEST(HttpAdapter, ReadsHeadersCaseInsensitively) {
    auto config = with_secret("8f742231b10e8888abcd99yyyzzz85a5");
    http::Request request{http::Verb::post, "/megatron/slack/slash-command/", 11};
    request.set("x-slack-request-timestamp", "1531420618");
    request.set("X-SLACK-SIGNATURE",
                "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    request.body() =
        test::fixture_text("slack/slash_commands/slash_command_body__slack-signing-docs.json");
    EXPECT_TRUE(verify(request, kDocsTime, config));
    request.body() += "&x=1";
    EXPECT_EQ(verify(request, kDocsTime, config).error(), VerificationError::SignatureMismatch);
    request.erase("X-Slack-Signature");
    EXPECT_EQ(verify(request, kDocsTime, config).error(), VerificationError::MissingHeaders);
}

}  // namespace
}  // namespace megatron::slack::interpreter
