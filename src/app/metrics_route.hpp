#pragma once
// GET /metrics: Prometheus's text format. With MEGATRON_METRICS_TOKEN set, a scrape must carry
// "Authorization: Bearer <token>" (Prometheus's bearer_token / authorization settings).
#include "http/router.hpp"
#include "metrics/metrics.hpp"
#include "util/secret.hpp"

namespace megatron::app {

void add_metrics_route(http::Router& router, metrics::Metrics& metrics, Secret token);

}  // namespace megatron::app
