// Compiling a policy (already merged over the default) into the arrays and
// masks the checks read.
#ifndef PMKIT_SRC_VALIDATE_POLICY_H_
#define PMKIT_SRC_VALIDATE_POLICY_H_

#include "absl/status/statusor.h"
#include "pmkit/validate.h"
#include "src/validate/run.h"

namespace pmkit::validate_internal {

// Compiles the built-in rules' part of `policy`; rule overrides are applied
// by the Validator, which also knows the extra rules. Errors are
// InvalidArgument naming the problem.
absl::StatusOr<CompiledPolicy> CompilePolicy(const v1::Policy& policy);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_POLICY_H_
