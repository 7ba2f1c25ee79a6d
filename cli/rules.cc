// pmkit rules: the validation rule catalog.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit rules [RULE_ID...] [--format text|json]

Lists the validation rules: id, default severity and a one-line description.
With RULE_IDs, prints those rules in full, with the rationale and the
practice it cites. --format json prints the catalog as a pmkit.v1.RuleCatalog.

Exit status: 0 listed; 2 usage error or an unknown RULE_ID.
)";

}  // namespace

int RunRules(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"--format"}, {}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  const std::string format = args.Value("--format", "text");
  if (format != "text" && format != "json") {
    return UsageError(absl::StrCat("unknown --format \"", format,
                                   "\" (expected text or json)"));
  }
  v1::RuleCatalog catalog = BuiltinRuleCatalog();  // A copy to filter.
  if (!args.positional.empty()) {
    v1::RuleCatalog selected;
    for (const std::string& id : args.positional) {
      bool found = false;
      for (const v1::Rule& rule : catalog.rules()) {
        if (rule.id() == id) {
          *selected.add_rules() = rule;
          found = true;
        }
      }
      if (!found) return UsageError(absl::StrCat("unknown rule \"", id, "\""));
    }
    catalog = std::move(selected);
  }
  if (format == "json") {
    absl::StatusOr<std::string> json = SerializeMessage(catalog, Format::kJson);
    std::cout << json.value_or("{}");
    return kExitOk;
  }
  for (const v1::Rule& rule : catalog.rules()) {
    if (args.positional.empty()) {
      std::cout << absl::StrFormat("%-38s %-8s %s\n", rule.id(),
                                   SeverityName(rule.default_severity()),
                                   rule.description());
    } else {
      std::cout << rule.id() << " (" << SeverityName(rule.default_severity())
                << ", " << v1::RuleFamily_Name(rule.family()) << ")\n  "
                << rule.description() << "\n  Why: " << rule.rationale()
                << "\n";
    }
  }
  return kExitOk;
}

}  // namespace pmkit::cli
