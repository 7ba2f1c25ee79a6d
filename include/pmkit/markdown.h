// Rendering a postmortem as a Markdown report for sharing widely.
//
// Thread safety: RenderMarkdown is reentrant; it keeps no state.
#ifndef PMKIT_MARKDOWN_H_
#define PMKIT_MARKDOWN_H_

#include <string>

#include "absl/status/statusor.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit {

struct MarkdownOptions {
  // IANA zone to show times in; empty uses the document's
  // display_time_zone, and UTC when that is empty too.
  std::string time_zone;
};

// Renders `postmortem` as GitHub-flavoured Markdown (UTF-8) with the
// sections a reader expects, in this order: metadata, Summary, Impact,
// Timeline, Analysis (with Contributing factors), Action items, Lessons
// learned, then Supporting data and Custom fields when present. The six
// core sections always appear; an empty one says "None recorded." so a gap
// is visible rather than silent.
//
// Times are shown in the display zone. When the timeline spans more than one
// calendar day there, every timeline row carries its date. Approximate times
// are marked "~" with their uncertainty.
//
// Errors: InvalidArgument when options.time_zone names an unknown zone. An
// unknown display_time_zone inside the document is not an error (documents
// travel between machines with different zone databases): the report falls
// back to UTC and says so.
absl::StatusOr<std::string> RenderMarkdown(const v1::Postmortem& postmortem,
                                           const MarkdownOptions& options = {});

}  // namespace pmkit

#endif  // PMKIT_MARKDOWN_H_
