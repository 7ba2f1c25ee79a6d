// pmkit validate: checks postmortems against the rule catalog and a policy.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "cli/file_io.h"
#include "cli/validate_stream.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit validate FILE... [--policy POLICY] [--format text|json|sarif]
                      [--from FORMAT] [--delimited [--jobs N]] [--min-severity LEVEL]
       pmkit validate --print-policy [--policy POLICY]

Checks each postmortem against pmkit's rule catalog (see `pmkit rules`)
under an organisation's policy: required sections by status and severity,
lifecycle and timeline times, impact, analysis, action items, lessons and
hygiene. Findings carry a rule id, a severity, a field path, a message and
a suggestion.

  FILE                a postmortem (binary, json or text), or - for
                      standard input
  --policy POLICY     a pmkit.v1.Policy file (json or text); fields it leaves
                      unset take the default policy's values
  --format FORMAT     text (default): one line per finding and a summary per
                      document; json: one pmkit.v1.Report per document, one
                      per line (JSON Lines); sarif: one SARIF 2.1.0 log
  --from FORMAT       input format: binary, json, text or auto (default: from
                      the file name, else detected)
  --delimited         each FILE is a stream of length-delimited binary
                      postmortems (varint size, then the message), as written
                      by protobuf's writeDelimitedTo; documents are named
                      FILE#0, FILE#1, ...; reports keep the stream's order
  --jobs N            threads validating a --delimited stream (default: the
                      number of processors, at most 16)
  --min-severity L    leave out findings below L (info, warning, error)
  --print-policy      print the policy in effect (as text format) and exit

Exit status: 0 no error findings; 1 at least one finding of severity error;
2 usage or input error (a file that cannot be read or parsed, a bad policy).
)";

enum class Output { kText, kJson, kSarif };

absl::StatusOr<v1::Policy> LoadPolicy(const std::string& path) {
  v1::Policy policy;
  if (path.empty()) return policy;
  absl::StatusOr<std::string> data = ReadInput(path, kDefaultMaxDocumentBytes);
  if (!data.ok()) return data.status();
  Format format = FormatFromPath(path);
  if (absl::Status s = ParseMessage(*data, format, &policy); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy ", path, ": ", s.message()));
  }
  return policy;
}

// Collects reports and writes them as the output format asks; text and
// JSON stream, SARIF is written once at the end.
class Sink {
 public:
  Sink(Output output, const Validator& validator)
      : output_(output), validator_(validator) {}

  void Add(const v1::Report& report) {
    if (!ReportOk(report)) any_error_ = true;
    switch (output_) {
      case Output::kText:
        std::cout << FormatReportText(report);
        break;
      case Output::kJson: {
        WriteOptions options;
        options.pretty = false;
        absl::StatusOr<std::string> json =
            SerializeMessage(report, Format::kJson, options);
        std::cout << (json.ok() ? *json : "{}") << "\n";
        break;
      }
      case Output::kSarif:
        reports_.push_back(report);
        break;
    }
  }
  void Finish() {
    if (output_ == Output::kSarif) {
      std::cout << FormatReportsSarif(reports_, validator_.catalog());
    }
    std::cout.flush();
  }
  bool any_error() const { return any_error_; }

 private:
  Output output_;
  const Validator& validator_;
  std::vector<v1::Report> reports_;
  bool any_error_ = false;
};

}  // namespace

int RunValidate(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"--policy", "--format", "--from", "--min-severity", "--jobs"},
                  {"--delimited", "--print-policy"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  Output output = Output::kText;
  const std::string format = args.Value("--format", "text");
  if (format == "json") {
    output = Output::kJson;
  } else if (format == "sarif") {
    output = Output::kSarif;
  } else if (format != "text") {
    return UsageError(absl::StrCat("unknown --format \"", format,
                                   "\" (expected text, json or sarif)"));
  }
  v1::ValidationOptions options;
  if (args.values.count("--min-severity") > 0) {
    const std::string level = args.Value("--min-severity");
    if (level == "info") {
      options.set_min_severity(v1::FINDING_SEVERITY_INFO);
    } else if (level == "warning") {
      options.set_min_severity(v1::FINDING_SEVERITY_WARNING);
    } else if (level == "error") {
      options.set_min_severity(v1::FINDING_SEVERITY_ERROR);
    } else {
      return UsageError(absl::StrCat("unknown --min-severity \"", level,
                                     "\" (expected info, warning or error)"));
    }
  }
  absl::StatusOr<v1::Policy> policy = LoadPolicy(args.Value("--policy"));
  if (!policy.ok()) return UsageError(std::string(policy.status().message()));
  absl::StatusOr<std::unique_ptr<Validator>> validator = Validator::Create(*policy);
  if (!validator.ok()) {
    return UsageError(std::string(validator.status().message()));
  }
  if (args.Has("--print-policy")) {
    absl::StatusOr<std::string> text =
        SerializeMessage((*validator)->policy(), Format::kText);
    std::cout << text.value_or("");
    return kExitOk;
  }
  if (args.positional.empty()) {
    return UsageError("validate needs at least one FILE (see pmkit validate --help)");
  }
  if (args.Has("--delimited") && !args.Value("--from").empty() &&
      args.Value("--from") != "binary") {
    return UsageError("--delimited streams are binary; --from must be binary");
  }
  int jobs = static_cast<int>(std::min(16u, std::max(1u, std::thread::hardware_concurrency())));
  if (args.values.count("--jobs") > 0 &&
      (!absl::SimpleAtoi(args.Value("--jobs"), &jobs) || jobs < 1 || jobs > 256)) {
    return UsageError(absl::StrCat("--jobs needs a number from 1 to 256, not \"",
                                   args.Value("--jobs"), "\""));
  }
  Sink sink(output, **validator);
  bool input_error = false;
  for (const std::string& path : args.positional) {
    if (args.Has("--delimited")) {
      if (absl::Status s = ValidateDelimitedStream(
              path, **validator, options, jobs,
              [&sink](const v1::Report& report) { sink.Add(report); });
          !s.ok()) {
        std::cerr << "pmkit: " << s.message() << "\n";
        input_error = true;
      }
      continue;
    }
    absl::StatusOr<v1::Postmortem> postmortem =
        LoadPostmortem(path, args.Value("--from"));
    if (!postmortem.ok()) {
      std::cerr << "pmkit: " << postmortem.status().message() << "\n";
      input_error = true;
      continue;
    }
    options.set_document(path == "-" ? "<stdin>" : path);
    absl::StatusOr<v1::Report> report = (*validator)->Validate(*postmortem, options);
    if (!report.ok()) {
      std::cerr << "pmkit: " << path << ": " << report.status().message() << "\n";
      input_error = true;
      continue;
    }
    sink.Add(*report);
  }
  sink.Finish();
  if (input_error) return kExitUsage;
  return sink.any_error() ? kExitFindings : kExitOk;
}

}  // namespace pmkit::cli
