#include "app/status_routes.hpp"

#include "util/strings.hpp"

#include <fmt/core.h>
#include <boost/json/object.hpp>

#include <chrono>

namespace megatron::app {
namespace {

// What a new installation sees first: how far set-up is, and the playground when it runs.
std::string setup_notice(const StatusInfo& info) {
    std::string notice;
    if (!info.slack_configured) {
        notice +=
            "<p class=\"notice\">No Slack integration is configured yet: see "
            "<em>First-time set-up</em> in the README.</p>\n";
    }
    if (info.playground) {
        notice +=
            "<p class=\"notice\"><a href=\"/playground\">Open the playground</a>: the "
            "relay working against a simulated Slack, with a demo bot, in your browser.</p>\n";
    }
    return notice;
}

std::string status_page(const StatusInfo& info, std::chrono::steady_clock::time_point started,
                        bool database_ok) {
    auto uptime =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    return fmt::format(R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Megatron</title>
<style>body{{font:16px system-ui,sans-serif;margin:3em auto;max-width:40em;color:#222}}
dt{{font-weight:600}}dd{{margin:0 0 .6em 0}}.ok{{color:#1a7f37}}.bad{{color:#c62828}}
.notice{{background:#eef4ff;border:1px solid #b7cdf5;padding:.7em 1em;border-radius:6px}}</style>
</head><body>
<h1>Megatron is running</h1>
{}<dl>
<dt>Version</dt><dd>{}</dd>
<dt>Storage</dt><dd>{} <span class="{}">{}</span></dd>
<dt>Work queue</dt><dd>{}</dd>
<dt>Mode</dt><dd>{}</dd>
<dt>Uptime</dt><dd>{} s</dd>
</dl>
<p>Bot apps call <code>/megatron/incoming/</code>, <code>/megatron/outgoing/</code> and friends;
Slack calls <code>/megatron/slack/event/</code>, <code>/megatron/slack/slash-command/</code> and
<code>/megatron/slack/interactive-message/</code>.</p>
</body></html>
)",
                       setup_notice(info), strings::escape_html(info.version),
                       strings::escape_html(info.storage), database_ok ? "ok" : "bad",
                       database_ok ? "reachable" : "unreachable", strings::escape_html(info.queue),
                       strings::escape_html(info.mode), uptime);
}

}  // namespace

void add_status_routes(http::Router& router, const StatusInfo& info, storage::Database& db) {
    auto started = std::chrono::steady_clock::now();
    auto database_ok = [&db] { return db.execute("SELECT 1").has_value(); };

    router.add(http::Verb::get, "/",
               [info, started, database_ok](const http::Request&, http::RequestContext&) {
                   return http::text_response(http::Status::ok,
                                              status_page(info, started, database_ok()),
                                              "text/html; charset=utf-8");
               });
    router.add(http::Verb::get, "/megatron/", [](const http::Request&, http::RequestContext&) {
        return http::json_response(http::Status::ok, boost::json::object{{"ok", true}});
    });
    router.add(http::Verb::get, "/healthz", [](const http::Request&, http::RequestContext&) {
        return http::json_response(http::Status::ok, boost::json::object{{"ok", true}});
    });
    router.add(http::Verb::get, "/readyz",
               [database_ok](const http::Request&, http::RequestContext&) {
                   if (!database_ok()) {
                       return http::error_response(http::Status::service_unavailable,
                                                   "database_unavailable");
                   }
                   return http::json_response(http::Status::ok, boost::json::object{{"ok", true}});
               });
}

}  // namespace megatron::app
