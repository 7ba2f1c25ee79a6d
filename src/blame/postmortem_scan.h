// Internals of BlameDetector::ScanPostmortem that tests check.
#ifndef PMKIT_SRC_BLAME_POSTMORTEM_SCAN_H_
#define PMKIT_SRC_BLAME_POSTMORTEM_SCAN_H_

namespace pmkit::blame_internal {

// Whether Postmortem.timeline is walked with generated accessors rather
// than reflection (postmortem_scan.cc, TimelinePlan). False after a schema
// change gives timeline events prose the direct walk does not visit: the
// scan stays complete, but slower, until the direct walk is updated.
bool TimelineWalkedDirectly();

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_POSTMORTEM_SCAN_H_
