// Hygiene: empty strings, placeholders in published documents, broken
// references and duplicate ids; and the lessons lists.
#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "src/validate/id_set.h"
#include "src/validate/run.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

using v1::Postmortem;

// A path's last step, not yet taken: the hygiene checks receive their
// string's path as its parent and field, and only the Emit functions build
// the Path. The checks run on every string and id and almost never report;
// building a Path for each (and keeping it on the stack across the check)
// cost more than a tenth of the hygiene pass.
struct Leaf {
  const Path& parent;
  const char* name;
  int number;
  int64_t index = -1;  // An element of a repeated field when >= 0.
  Path Build() const { return parent.Element(name, number, index); }
};

class Hygiene {
 public:
  explicit Hygiene(Run& run)
      : run_(run),
        pm_(run.pm()),
        empty_on_(run.On(kEmptyString)),
        placeholder_on_(run.On(kPlaceholder) && run.published()),
        person_on_(run.On(kPersonUnknown)),
        people_(run.pm().people_size()) {}

  void CheckAll();

 private:
  // The checks below run on every string and id of the document and almost
  // never find anything: their findings are built out of line (the Emit...
  // functions), so that the checks stay small enough to inline and need no
  // register saves of their own (Person and Duplicate, with an IdSet probe
  // inlined, are forced).

  // A string that must carry text when its element exists.
  void Required(absl::string_view text, const Leaf& leaf, const char* what) {
    const absl::string_view trimmed = TrimSpace(text);
    if (trimmed.empty()) {
      if (empty_on_) EmitEmpty(leaf, what);
      return;
    }
    Placeholder(trimmed, leaf);
  }
  // Optional prose: blank-but-not-empty is flagged, placeholders too.
  void Prose(absl::string_view text, const Leaf& leaf) {
    if (text.empty()) return;
    // Trimmed once for both checks: the placeholder words sit at the
    // trimmed text's edges, and a blank text trims to nothing.
    const absl::string_view trimmed = TrimSpace(text);
    if (!trimmed.empty()) {
      Placeholder(trimmed, leaf);
    } else if (empty_on_) {
      EmitWhitespace(leaf);
    }
  }
  void Placeholder(absl::string_view trimmed, const Leaf& leaf) {
    if (!placeholder_on_) return;
    const absl::string_view word =
        run_.policy().placeholders.FindTrimmed(trimmed);
    if (!word.empty()) EmitPlaceholder(word, leaf);
  }
  ABSL_ATTRIBUTE_NOINLINE void EmitEmpty(const Leaf& leaf, const char* what) {
    run_.Emit(kEmptyString, leaf.Build(),
              absl::StrCat("The ", what, " is empty."),
              "Fill it in or remove the element.");
  }
  ABSL_ATTRIBUTE_NOINLINE void EmitWhitespace(const Leaf& leaf) {
    run_.Emit(kEmptyString, leaf.Build(), "The text is only whitespace.",
              "Fill it in or clear it.");
  }
  ABSL_ATTRIBUTE_NOINLINE void EmitPlaceholder(absl::string_view word,
                                               const Leaf& leaf) {
    v1::Finding* f = run_.Emit(
        kPlaceholder, leaf.Build(),
        absl::StrCat("The published document holds placeholder text \"", word,
                     "\"."),
        "Replace the placeholder with the content, or move the document "
        "back to review.");
    if (f != nullptr) f->set_excerpt(std::string(word));
  }
  void Strings(const google::protobuf::RepeatedPtrField<std::string>& list,
               const Path& parent, const char* name, int number,
               const char* what) {
    // Iterators, not Get(i): this protobuf's Get is an out-of-line call.
    int i = 0;
    for (const std::string& text : list) {
      Required(text, {parent, name, number, i++}, what);
    }
  }
  // Whether the person id `id` needs no finding (empty, the rule off, or in
  // people).
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool PersonOk(const std::string& id) const {
    return id.empty() || !person_on_ || people_.Contains(id);
  }
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Person(const std::string& id,
                                           const Leaf& leaf) {
    if (!PersonOk(id)) EmitPersonUnknown(id, leaf);
  }
  ABSL_ATTRIBUTE_NOINLINE void EmitPersonUnknown(const std::string& id,
                                                 const Leaf& leaf) {
    run_.Emit(
        kPersonUnknown, leaf.Build(),
        absl::StrCat("Person id \"", id, "\" is not in the people directory."),
        "Add the person to people, or correct the id.");
  }
  // Forced inline as Person is: out of line it costs its register saves
  // for an item's one or two assignees.
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Persons(
      const google::protobuf::RepeatedPtrField<std::string>& ids,
      const Path& parent, const char* name, int number) {
    int i = 0;
    for (const std::string& id : ids) {  // As in Strings.
      Person(id, {parent, name, number, i++});
    }
  }
  ABSL_ATTRIBUTE_ALWAYS_INLINE void Duplicate(IdSet& set, const std::string& id,
                                              const Leaf& leaf,
                                              const char* what) {
    if (id.empty()) return;
    if (!set.Insert(id) && run_.On(kIdDuplicate)) {
      EmitDuplicate(id, leaf, what);
    }
  }
  ABSL_ATTRIBUTE_NOINLINE void EmitDuplicate(const std::string& id,
                                             const Leaf& leaf,
                                             const char* what) {
    run_.Emit(kIdDuplicate, leaf.Build(),
              absl::StrCat("The ", what, " id \"", id,
                           "\" is used by an earlier ", what, "."),
              "Give each its own id.");
  }

