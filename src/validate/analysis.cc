// Impact (quantified for high severities, services named) and analysis
// (human error, people as causes, the trigger kept apart from the factors).
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/validate/run.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

using v1::Postmortem;

bool Quantified(const v1::Impact& impact) {
  return impact.has_users_affected() || impact.has_accounts_affected() ||
         impact.has_percent_of_product() ||
         (impact.has_revenue_impact() && (impact.revenue_impact().units() != 0 ||
                                          impact.revenue_impact().nanos() != 0)) ||
         impact.slo_impacts_size() > 0 || impact.has_support_tickets() ||
         impact.has_failed_requests();
}

void CheckImpact(Run& run) {
  const Postmortem& pm = run.pm();
  const Path impact = Path().Field("impact", Postmortem::kImpactFieldNumber);
  if (run.past_draft() && run.high_severity() && run.On(kImpactUnquantified) &&
      !Quantified(pm.impact())) {
    run.Emit(kImpactUnquantified, impact,
             absl::StrCat("A ", run.level()->id,
                          " incident's impact states no number."),
             "Add at least one: users or accounts affected, share of "
             "traffic, revenue, SLO budget consumed, support tickets or "
             "failed requests (an estimate is better than none).");
  }
  if (run.past_draft() && pm.has_impact() && pm.impact().services_size() == 0 &&
      run.On(kImpactServicesMissing)) {
    run.Emit(kImpactServicesMissing,
             impact.Field("services", v1::Impact::kServicesFieldNumber),
             "No affected service is named.",
             "List each service or product affected, with how badly.");
  }
}

// Trimmed and without final periods or spaces; compared ignoring ASCII case
// (SameNormalised), so no lowercase copy is made.
absl::string_view Normalise(absl::string_view text) {
  absl::string_view out = absl::StripAsciiWhitespace(text);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) {
    out.remove_suffix(1);
  }
  return out;
}

void CheckHumanError(Run& run, absl::string_view text, const Path& path) {
  const absl::string_view phrase = FindHumanError(text);
  if (phrase.empty()) return;
  v1::Finding* f = run.Emit(
      kHumanError, path,
      absl::StrCat("\"", phrase, "\" is given as a cause."),
      "Describe the conditions that made the action possible and reasonable "
      "at the time: what the person saw, what the tools allowed, what "
      "pressure there was.");
  if (f != nullptr) f->set_excerpt(std::string(phrase));
}

// Appends the names a person goes by: display name, its first word,
// handles.
void NamesOf(const v1::Person& person, std::vector<absl::string_view>* names) {
  const absl::string_view display = person.display_name();
  if (display.size() >= 3) names->push_back(display);
  const size_t space = display.find(' ');
  if (space != absl::string_view::npos && space >= 3) {
    names->push_back(display.substr(0, space));
  }
  for (const std::string& handle : person.handles()) {
    absl::string_view h = handle;
    if (absl::StartsWith(h, "@")) h.remove_prefix(1);
    if (h.size() >= 3) names->push_back(h);
  }
}

void CheckAnalysis(Run& run) {
  const Postmortem& pm = run.pm();
  const v1::Analysis& analysis = pm.analysis();
  const Path root =
      Path().Field("analysis", Postmortem::kAnalysisFieldNumber);
  if (run.On(kHumanError)) {
    CheckHumanError(run, analysis.trigger(),
                    root.Field("trigger", v1::Analysis::kTriggerFieldNumber));
    for (int i = 0; i < analysis.contributing_factors_size(); ++i) {
      const v1::ContributingFactor& f = analysis.contributing_factors(i);
      const Path factor = root.Element(
          "contributing_factors", v1::Analysis::kContributingFactorsFieldNumber,
          i);
      CheckHumanError(run, f.title(),
                      factor.Field("title", v1::ContributingFactor::kTitleFieldNumber));
      CheckHumanError(
          run, f.description(),
          factor.Field("description",
                       v1::ContributingFactor::kDescriptionFieldNumber));
    }
    CheckHumanError(run, analysis.root_cause_narrative(),
                    root.Field("root_cause_narrative",
                               v1::Analysis::kRootCauseNarrativeFieldNumber));
  }
  if (run.On(kCausePerson) && pm.people_size() > 0) {
    // Every person's names once, in people order, then one scan per title
    // (not one search per title, person and name).
    std::vector<absl::string_view> names;
    std::vector<int> person_of;  // Parallel to names: index in people.
    // Room for a display name, its first word and two handles a person
    // (more grows): the vectors otherwise grew three or four times a run.
    names.reserve(4 * static_cast<size_t>(pm.people_size()));
    person_of.reserve(names.capacity());
    for (int p = 0; p < pm.people_size(); ++p) {
      NamesOf(pm.people(p), &names);
      person_of.resize(names.size(), p);
    }
    const NameSet name_set(names);
    std::vector<bool> found;
    for (int i = 0; i < analysis.contributing_factors_size(); ++i) {
      const std::string& title = analysis.contributing_factors(i).title();
      if (title.empty()) continue;
      name_set.Mark(title, &found);
      // The first person with a name in the title, and the first of their
      // names it holds.
      size_t k = 0;
      while (k < names.size() && !found[k]) ++k;
      if (k == names.size()) continue;
      const absl::string_view hit = names[k];
      v1::Finding* f = run.Emit(
          kCausePerson,
          root.Element("contributing_factors",
                       v1::Analysis::kContributingFactorsFieldNumber, i)
              .Field("title", v1::ContributingFactor::kTitleFieldNumber),
          absl::StrCat("The factor names ", hit, " (",
                       pm.people(person_of[k]).id(),
                       ") rather than a condition."),
          "State the condition that made the action possible (a missing "
          "safeguard, an ambiguous signal, a tool's default), not who "
          "acted.");
      if (f != nullptr) f->set_excerpt(std::string(hit));
    }
  }
  if (run.On(kTriggerAsFactor) && !IsBlank(analysis.trigger())) {
    const absl::string_view trigger = Normalise(analysis.trigger());
    for (int i = 0; i < analysis.contributing_factors_size(); ++i) {
      const v1::ContributingFactor& f = analysis.contributing_factors(i);
      if (!absl::EqualsIgnoreCase(Normalise(f.title()), trigger) &&
          !absl::EqualsIgnoreCase(Normalise(f.description()), trigger)) {
        continue;
      }
      run.Emit(kTriggerAsFactor,
               root.Element("contributing_factors",
                            v1::Analysis::kContributingFactorsFieldNumber, i),
               "The contributing factor repeats the trigger.",
               "Keep the trigger in analysis.trigger; as factors, record the "
               "conditions that let it cause harm (why was the system "
               "vulnerable to it?).");
    }
  }
}

}  // namespace

void CheckImpactAndAnalysis(Run& run) {
  CheckImpact(run);
  CheckAnalysis(run);
}

}  // namespace pmkit::validate_internal
