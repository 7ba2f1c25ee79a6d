// The built-in rule catalog: one entry per rule, indexed by RuleIndex so the
// checks can look up a rule's compiled state without hashing its id.
#ifndef PMKIT_SRC_VALIDATE_CATALOG_H_
#define PMKIT_SRC_VALIDATE_CATALOG_H_

#include "absl/strings/string_view.h"
#include "pmkit/v1/finding.pb.h"
#include "pmkit/v1/validation.pb.h"

namespace pmkit::validate_internal {

enum RuleIndex : int {
  kSectionSummary,
  kSectionImpact,
  kSectionTimeline,
  kSectionFactors,
  kSectionActionItems,
  kSectionLessons,
  kSectionTrigger,
  kSectionDetection,
  kSeverityMissing,
  kSeverityUnknown,
  kSeverityRankMismatch,
  kLifecycleOrder,
  kLifecycleIncomplete,
  kEventTimeMissing,
  kInstantInvalid,
  kEventOutsideWindow,
  kTimelineUnsorted,
  kTimelineDuplicate,
  kZoneUnknown,
  kSourceZoneMissing,
  kSourceDateMissing,
  kImpactUnquantified,
  kImpactServicesMissing,
  kHumanError,
  kCausePerson,
  kTriggerAsFactor,
  kItemOwnerMissing,
  kItemPriorityMissing,
  kItemTypeMissing,
  kItemDueMissing,
  kItemTrackingMissing,
  kItemIdDuplicate,
  kItemIdMissing,
  kItemVague,
  kItemInvestigate,
  kItemUnbounded,
  kItemDependsOnCare,
  kItemPreventDetectMissing,
  kItemDueTooLate,
  kLessonsCategoryMissing,
  kEmptyString,
  kPlaceholder,
  kPersonUnknown,
  kEventUnknown,
  kFactorUnknown,
  kIdDuplicate,
  kCustomFieldMissing,
  kCustomFieldType,
  kReportTruncated,
  kRuleCount,
};

struct RuleSpec {
  const char* id;
  v1::RuleFamily family;
  v1::FindingSeverity severity;
  const char* description;
  const char* rationale;
};

// kRules[i] describes RuleIndex i.
extern const RuleSpec kRules[kRuleCount];

// The catalog entry for a built-in rule (severity = default, enabled).
v1::Rule ToProto(const RuleSpec& spec);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_CATALOG_H_