  void People();
  void Timeline(IdSet& events);
  void Analysis(const IdSet& events, IdSet& factors);
  void ActionItems(const IdSet& factors);
  void Lessons();

  Run& run_;
  const Postmortem& pm_;
  const bool empty_on_;
  const bool placeholder_on_;
  const bool person_on_;
  IdSet people_;
};

void Hygiene::People() {
  const Path root;
  for (int i = 0; i < pm_.people_size(); ++i) {
    const v1::Person& p = pm_.people(i);
    const Path path = root.Element("people", Postmortem::kPeopleFieldNumber, i);
    const Path id = path.Field("id", v1::Person::kIdFieldNumber);
    if (p.id().empty()) {
      if (empty_on_) {
        run_.Emit(kEmptyString, id, "The person has no id.",
                  "Give every person an id the document can refer to.");
      }
    } else if (!people_.Insert(p.id()) && run_.On(kIdDuplicate)) {
      run_.Emit(kIdDuplicate, id,
                absl::StrCat("The person id \"", p.id(),
                             "\" is used by an earlier person."),
                "Give each its own id.");
    }
  }
  Person(pm_.owner_id(), {root, "owner_id", Postmortem::kOwnerIdFieldNumber});
  Persons(pm_.author_ids(), root, "author_ids", Postmortem::kAuthorIdsFieldNumber);
  Person(pm_.facilitator_id(),
         {root, "facilitator_id", Postmortem::kFacilitatorIdFieldNumber});
  Persons(pm_.reviewer_ids(), root, "reviewer_ids",
          Postmortem::kReviewerIdsFieldNumber);
  for (int i = 0; i < pm_.responders_size(); ++i) {
    Person(pm_.responders(i).person_id(),
           {root.Element("responders", Postmortem::kRespondersFieldNumber, i),
            "person_id", v1::Responder::kPersonIdFieldNumber});
  }
  Strings(pm_.tags(), root, "tags", Postmortem::kTagsFieldNumber, "tag");
  Prose(pm_.title(), {root, "title", Postmortem::kTitleFieldNumber});
  Prose(pm_.summary(), {root, "summary", Postmortem::kSummaryFieldNumber});
  if (pm_.has_impact()) {
    const Path impact = root.Field("impact", Postmortem::kImpactFieldNumber);
    Prose(pm_.impact().narrative(),
          {impact, "narrative", v1::Impact::kNarrativeFieldNumber});
    for (int i = 0; i < pm_.impact().services_size(); ++i) {
      Required(pm_.impact().services(i).name(),
               {impact.Element("services", v1::Impact::kServicesFieldNumber, i),
                "name", v1::AffectedService::kNameFieldNumber},
               "service name");
    }
  }
  if (pm_.has_supporting_data()) {
    const Path data =
        root.Field("supporting_data", Postmortem::kSupportingDataFieldNumber);
    for (int i = 0; i < pm_.supporting_data().communications_size(); ++i) {
      Person(pm_.supporting_data().communications(i).author_id(),
             {data.Element("communications",
                           v1::SupportingData::kCommunicationsFieldNumber, i),
              "author_id", v1::Communication::kAuthorIdFieldNumber});
    }
  }
}

