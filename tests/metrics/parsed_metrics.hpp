#pragma once
// Reads a Prometheus exposition back through the reference parser (parse_metrics.py, Debian's
// python3-prometheus-client): {"samples": {"name{k=v,...}": value}, "types": {...}}.
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <fstream>

namespace megatron::test {

inline boost::json::object parsed_metrics(const std::string& exposition) {
    TempDir dir;
    auto path = dir.path() + "/metrics.txt";
    std::ofstream(path) << exposition;
    auto r = run("/bin/sh", {"-c", std::string(PARSE_METRICS) + " < " + path});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    if (r.exit_code != 0) return {};
    return boost::json::parse(r.output).as_object();
}

// One sample's value; -1 (and a failure) when it is missing.
inline double metric_sample(const boost::json::object& parsed, const std::string& key) {
    const auto* samples = parsed.if_contains("samples");
    const auto* v = samples == nullptr ? nullptr : samples->as_object().if_contains(key);
    EXPECT_NE(v, nullptr) << key << " missing";
    return v == nullptr ? -1 : v->to_number<double>();
}

}  // namespace megatron::test
