#include "cli/args.h"

#include "absl/strings/str_cat.h"

namespace pmkit::cli {

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const OptionSpec& spec) {
  ParsedArgs parsed;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_inline_value = true;
    }
    if (spec.flags.count(name) > 0) {
      if (has_inline_value) {
        return absl::InvalidArgumentError(absl::StrCat(name, " takes no value"));
      }
      parsed.flags.insert(name);
      continue;
    }
    if (spec.valued.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option ", name));
    }
    if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(name, " needs a value"));
      }
      value = args[++i];
    }
    parsed.values[name] = value;
  }
  return parsed;
}

}  // namespace pmkit::cli
