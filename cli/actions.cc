// pmkit actions: the action-item state machine, status at a time, and
// follow-through reports, over the C++ API in pmkit/actions.h.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "cli/file_io.h"
#include "pmkit/actions.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit actions SUBCOMMAND [ARGS...]

Action items: an explicit state machine with guards, due dates from policy,
overdue tracking and follow-through reports.

Subcommands:
  status INPUT        each item's state, due time, overdue / due soon /
                      unowned / stalled flags and next reminder, plus
                      problems in item histories
  transition INPUT    apply one state change to an item; writes the
                      updated postmortem
  report INPUT...     follow-through report over one or many postmortems
  table               print the transition table (states, guards)

Common options:
  --now TIME          evaluate at TIME: RFC 3339 (2024-07-01T09:00:00Z), a
                      date (2024-07-01, midnight UTC) or @UNIX_SECONDS
                      (default: the current time)
  --options FILE      a pmkit.v1.ActionOptions (text or JSON): transition
                      table, tracker mappings, policy due windows, follow-up
                      policy (default: the built-in ones)
  --from FORMAT       input format (default: from the file name, else
                      detected)
  --format FORMAT     output: markdown (default for status and report),
                      json or text
  -o, --output PATH   where to write (default: standard output)
  --force             allow OUTPUT to be the INPUT file itself

transition options:
  --item ID           the action item's id (required)
  --to STATE          open, in_progress, blocked, done, verified, wont_do
                      (required)
  --actor PERSON      the person id making the change (required)
  --note TEXT         the blocker, resolution or reason the guards ask for
  --evidence URL      a link to evidence (a pull request, a dashboard)
  --at TIME           when it happened (default: --now)
  --event-id ID       idempotency key: a repeated id changes nothing
  The output format of transition follows the output file name, else the
  input's format.

Exit status: 0 ok; 1 status found overdue, unowned or stalled items or
history problems, or a transition was refused (the message says why);
2 usage or input error.
)";

absl::StatusOr<absl::Time> ParseWhen(const std::string& text) {
  if (text.empty()) return absl::Now();
  if (text[0] == '@') {
    int64_t seconds;
    if (absl::SimpleAtoi(text.substr(1), &seconds)) return absl::FromUnixSeconds(seconds);
  }
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return time;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &time, &error)) return time;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot read the time \"", text,
      "\"; use RFC 3339 (2024-07-01T09:00:00Z), a date (2024-07-01) or @UNIX_SECONDS"));
}

absl::StatusOr<std::unique_ptr<ActionEngine>> LoadEngine(const std::string& path) {
  v1::ActionOptions options;
  if (!path.empty()) {
    absl::StatusOr<std::string> data = ReadInput(path, kDefaultMaxDocumentBytes);
    if (!data.ok()) return data.status();
    if (absl::Status s = ParseMessage(*data, FormatFromPath(path), &options); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(path, ": ", s.message()));
    }
  }
  absl::StatusOr<std::unique_ptr<ActionEngine>> engine = ActionEngine::Create(options);
  if (!engine.ok() && !path.empty()) {
    return absl::Status(engine.status().code(),
                        absl::StrCat(path, ": ", engine.status().message()));
  }
  return engine;
}

// Markdown, or a message in json/text.
absl::StatusOr<std::string> Render(const google::protobuf::Message& message,
                                   const std::string& markdown,
                                   const std::string& format_name) {
  const std::string name = absl::AsciiStrToLower(format_name);
  if (name.empty() || name == "markdown" || name == "md") return markdown;
  absl::StatusOr<Format> format = ParseFormatName(name);
  if (!format.ok() || *format == Format::kAuto) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown --format \"", format_name, "\"; expected markdown, json or text"));
  }
  return SerializeMessage(message, *format);
}

struct Common {
  std::unique_ptr<ActionEngine> engine;
  absl::Time now;
};

// Parses the options every subcommand shares; returns an exit code on error.
int LoadCommon(const ParsedArgs& args, Common* common) {
  absl::StatusOr<absl::Time> now = ParseWhen(args.Value("--now"));
  if (!now.ok()) return UsageError(std::string(now.status().message()));
  common->now = *now;
  absl::StatusOr<std::unique_ptr<ActionEngine>> engine = LoadEngine(args.Value("--options"));
  if (!engine.ok()) return UsageError(std::string(engine.status().message()));
  common->engine = *std::move(engine);
  return kExitOk;
}

int Emit(const std::string& input, const ParsedArgs& args, const std::string& text) {
  const std::string output = args.Value("--output", args.Value("-o", "-"));
  if (absl::Status s = WriteResult(input, output, text, args.Has("--force")); !s.ok()) {
    return UsageError(std::string(s.message()));
  }
  return kExitOk;
}

int Status(const ParsedArgs& args) {
  if (args.positional.size() != 2) {
    return UsageError("actions status takes exactly one INPUT (see pmkit actions --help)");
  }
  Common common;
  if (int code = LoadCommon(args, &common); code != kExitOk) return code;
  const std::string& input = args.positional[1];
  absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(input, args.Value("--from"));
  if (!pm.ok()) return UsageError(std::string(pm.status().message()));
  v1::ActionStatusReport report = common.engine->Evaluate(*pm, common.now);
  absl::StatusOr<std::string> text =
      Render(report, RenderStatusMarkdown(report), args.Value("--format"));
  if (!text.ok()) return UsageError(std::string(text.status().message()));
  if (int code = Emit(input, args, *text); code != kExitOk) return code;
  bool attention = false;
  for (const v1::ActionItemStatus& item : report.items()) {
    attention |= item.overdue() || item.unowned() || item.stalled();
  }
  for (const v1::Finding& finding : report.findings()) {
    attention |= finding.severity() == v1::FINDING_SEVERITY_ERROR;
  }
  return attention ? kExitFindings : kExitOk;
}

