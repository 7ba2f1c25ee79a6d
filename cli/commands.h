// The pmkit CLI's commands. Each takes its arguments (after the command
// name) and returns the process exit code: 0 success, 1 findings or a refused
// conversion, 2 usage or input error.
#ifndef PMKIT_CLI_COMMANDS_H_
#define PMKIT_CLI_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"

namespace pmkit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

int RunConvert(const std::vector<std::string>& args);
int RunRender(const std::vector<std::string>& args);
int RunActions(const std::vector<std::string>& args);
int RunTimeline(const std::vector<std::string>& args);
int RunRules(const std::vector<std::string>& args);
int RunValidate(const std::vector<std::string>& args);
int RunLint(const std::vector<std::string>& args);

// Prints "pmkit: <message>" to standard error and returns kExitUsage.
int UsageError(const std::string& message);

// Parses a command's arguments into *args (-h and --help are always
// accepted). Returns the exit code when the command is already done: help
// printed (kExitOk) or a usage error (kExitUsage); nullopt to go on.
std::optional<int> ParseCommandArgs(const std::vector<std::string>& raw_args,
                                    OptionSpec spec, const char* help,
                                    ParsedArgs* args);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_COMMANDS_H_
