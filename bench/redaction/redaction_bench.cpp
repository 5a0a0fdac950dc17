// What redaction costs per KiB of text written into the support workspace, with the default
// rule (cards) and with every rule on (cards, email, phone, iban, us_ssn and one custom rule).
// The text is chat-like: mostly words, with a card, an email, a phone number, an IBAN and an
// SSN every few hundred bytes. Run:
//   megatron-bench-redaction
#include "commands/text/redaction.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using megatron::text::Redactor;

std::string chat_text(std::size_t bytes) {
    const std::string lines[] = {
        "Hi, my card 4111 1111 1111 1111 was declined twice this morning, can you check? ",
        "You can reach me at carla.m@customer-co.example or on +49 151 1234 5678 after six. ",
        "The refund should go to DE89 3704 0044 0532 0130 00, thanks a lot for your help. ",
        "For the tax form my SSN is 123-45-6789 and the order number is ORD-123456 today. ",
        "Sure, no problem at all. Let me look into it and get back to you in a few minutes. ",
        "I tried again on 2024-01-15 with the app version 3.2.1 but it still says error 504. "};
    std::string text;
    for (std::size_t i = 0; text.size() < bytes; ++i) text += lines[i % 6];
    text.resize(bytes);
    return text;
}

void run(benchmark::State& state, const Redactor& redactor) {
    const auto text = chat_text(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(redactor.redact(text));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_CardsOnly(benchmark::State& state) {
    run(state, Redactor::cards_only());
}

void BM_AllRules(benchmark::State& state) {
    static const Redactor all =
        *Redactor::make({"cards", "email", "phone", "iban", "us_ssn"}, {{"order", "ORD-[0-9]{6}"}});
    run(state, all);
}

BENCHMARK(BM_CardsOnly)->Arg(1024)->Arg(16 * 1024);
BENCHMARK(BM_AllRules)->Arg(1024)->Arg(16 * 1024);

}  // namespace

BENCHMARK_MAIN();
