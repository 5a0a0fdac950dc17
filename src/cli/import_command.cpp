// `megatron import-original --from postgres://... [--dry-run]`: imports the database of the
// original Megatron into DATABASE_URL's (docs/import-original.md). Prints one line per
// organization, one per skipped row (table and id), and the counts per table. Never prints a
// token, a key or the --from password.
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "config/database_url.hpp"
#include "importer/importer.hpp"
#include "storage/open.hpp"
#include "util/clock.hpp"

#include <fmt/core.h>

#include <memory>

namespace megatron::cli {
namespace {

struct ImportArgs {
    std::string from;
    bool dry_run = false;
};

void print_skipped(const std::vector<importer::SkippedRow>& rows) {
    for (const auto& row : rows) {
        fmt::print("skipped {} id {}: {}\n", row.table, row.id, row.reason);
    }
}

void print_report(const importer::ImportReport& report, bool dry_run) {
    for (const auto& o : report.organizations) {
        if (o.imported) {
            fmt::print("organization \"{}\" (original id {}): {}\n", o.name, o.original_id,
                       dry_run ? "would be imported" : "imported");
        } else {
            fmt::print(
                "organization \"{}\" (original id {}): NOT imported, nothing of it was "
                "written: {}\n",
                o.name, o.original_id, o.error);
        }
        print_skipped(o.skipped);
    }
    print_skipped(report.skipped);
    fmt::print("{:<20} {:>12}\n", "table", dry_run ? "would import" : "imported");
    const auto totals = report.totals();
    for (const auto& table : importer::target_tables()) {
        fmt::print("{:<20} {:>12}\n", table, totals.at(table));
    }
    fmt::print("{} row(s) skipped{}\n", report.skipped_count(),
               dry_run ? "; dry run: nothing was written" : "");
}

void run_import(CommandContext& ctx, const ImportArgs& args) {
    const std::string shown = config::redact_url(args.from);
    auto from = config::parse_database_url(args.from);
    if (!from || from->kind != config::DatabaseUrl::Kind::Postgres) {
        report_error("--from: a postgres:// URL of the original Megatron's database is needed");
        ctx.exit_code = kExitBadConfig;
        return;
    }
    auto config = load_config(ctx);
    if (!config) return;
    auto target = open_and_migrate(*config, ctx);
    if (!target) return;
    auto source = storage::open_database(*from, 1);
    if (!source) {
        report_error("cannot open the original's database " + shown + ": " +
                     source.error().message);
        ctx.exit_code = kExitFailure;
        return;
    }
    fmt::print("importing {} into {}{}\n", shown, config::redact_url(config->database_url),
               args.dry_run ? " (dry run)" : "");
    SystemClock clock;
    auto report =
        importer::import_original(**source, *target, importer::ImportOptions{args.dry_run}, clock);
    if (!report) {
        report_error("cannot read the original's database " + shown + ": " +
                     report.error().message);
        ctx.exit_code = kExitFailure;
        return;
    }
    print_report(*report, args.dry_run);
    if (!report->ok()) ctx.exit_code = kExitFailure;
}

}  // namespace

void add_import_command(CLI::App& app, CommandContext& ctx) {
    auto args = std::make_shared<ImportArgs>();
    auto* cmd = app.add_subcommand(
        "import-original",
        "Import the database of the original Megatron (team-labs/megatron) into DATABASE_URL's");
    cmd->add_option("--from", args->from, "postgres://user:password@host:5432/db of the original")
        ->required();
    cmd->add_flag("--dry-run", args->dry_run, "Print what would be imported; write nothing");
    cmd->callback([&ctx, args] { run_import(ctx, *args); });
}

}  // namespace megatron::cli
