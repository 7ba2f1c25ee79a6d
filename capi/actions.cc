// The C ABI of the actions engine: a thin layer over pmkit/actions.h. Every
// entry point runs inside Guard so no exception crosses into C.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "internal.h"
#include "pmkit.h"
#include "pmkit/actions.h"
#include "pmkit/io.h"

struct pmkit_actions {
  std::unique_ptr<pmkit::ActionEngine> engine;
};

namespace {

using ::pmkit::capi::CheckFormat;
using ::pmkit::capi::ClearOutput;
using ::pmkit::capi::Fail;
using ::pmkit::capi::Guard;
using ::pmkit::capi::MissingOutput;
using ::pmkit::capi::NewHandle;
using ::pmkit::capi::Output;
using ::pmkit::capi::OutputMessage;
using ::pmkit::capi::ParseInput;
using ::pmkit::capi::Succeed;
using ::pmkit::capi::WrapEngine;

const pmkit::ActionEngine& EngineOf(const pmkit_actions* actions) {
  return actions == nullptr ? pmkit::ActionEngine::Default() : *actions->engine;
}

// Parses `data` into `message`, naming `what` in errors.
absl::Time TimeFromSeconds(long long seconds) {
  return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
}

}  // namespace

extern "C" {

int pmkit_actions_new(const void* options, size_t options_size, int format,
                      pmkit_actions** out, char** error) {
  return NewHandle<pmkit::v1::ActionOptions>(
      options, options_size, format, "options", out, error,
      [](const pmkit::v1::ActionOptions& parsed) {
        return WrapEngine<pmkit_actions>(pmkit::ActionEngine::Create(parsed));
      });
}

void pmkit_actions_free(pmkit_actions* actions) { delete actions; }

int pmkit_actions_transition_table(const pmkit_actions* actions, int out_format,
                                   char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, false); !s.ok()) return Fail(s, error);
    return OutputMessage(EngineOf(actions).table(), out_format, out, out_size, error);
  });
}

int pmkit_action_item_transition(const pmkit_actions* actions, const void* item,
                                 size_t item_size, const void* event, size_t event_size,
                                 int in_format, long long now_unix_seconds,
                                 int out_format, int* applied, char** out,
                                 size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (applied != nullptr) *applied = 0;
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, false); !s.ok()) return Fail(s, error);
    pmkit::v1::ActionItem parsed_item;
    pmkit::v1::StateTransition parsed_event;
    if (absl::Status s = ParseInput(item, item_size, in_format, "item", &parsed_item);
        !s.ok()) {
      return Fail(s, error);
    }
    if (absl::Status s = ParseInput(event, event_size, in_format, "event", &parsed_event);
        !s.ok()) {
      return Fail(s, error);
    }
    absl::StatusOr<pmkit::ApplyResult> result = EngineOf(actions).Apply(
        parsed_event, TimeFromSeconds(now_unix_seconds), &parsed_item);
    if (!result.ok()) return Fail(result.status(), error);
    if (applied != nullptr) *applied = result->applied ? 1 : 0;
    return OutputMessage(parsed_item, out_format, out, out_size, error);
  });
}

int pmkit_postmortem_transition(const pmkit_actions* actions, const void* postmortem,
                                size_t postmortem_size, const char* item_id,
                                const void* event, size_t event_size, int in_format,
                                long long now_unix_seconds, int out_format,
                                int* applied, char** out, size_t* out_size,
                                char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (applied != nullptr) *applied = 0;
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (item_id == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "item_id is NULL", error);
    }
    if (absl::Status s = CheckFormat(out_format, false); !s.ok()) return Fail(s, error);
    pmkit::v1::Postmortem parsed;
    pmkit::v1::StateTransition parsed_event;
    if (absl::Status s = ParseInput(postmortem, postmortem_size, in_format, "postmortem",
                                    &parsed);
        !s.ok()) {
      return Fail(s, error);
    }
    if (absl::Status s = ParseInput(event, event_size, in_format, "event", &parsed_event);
        !s.ok()) {
      return Fail(s, error);
    }
    absl::StatusOr<pmkit::ApplyResult> result = EngineOf(actions).ApplyToPostmortem(
        item_id, parsed_event, TimeFromSeconds(now_unix_seconds), &parsed);
    if (!result.ok()) return Fail(result.status(), error);
    if (applied != nullptr) *applied = result->applied ? 1 : 0;
    return OutputMessage(parsed, out_format, out, out_size, error);
  });
}

