#pragma once
// The repository's test fixtures (tests/fixtures): wire-format samples, each a JSON file
// {"source": where the format comes from, "about": what it shows, "payload": JSON | "body": text}.
// A missing or malformed fixture fails the calling test (ADD_FAILURE naming the file) and gives
// an empty value, so the test fails loudly instead of aborting or passing on nothing.
#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace megatron::test {

std::filesystem::path fixtures_dir();  // tests/fixtures of this checkout

// The whole fixture file; null after a failure when it is missing, not JSON or not a fixture.
boost::json::value fixture_document(const std::filesystem::path& relative);
// The fixture's "payload"; null after a failure when there is none.
boost::json::value fixture_json(const std::filesystem::path& relative);
// The bytes a test sends: the "body" text, or else the payload serialised; "" after a failure.
std::string fixture_text(const std::filesystem::path& relative);
// The fixtures (*.json) of one folder as paths relative to fixtures_dir(), sorted by name;
// empty after a failure when the folder is missing or holds none.
std::vector<std::filesystem::path> fixture_files(const std::filesystem::path& folder);

}  // namespace megatron::test
