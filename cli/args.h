// A small command-line parser: positional arguments plus "--name value",
// "--name=value" and boolean "--flag" options, each declared up front so a
// misspelt option is an error rather than silently ignored.
#ifndef PMKIT_CLI_ARGS_H_
#define PMKIT_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace pmkit::cli {

struct OptionSpec {
  std::set<std::string> valued;  // Options taking a value ("-o", "--to").
  std::set<std::string> flags;   // Boolean options ("--force").
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  std::string Value(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  bool Has(const std::string& name) const { return flags.count(name) > 0; }
};

// Parses `args` (without the program and command names). "--" ends options;
// "-" alone is a positional (standard input or output).
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const OptionSpec& spec);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_ARGS_H_