int pmkit_actions_evaluate(const pmkit_actions* actions, const void* postmortem,
                           size_t size, int in_format, long long now_unix_seconds,
                           int out_format, char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, false); !s.ok()) return Fail(s, error);
    pmkit::v1::Postmortem parsed;
    if (absl::Status s = ParseInput(postmortem, size, in_format, "postmortem", &parsed);
        !s.ok()) {
      return Fail(s, error);
    }
    pmkit::v1::ActionStatusReport report =
        EngineOf(actions).Evaluate(parsed, TimeFromSeconds(now_unix_seconds));
    return OutputMessage(report, out_format, out, out_size, error);
  });
}

int pmkit_actions_report(const pmkit_actions* actions, const void* const* postmortems,
                         const size_t* sizes, size_t count, int in_format,
                         long long now_unix_seconds, int out_format, char** out,
                         size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, false); !s.ok()) return Fail(s, error);
    if (count > 0 && (postmortems == nullptr || sizes == nullptr)) {
      return Fail(absl::StatusCode::kInvalidArgument,
                  "postmortems or sizes is NULL but count is not 0", error);
    }
    std::vector<pmkit::v1::Postmortem> parsed(count);
    std::vector<const pmkit::v1::Postmortem*> pointers(count);
    for (size_t i = 0; i < count; ++i) {
      if (absl::Status s = ParseInput(postmortems[i], sizes[i], in_format,
                                      absl::StrCat("postmortems[", i, "]"), &parsed[i]);
          !s.ok()) {
        return Fail(s, error);
      }
      pointers[i] = &parsed[i];
    }
    pmkit::v1::FollowThroughReport report =
        EngineOf(actions).Report(pointers, TimeFromSeconds(now_unix_seconds));
    return OutputMessage(report, out_format, out, out_size, error);
  });
}

int pmkit_actions_render_markdown(const void* report, size_t size, int format, int kind,
                                  char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (kind == PMKIT_ACTIONS_FOLLOW_THROUGH_REPORT) {
      pmkit::v1::FollowThroughReport parsed;
      if (absl::Status s = ParseInput(report, size, format, "report", &parsed); !s.ok()) {
        return Fail(s, error);
      }
      return Output(pmkit::RenderFollowThroughMarkdown(parsed), out, out_size, error);
    }
    if (kind == PMKIT_ACTIONS_STATUS_REPORT) {
      pmkit::v1::ActionStatusReport parsed;
      if (absl::Status s = ParseInput(report, size, format, "report", &parsed); !s.ok()) {
        return Fail(s, error);
      }
      return Output(pmkit::RenderStatusMarkdown(parsed), out, out_size, error);
    }
    return Fail(absl::StatusCode::kInvalidArgument,
                absl::StrCat("unknown report kind ", kind), error);
  });
}

int pmkit_actions_map_tracker_status(const pmkit_actions* actions, const char* tracker,
                                     const char* status, int* state_out, char** error) {
  return Guard(error, [&] {
    if (state_out == nullptr) return MissingOutput(error);
    *state_out = 0;
    if (tracker == nullptr || status == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "tracker or status is NULL", error);
    }
    absl::StatusOr<pmkit::v1::ActionItemState> state =
        EngineOf(actions).MapTrackerStatus(tracker, status);
    if (!state.ok()) return Fail(state.status(), error);
    *state_out = static_cast<int>(*state);
    return Succeed(error);
  });
}

}  // extern "C"