void Hygiene::Timeline(IdSet& events) {
  for (int i = 0; i < pm_.timeline_size(); ++i) {
    const v1::TimelineEvent& e = pm_.timeline(i);
    const Path path =
        Path().Element("timeline", Postmortem::kTimelineFieldNumber, i);
    Duplicate(events, e.id(), {path, "id", v1::TimelineEvent::kIdFieldNumber},
              "timeline event");
    Required(e.text(), {path, "text", v1::TimelineEvent::kTextFieldNumber},
             "event text");
    const std::string& actor = e.actor().person_id();
    if (!PersonOk(actor)) {  // Only then the actor's path (a second step).
      const Path actor_path =
          path.Field("actor", v1::TimelineEvent::kActorFieldNumber);
      EmitPersonUnknown(
          actor, {actor_path, "person_id", v1::Actor::kPersonIdFieldNumber});
    }
  }
}

void Hygiene::Analysis(const IdSet& events, IdSet& factors) {
  const v1::Analysis& a = pm_.analysis();
  const Path root = Path().Field("analysis", Postmortem::kAnalysisFieldNumber);
  Prose(a.trigger(), {root, "trigger", v1::Analysis::kTriggerFieldNumber});
  for (int i = 0; i < a.contributing_factors_size(); ++i) {
    const v1::ContributingFactor& f = a.contributing_factors(i);
    const Path path = root.Element(
        "contributing_factors", v1::Analysis::kContributingFactorsFieldNumber, i);
    Duplicate(factors, f.id(),
              {path, "id", v1::ContributingFactor::kIdFieldNumber},
              "contributing factor");
    Required(f.title(),
             {path, "title", v1::ContributingFactor::kTitleFieldNumber},
             "factor title");
    Prose(f.description(), {path, "description",
                            v1::ContributingFactor::kDescriptionFieldNumber});
    if (!run_.On(kEventUnknown)) continue;
    for (int j = 0; j < f.event_ids_size(); ++j) {
      if (events.Contains(f.event_ids(j))) continue;
      run_.Emit(kEventUnknown,
                path.Element("event_ids",
                             v1::ContributingFactor::kEventIdsFieldNumber, j),
                absl::StrCat("No timeline event has id \"", f.event_ids(j),
                             "\"."),
                "Correct the id or add the event to the timeline.");
    }
  }
  for (int i = 0; i < a.five_whys_size(); ++i) {
    const Path path =
        root.Element("five_whys", v1::Analysis::kFiveWhysFieldNumber, i);
    Required(a.five_whys(i).question(),
             {path, "question", v1::WhyStep::kQuestionFieldNumber}, "question");
    Required(a.five_whys(i).answer(),
             {path, "answer", v1::WhyStep::kAnswerFieldNumber}, "answer");
  }
  if (a.has_detection()) {
    const Path d = root.Field("detection", v1::Analysis::kDetectionFieldNumber);
    Prose(a.detection().narrative(),
          {d, "narrative", v1::Detection::kNarrativeFieldNumber});
    Prose(a.detection().improvement(),
          {d, "improvement", v1::Detection::kImprovementFieldNumber});
  }
  Prose(a.response(), {root, "response", v1::Analysis::kResponseFieldNumber});
  Prose(a.recovery(), {root, "recovery", v1::Analysis::kRecoveryFieldNumber});
  Strings(a.surprises(), root, "surprises", v1::Analysis::kSurprisesFieldNumber,
          "surprise");
  Prose(a.root_cause_narrative(),
        {root, "root_cause_narrative",
         v1::Analysis::kRootCauseNarrativeFieldNumber});
}

