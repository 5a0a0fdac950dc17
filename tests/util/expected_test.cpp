// Expected's combinators: a chain runs each step only while there is a value, and the first
// error passes through to the end unchanged (or converted by transform_error).
#include "util/expected.hpp"

#include <gtest/gtest.h>

#include <string>

namespace megatron {
namespace {

struct Oops {
    std::string why;
};

Expected<int, Oops> parse_digit(char c) {
    if (c < '0' || c > '9') return unexpected(Oops{std::string("not a digit: ") + c});
    return c - '0';
}

Expected<int, Oops> halve(int n) {
    if (n % 2 != 0) return unexpected(Oops{"odd"});
    return n / 2;
}

TEST(Expected, AndThenRunsOnlyOnAValue) {
    auto ok = parse_digit('8').and_then(halve).and_then(halve);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 2);

    int calls = 0;
    auto failed = parse_digit('x').and_then([&](int n) {
        ++calls;
        return halve(n);
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().why, "not a digit: x");
    EXPECT_EQ(calls, 0);

    auto second_fails = parse_digit('3').and_then(halve);
    ASSERT_FALSE(second_fails);
    EXPECT_EQ(second_fails.error().why, "odd");
}

TEST(Expected, TransformMapsTheValueAndKeepsTheError) {
    auto text = parse_digit('7').transform([](int n) { return std::to_string(n * 6); });
    static_assert(std::is_same_v<decltype(text), Expected<std::string, Oops>>);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "42");

    auto failed = parse_digit('?').transform([](int n) { return n + 1; });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().why, "not a digit: ?");

    const auto kept = parse_digit('4');  // const lvalue: the source stays usable
    EXPECT_EQ(*kept.transform([](int n) { return n * 2; }), 8);
    EXPECT_EQ(*kept, 4);
}

TEST(Expected, TransformErrorConvertsOnlyTheError) {
    auto code = [](const Oops& e) { return static_cast<int>(e.why.size()); };
    auto ok = parse_digit('1').transform_error(code);
    static_assert(std::is_same_v<decltype(ok), Expected<int, int>>);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 1);
    auto failed = parse_digit('a').transform_error(code);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error(), 14);
}

TEST(Expected, VoidChains) {
    Expected<void, Oops> done;
    auto next = done.and_then([] { return parse_digit('5'); });
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, 5);

    Expected<void, Oops> refused = unexpected(Oops{"refused"});
    auto skipped = refused.transform([] { return 1; });
    ASSERT_FALSE(skipped);
    EXPECT_EQ(skipped.error().why, "refused");
    EXPECT_EQ(refused.transform_error([](const Oops& e) { return e.why; }).error(), "refused");

    auto to_void = parse_digit('2').transform([](int) {});
    static_assert(std::is_same_v<decltype(to_void), Expected<void, Oops>>);
    EXPECT_TRUE(to_void);
}

}  // namespace
}  // namespace megatron
