#!/usr/bin/python3
"""Parses Prometheus text exposition from stdin with the reference parser
(python3-prometheus-client) and prints one JSON object: {"name{label=value,...}": value}.
A line the parser refuses makes it exit non-zero with the parser's message."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main() -> int:
    out = {}
    types = {}
    for family in text_string_to_metric_families(sys.stdin.read()):
        types[family.name] = family.type
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            out[f"{sample.name}{{{labels}}}"] = sample.value
    print(json.dumps({"samples": out, "types": types}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
