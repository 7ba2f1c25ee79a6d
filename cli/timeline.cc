// pmkit timeline: merge timeline sources (Slack, PagerDuty, Alertmanager,
// syslog, CSV, JSON Lines, existing postmortems) into one ordered,
// de-duplicated timeline, and report lifecycle metrics.
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "cli/file_io.h"
#include "cli/timeline_input.h"
#include "cli/timeline_summary.h"
#include "pmkit/io.h"
#include "pmkit/timeline.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit timeline merge INPUT... [options]
       pmkit timeline metrics INPUT... [options]

merge: reads each INPUT (a Slack channel export, PagerDuty log entries,
Alertmanager webhook payloads, syslog/application lines, CSV with a header,
JSON Lines events, or an existing postmortem), and prints one timeline ordered
by corrected time, ties broken by source priority (higher first), then source
name, then position in the source. Records of the same happening in several
sources are folded into one event that keeps every original's provenance.
metrics: the same merge, then prints per-incident lifecycle durations (time
to detect, acknowledge, mitigate, resolve), with bounds when times are
uncertain and "unknown" when a milestone is missing, and the gaps.

Each INPUT's source name is its file name; its format is detected from the
name and content.

  --input-format F     force the format of every INPUT: jsonl, csv, slack,
                       pagerduty, alertmanager, syslog, postmortem
  --into POSTMORTEM    merge into this postmortem's timeline (its events are a
                       source named "postmortem") and print the postmortem
  --format F           summary (default), json (proto3 JSON), text, binary
  -o, --output PATH    write there instead of standard output (written
                       atomically; never one of the inputs unless --force)
  --time-zone ZONE     IANA zone of timestamps without an offset (default UTC)
  --year YEAR          year of RFC 3164 timestamps (default: this year)
  --offset S=SECONDS   declared clock offsets, comma-separated (S = source name)
  --priority S=N       source priorities, comma-separated (default by kind:
                       postmortem 50, pager 40, alerting 30, chat 20, log 10)
  --estimate-skew      estimate the offset of every source but the reference
                       (highest priority) from shared events, and report it
  --window SECONDS     dedup window (default 120)
  --similarity X       text similarity to fold without a shared key (0.6)
  --gap SECONDS        report silences longer than this (default 1800)
  --no-dedup           keep duplicates
  --stop-on-error      stop at the first malformed record

Exit status: 0 merged; 1 merged, but some records could not be read (they are
listed on standard error and in the report); 2 usage or input error.
)";

// Parses "a=1,b=2" into a map.
absl::StatusOr<std::map<std::string, double>> ParseAssignments(
    const std::string& text, const std::string& option) {
  std::map<std::string, double> out;
  if (text.empty()) return out;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    size_t eq = part.rfind('=');
    double v;
    if (eq == absl::string_view::npos || eq == 0 ||
        !absl::SimpleAtod(part.substr(eq + 1), &v) || !(v > -1e9 && v < 1e9)) {
      return absl::InvalidArgumentError(
          absl::StrCat(option, ": expected SOURCE=NUMBER, got \"", part, "\""));
    }
    out[std::string(part.substr(0, eq))] = v;
  }
  return out;
}

}  // namespace