int Transition(const ParsedArgs& args) {
  if (args.positional.size() != 2) {
    return UsageError("actions transition takes exactly one INPUT");
  }
  for (const char* required : {"--item", "--to", "--actor"}) {
    if (args.Value(required).empty()) {
      return UsageError(absl::StrCat("actions transition needs ", required));
    }
  }
  Common common;
  if (int code = LoadCommon(args, &common); code != kExitOk) return code;
  absl::StatusOr<v1::ActionItemState> to = ParseState(args.Value("--to"));
  if (!to.ok()) return UsageError(std::string(to.status().message()));
  const std::string& input = args.positional[1];
  absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(input, args.Value("--from"));
  if (!pm.ok()) return UsageError(std::string(pm.status().message()));
  v1::StateTransition event;
  event.set_to_state(*to);
  event.mutable_actor()->set_person_id(args.Value("--actor"));
  event.set_note(args.Value("--note"));
  event.set_event_id(args.Value("--event-id"));
  if (std::string url = args.Value("--evidence"); !url.empty()) {
    event.add_evidence()->set_url(url);
  }
  absl::Time at = common.now;
  if (std::string when = args.Value("--at"); !when.empty()) {
    absl::StatusOr<absl::Time> parsed = ParseWhen(when);
    if (!parsed.ok()) return UsageError(std::string(parsed.status().message()));
    at = *parsed;
  }
  absl::StatusOr<ApplyResult> result =
      common.engine->ApplyToPostmortem(args.Value("--item"), event, at, &*pm);
  if (!result.ok()) {
    std::cerr << "pmkit: " << result.status().message() << "\n";
    return result.status().code() == absl::StatusCode::kFailedPrecondition ||
                   result.status().code() == absl::StatusCode::kAlreadyExists
               ? kExitFindings
               : kExitUsage;
  }
  const std::string output = args.Value("--output", args.Value("-o", "-"));
  Format format = FormatFromPath(output);
  if (format == Format::kAuto) {
    format = FormatFromPath(input);
    if (format == Format::kAuto) format = Format::kText;
  }
  absl::StatusOr<std::string> bytes = SerializeMessage(*pm, format);
  if (!bytes.ok()) return UsageError(std::string(bytes.status().message()));
  if (int code = Emit(input, args, *bytes); code != kExitOk) return code;
  std::cerr << "pmkit: " << args.Value("--item") << ": "
            << (result->applied ? "now " : "already applied; still ")
            << StateShortName(result->state) << "\n";
  return kExitOk;
}

int Report(const ParsedArgs& args) {
  if (args.positional.size() < 2) {
    return UsageError("actions report takes one or more INPUT files");
  }
  Common common;
  if (int code = LoadCommon(args, &common); code != kExitOk) return code;
  std::vector<v1::Postmortem> pms;
  pms.reserve(args.positional.size() - 1);
  for (size_t i = 1; i < args.positional.size(); ++i) {
    absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(args.positional[i], args.Value("--from"));
    if (!pm.ok()) return UsageError(std::string(pm.status().message()));
    pms.push_back(*std::move(pm));
  }
  std::vector<const v1::Postmortem*> pointers;
  for (const v1::Postmortem& pm : pms) pointers.push_back(&pm);
  v1::FollowThroughReport report = common.engine->Report(pointers, common.now);
  absl::StatusOr<std::string> text =
      Render(report, RenderFollowThroughMarkdown(report), args.Value("--format"));
  if (!text.ok()) return UsageError(std::string(text.status().message()));
  return Emit(args.positional[1], args, *text);
}

int Table(const ParsedArgs& args) {
  Common common;
  if (int code = LoadCommon(args, &common); code != kExitOk) return code;
  const v1::TransitionTable& table = common.engine->table();
  std::string markdown = "| From | To | Transition | Guards |\n|---|---|---|---|\n";
  for (const v1::TransitionRule& rule : table.rules()) {
    std::string guards;
    for (int guard : rule.guards()) {
      if (!guards.empty()) guards += ", ";
      std::string name = v1::TransitionGuard_Name(guard);
      guards += absl::AsciiStrToLower(name.substr(sizeof("TRANSITION_GUARD_") - 1));
    }
    absl::StrAppend(&markdown, "| ",
                    rule.from_state() == v1::ACTION_ITEM_STATE_UNSPECIFIED
                        ? "(new)"
                        : std::string(StateShortName(rule.from_state())),
                    " | ", StateShortName(rule.to_state()), " | ", rule.name(), " | ",
                    guards.empty() ? "—" : guards, " |\n");
  }
  absl::StatusOr<std::string> text = Render(table, markdown, args.Value("--format"));
  if (!text.ok()) return UsageError(std::string(text.status().message()));
  return Emit("", args, *text);
}

}  // namespace

int RunActions(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"-o", "--output", "--from", "--format", "--now", "--options", "--item",
                   "--to", "--actor", "--note", "--evidence", "--at", "--event-id"},
                  {"--force"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  if (args.positional.empty()) {
    std::cerr << kHelp;
    return kExitUsage;
  }
  const std::string& sub = args.positional[0];
  if (sub == "status") return Status(args);
  if (sub == "transition") return Transition(args);
  if (sub == "report") return Report(args);
  if (sub == "table") return Table(args);
  return UsageError(absl::StrCat("unknown actions subcommand \"", sub,
                                 "\" (status, transition, report, table)"));
}

}  // namespace pmkit::cli
