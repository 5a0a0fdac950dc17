// `?` -> `$n` rewriting for PostgreSQL: only real placeholders are numbered.
#include "storage/postgres/placeholders.hpp"

#include <gtest/gtest.h>

namespace megatron::storage::postgres {
namespace {

TEST(Placeholders, NumbersEachPlaceholderInOrder) {
    auto r = rewrite_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)");
    EXPECT_EQ(r.sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
    EXPECT_EQ(r.placeholders, 3);
}

TEST(Placeholders, LeavesSqlWithoutPlaceholdersAlone) {
    auto r = rewrite_placeholders("SELECT 1");
    EXPECT_EQ(r.sql, "SELECT 1");
    EXPECT_EQ(r.placeholders, 0);
}

TEST(Placeholders, IgnoresQuestionMarksInStringLiterals) {
    auto r = rewrite_placeholders("SELECT 'why?', 'it''s ?', ? WHERE x = 'a?b'");
    EXPECT_EQ(r.sql, "SELECT 'why?', 'it''s ?', $1 WHERE x = 'a?b'");
    EXPECT_EQ(r.placeholders, 1);
}

TEST(Placeholders, BackslashEscapesOnlyCountInEscapeStrings) {
    // In E'...' a backslash escapes the quote; in a plain string it is an ordinary character.
    auto e = rewrite_placeholders("SELECT E'\\' ?', ?");
    EXPECT_EQ(e.sql, "SELECT E'\\' ?', $1");
    auto plain = rewrite_placeholders("SELECT '\\', ?");
    EXPECT_EQ(plain.sql, "SELECT '\\', $1");
}

TEST(Placeholders, IgnoresQuotedIdentifiersAndComments) {
    auto r = rewrite_placeholders(
        "SELECT \"odd?name\" -- trailing ? comment\nFROM t /* ? /* nested ? */ ? */ WHERE a = ?");
    EXPECT_EQ(r.sql,
              "SELECT \"odd?name\" -- trailing ? comment\nFROM t /* ? /* nested ? */ ? */ WHERE a "
              "= $1");
    EXPECT_EQ(r.placeholders, 1);
}

TEST(Placeholders, IgnoresDollarQuotedBodies) {
    auto r = rewrite_placeholders("SELECT $$ ? $$, $tag$ it's ? $tag$, ?");
    EXPECT_EQ(r.sql, "SELECT $$ ? $$, $tag$ it's ? $tag$, $1");
    EXPECT_EQ(r.placeholders, 1);
}

TEST(Placeholders, KeepsExistingPositionalParametersAndOperators) {
    auto r = rewrite_placeholders("SELECT a->>'k', $1 FROM t WHERE b = ?");
    EXPECT_EQ(r.sql, "SELECT a->>'k', $1 FROM t WHERE b = $1");
    EXPECT_EQ(r.placeholders, 1);
}

TEST(Placeholders, AnUnterminatedLiteralSwallowsTheRest) {
    auto r = rewrite_placeholders("SELECT 'open ? ");
    EXPECT_EQ(r.sql, "SELECT 'open ? ");
    EXPECT_EQ(r.placeholders, 0);
}

}  // namespace
}  // namespace megatron::storage::postgres