void Hygiene::ActionItems(const IdSet& factors) {
  for (int i = 0; i < pm_.action_items_size(); ++i) {
    const v1::ActionItem& item = pm_.action_items(i);
    const Path path =
        Path().Element("action_items", Postmortem::kActionItemsFieldNumber, i);
    Required(item.title(), {path, "title", v1::ActionItem::kTitleFieldNumber},
             "action item title");
    Prose(item.description(),
          {path, "description", v1::ActionItem::kDescriptionFieldNumber});
    Person(item.owner_id(),
           {path, "owner_id", v1::ActionItem::kOwnerIdFieldNumber});
    Persons(item.assignee_ids(), path, "assignee_ids",
            v1::ActionItem::kAssigneeIdsFieldNumber);
    for (int j = 0; j < item.history_size(); ++j) {
      const std::string& actor = item.history(j).actor().person_id();
      if (actor.empty()) continue;
      Person(actor,
             {path.Element("history", v1::ActionItem::kHistoryFieldNumber, j)
                  .Field("actor", v1::StateTransition::kActorFieldNumber),
              "person_id", v1::Actor::kPersonIdFieldNumber});
    }
    if (!run_.On(kFactorUnknown)) continue;
    for (int j = 0; j < item.factor_ids_size(); ++j) {
      if (factors.Contains(item.factor_ids(j))) continue;
      run_.Emit(kFactorUnknown,
                path.Element("factor_ids", v1::ActionItem::kFactorIdsFieldNumber,
                             j),
                absl::StrCat("No contributing factor has id \"",
                             item.factor_ids(j), "\"."),
                "Correct the id or add the factor to the analysis.");
    }
  }
}

void Hygiene::Lessons() {
  if (!pm_.has_lessons()) return;
  const v1::Lessons& l = pm_.lessons();
  const Path root = Path().Field("lessons", Postmortem::kLessonsFieldNumber);
  Strings(l.went_well(), root, "went_well", v1::Lessons::kWentWellFieldNumber,
          "lesson");
  Strings(l.went_wrong(), root, "went_wrong", v1::Lessons::kWentWrongFieldNumber,
          "lesson");
  Strings(l.got_lucky(), root, "got_lucky", v1::Lessons::kGotLuckyFieldNumber,
          "lesson");
  const bool any = l.went_well_size() + l.went_wrong_size() + l.got_lucky_size() > 0;
  if (!any || !run_.published() || !run_.Requires(v1::SECTION_LESSONS) ||
      !run_.On(kLessonsCategoryMissing)) {
    return;
  }
  struct List {
    int size;
    const char* name;
    int number;
    const char* heading;
  };
  for (const List& list :
       {List{l.went_well_size(), "went_well", v1::Lessons::kWentWellFieldNumber,
             "what went well"},
        List{l.went_wrong_size(), "went_wrong",
             v1::Lessons::kWentWrongFieldNumber, "what went wrong"},
        List{l.got_lucky_size(), "got_lucky", v1::Lessons::kGotLuckyFieldNumber,
             "where we got lucky"}}) {
    if (list.size > 0) continue;
    v1::Finding* f = run_.Emit(
        kLessonsCategoryMissing, root.Field(list.name, list.number),
        absl::StrCat("The lessons do not say ", list.heading, "."),
        absl::StrCat("Add ", list.heading,
                     ", even a single entry; an empty list suggests the "
                     "question was not asked."));
    if (f != nullptr) f->set_category(list.name);
  }
}

void Hygiene::CheckAll() {
  People();
  IdSet events(pm_.timeline_size());
  Timeline(events);
  IdSet factors(pm_.analysis().contributing_factors_size());
  Analysis(events, factors);
  ActionItems(factors);
  Lessons();
}

}  // namespace

void CheckHygiene(Run& run) { Hygiene(run).CheckAll(); }

}  // namespace pmkit::validate_internal