int RunTimeline(const std::vector<std::string>& raw_args) {
  if (raw_args.empty() || raw_args[0] == "-h" || raw_args[0] == "--help") {
    std::cout << kHelp;
    return raw_args.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = raw_args[0];
  if (sub != "merge" && sub != "metrics") {
    return UsageError(absl::StrCat("unknown timeline command \"", sub,
                                   "\" (want merge or metrics)"));
  }
  OptionSpec spec{{"--input-format", "--into", "--format", "-o", "--output",
                   "--time-zone", "--year", "--offset", "--priority", "--window",
                   "--similarity", "--gap"},
                  {"--estimate-skew", "--no-dedup", "--stop-on-error", "--force"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(
          std::vector<std::string>(raw_args.begin() + 1, raw_args.end()), spec, kHelp,
          &args)) {
    return *done;
  }
  const std::string into = args.Value("--into");
  if (args.positional.empty() && into.empty()) {
    return UsageError(absl::StrCat("timeline ", sub, " needs at least one INPUT"));
  }
  const std::string format = args.Value("--format", "summary");
  if (format != "summary" && format != "json" && format != "text" &&
      format != "binary") {
    return UsageError("--format must be summary, json, text or binary");
  }
  std::string forced = args.Value("--input-format");
  if (!forced.empty() && forced != "postmortem" && !ParseImportFormatName(forced).ok()) {
    return UsageError(std::string(ParseImportFormatName(forced).status().message()));
  }
  auto offsets = ParseAssignments(args.Value("--offset"), "--offset");
  auto priorities = ParseAssignments(args.Value("--priority"), "--priority");
  if (!offsets.ok()) return UsageError(std::string(offsets.status().message()));
  if (!priorities.ok()) return UsageError(std::string(priorities.status().message()));

  v1::MergeOptions options;
  double number;
  if (!args.Value("--window").empty()) {
    if (!absl::SimpleAtod(args.Value("--window"), &number) || !(number >= 0) || number > 1e7) {
      return UsageError("--window must be a number of seconds");
    }
    if (number == 0) {
      options.set_disable_dedup(true);
    } else {
      *options.mutable_dedup_window() = google::protobuf::Duration();
      options.mutable_dedup_window()->set_seconds(static_cast<int64_t>(number));
      options.mutable_dedup_window()->set_nanos(
          static_cast<int32_t>((number - static_cast<int64_t>(number)) * 1e9));
    }
  }
  if (!args.Value("--similarity").empty()) {
    if (!absl::SimpleAtod(args.Value("--similarity"), &number) || !(number > 0) || number > 1) {
      return UsageError("--similarity must be a number in (0, 1]");
    }
    options.set_similarity_threshold(number);
  }
  if (!args.Value("--gap").empty()) {
    if (!absl::SimpleAtod(args.Value("--gap"), &number) || !(number > 0) || number > 1e9) {
      return UsageError("--gap must be a positive number of seconds");
    }
    options.mutable_gap_threshold()->set_seconds(static_cast<int64_t>(number));
  }
  if (args.Has("--no-dedup")) options.set_disable_dedup(true);
  options.set_estimate_skew(args.Has("--estimate-skew"));
  options.set_stop_on_error(args.Has("--stop-on-error"));

  ImportOptions import_options;
  import_options.time_zone = args.Value("--time-zone");
  import_options.stop_on_error = args.Has("--stop-on-error");
  if (!args.Value("--year").empty() &&
      (!absl::SimpleAtoi(args.Value("--year"), &import_options.year) ||
       import_options.year < 1970 || import_options.year > 2199)) {
    return UsageError("--year must be between 1970 and 2199");
  }

  std::vector<SourceRecords> sources;
  // One per source: null for one held in memory. Line-oriented files stream
  // when the summary is printed (as the merge goes) and no skew is
  // estimated (that needs every record in memory): memory then stays
  // bounded by the dedup window, not the inputs.
  std::vector<std::unique_ptr<EventSource>> streams;
  const bool may_stream = format == "summary" && !options.estimate_skew();
  v1::Postmortem target;
  if (!into.empty()) {
    absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(into, "");
    if (!pm.ok()) return UsageError(std::string(pm.status().message()));
    target = *pm;
    SourceRecords s;
    s.source.set_name("postmortem");
    s.source.set_kind(v1::SOURCE_KIND_MANUAL);
    if (absl::Status st = AppendPostmortemRecords(target, into, &s.records); !st.ok()) {
      return UsageError(std::string(st.message()));
    }
    sources.push_back(std::move(s));
    streams.emplace_back();
  }
  for (const std::string& path : args.positional) {
    SourceRecords s;
    std::unique_ptr<EventSource> stream;
    if (absl::Status st = LoadTimelineInput(path, forced, import_options, may_stream,
                                            &s, &stream);
        !st.ok()) {
      return UsageError(std::string(st.message()));
    }
    sources.push_back(std::move(s));
    streams.push_back(std::move(stream));
  }
  for (SourceRecords& s : sources) {
    const std::string& n = s.source.name();
    s.source.set_priority(DefaultSourcePriority(s.source.kind()));
    if (auto it = priorities->find(n); it != priorities->end()) {
      s.source.set_priority(static_cast<int32_t>(it->second));
    }
    if (auto it = offsets->find(n); it != offsets->end()) {
      s.source.mutable_clock_offset()->set_seconds(static_cast<int64_t>(it->second));
      s.source.mutable_clock_offset()->set_nanos(static_cast<int32_t>(
          (it->second - static_cast<double>(static_cast<int64_t>(it->second))) * 1e9));
    }
  }
  for (const auto& [n, v] : *offsets) {
    bool known = false;
    for (const auto& s : sources) known |= s.source.name() == n;
    if (!known) return UsageError(absl::StrCat("--offset: no source named \"", n, "\""));
  }
  if (options.estimate_skew()) {
    // Every source but the reference (highest priority, then name).
    int best = -1;
    for (size_t i = 0; i < sources.size(); ++i) {
      const auto& s = sources[i].source;
      if (best < 0 || s.priority() > sources[best].source.priority() ||
          (s.priority() == sources[best].source.priority() &&
           s.name() < sources[best].source.name())) {
        best = static_cast<int>(i);
      }
    }
    for (size_t i = 0; i < sources.size(); ++i) {
      sources[i].source.set_estimate_offset(static_cast<int>(i) != best);
    }
  }
  std::vector<std::string> inputs = args.positional;
  if (!into.empty()) inputs.push_back(into);
  absl::StatusOr<std::unique_ptr<AtomicOutput>> output = OpenResult(
      inputs, args.Value("--output", args.Value("-o", "-")), args.Has("--force"));
  if (!output.ok()) return UsageError(std::string(output.status().message()));
  std::string out;
  absl::Status written;
  // Hands `out` to the output; the first error sticks.
  auto flush = [&] {
    if (written.ok()) written = (*output)->Append(out);
    out.clear();
  };
  v1::MergeReport report;
  if (format == "summary") {
    // Printed as the merge goes, in pieces of about 1 MiB: neither a
    // TimelineEvent per record nor the whole text in memory.
    constexpr size_t kPiece = size_t{1} << 20;
    const bool metrics_only = sub == "metrics";
    out.reserve(kPiece + 4096);
    SummaryEventWriter writer(&sources);
    absl::StatusOr<v1::MergeReport> merged = MergeTimelinesToSink(
        sources, std::move(streams), options, [&](const MergedEventView& view) {
          if (metrics_only) return;
          writer.Append(view, &out);
          if (out.size() >= kPiece) flush();
        });
    if (!merged.ok()) return UsageError(std::string(merged.status().message()));
    report = *std::move(merged);
    AppendSummaryReport(report, metrics_only, &out);
  } else {
    absl::StatusOr<v1::MergedTimeline> merged = MergeTimelines(sources, options);
    if (!merged.ok()) return UsageError(std::string(merged.status().message()));
    report = merged->report();
    const google::protobuf::Message* message = merged.operator->();
    if (!into.empty() && sub == "merge") {
      target.clear_timeline();
      for (const auto& e : merged->events()) *target.add_timeline() = e;
      message = &target;
    } else if (sub == "metrics") {
      message = &report;
    }
    absl::StatusOr<std::string> bytes = SerializeMessage(
        *message, format == "json" ? Format::kJson
                  : format == "text" ? Format::kText
                                     : Format::kBinary);
    if (!bytes.ok()) return UsageError(std::string(bytes.status().message()));
    out = *std::move(bytes);
    if (format != "binary" && (out.empty() || out.back() != '\n')) out += "\n";
  }
  flush();
  if (written.ok()) written = (*output)->Commit();
  if (!written.ok()) return UsageError(std::string(written.message()));
  for (const auto& issue : report.import_issues()) {
    std::cerr << "pmkit: " << issue.source() << ": line " << issue.line() << ": "
              << issue.message() << "\n";
  }
  return report.import_issues_size() > 0 ? kExitFindings : kExitOk;
}

}  // namespace pmkit::cli
