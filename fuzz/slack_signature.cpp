// Fuzz target: Slack request verification. Lines: signing secret, legacy token, timestamp
// header, signature header, then the raw body. Checks, besides never crashing:
//   - the signature Slack would send for (secret, timestamp, body) verifies when the timestamp
//     is now, and any other signature is refused;
//   - a timestamp outside the tolerance is refused even with the right signature;
//   - with no secret and no token configured, nothing verifies.
#include "fuzz_input.hpp"
#include "platforms/slack/interpreter/verification.hpp"

#include <string>

namespace {

namespace si = megatron::slack::interpreter;
using megatron::Secret;
using megatron::fuzz::check;

constexpr std::int64_t kNow = 1700000000;

si::SignatureHeaders headers(std::string_view timestamp, std::string_view signature) {
    return {std::string(timestamp), std::string(signature)};
}

void check_signed(const si::VerificationConfig& config, std::string_view signature,
                  std::string_view body) {
    auto now = std::to_string(kNow);
    auto genuine = si::slack_signature(config.signing_secret, now, body);
    check(si::verify(headers(now, genuine), body, kNow, config).has_value(),
          "Slack's own signature verifies");
    if (signature != genuine) {
        check(!si::verify(headers(now, signature), body, kNow, config).has_value(),
              "another signature is refused");
    }
    auto stale = std::to_string(kNow - 301);
    check(!si::verify(headers(stale, si::slack_signature(config.signing_secret, stale, body)), body,
                      kNow, config)
               .has_value(),
          "a stale timestamp is refused");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto f = megatron::fuzz::split_fields(data, size, 5);
    si::VerificationConfig config{Secret(std::string(f[0])), Secret(std::string(f[1])),
                                  std::chrono::seconds(300)};
    // Whatever the headers say: no crash, no exception.
    (void)si::verify(headers(f[2], f[3]), f[4], kNow, config);
    (void)si::verify({std::nullopt, std::string(f[3])}, f[4], kNow, config);
    if (!config.signing_secret.empty()) check_signed(config, f[3], f[4]);
    si::VerificationConfig nothing{Secret(), Secret(), std::chrono::seconds(300)};
    check(!si::verify(headers(f[2], f[3]), f[4], kNow, nothing).has_value(),
          "with nothing configured every request is refused");
    return 0;
}
