// Tests of the blame detector with sentences written for these tests.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "pmkit/blame.h"
#include "src/blame/default_lexicon_data.h"

namespace pmkit {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<BlameDetector> MakeDetector(const std::string& options_text = "") {
  v1::BlameOptions options;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(options_text, &options));
  absl::StatusOr<std::unique_ptr<BlameDetector>> d = BlameDetector::Create(options);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? std::move(*d) : nullptr;
}

const BlameDetector& Default() {
  static const BlameDetector* d = MakeDetector().release();
  return *d;
}

std::set<std::string> Categories(const BlameDetector& d, const std::string& text,
                                 const BlameScanOptions& options = {}) {
  absl::StatusOr<std::vector<v1::Finding>> findings = d.ScanText(text, options);
  EXPECT_TRUE(findings.ok()) << findings.status();
  std::set<std::string> out;
  if (findings.ok()) {
    for (const v1::Finding& f : *findings) out.insert(f.category());
  }
  return out;
}

struct Case {
  const char* text;
  const char* category;  // Expected among the findings; "" = no findings.
};

// Each category: sentences that must be flagged with it, and neutral
// sentences using the same trigger words about systems or sensible actions.
const Case kCases[] = {
    // actor_as_cause
    {"Oliver pushed a broken manifest to the cluster.", "actor_as_cause"},
    {"The contractor wiped the staging bucket.", "actor_as_cause"},
    {"An operator accidentally restarted every pod in the namespace.", "actor_as_cause"},
    {"The new hire brought down the search cluster.", "actor_as_cause"},
    {"The outage was triggered by an engineer editing the load balancer rules.", "actor_as_cause"},
    {"The sync job pushed an invalid manifest to the cluster.", ""},
    {"The technician replaced the failed disk at 10:40.", ""},
    {"An engineer saw the alert and opened an incident.", ""},
    // counterfactual
    {"Ravi should have waited for the canary results.", "counterfactual"},
    {"We should've rolled back immediately.", "counterfactual"},
    {"If only the reviewer had looked at the diff.", "counterfactual"},
    {"The release manager failed to notify the support team.", "counterfactual"},
    {"The queue consumer failed to acknowledge the messages.", ""},
    {"The proxy should have a shorter timeout.", ""},
    {"The retry could have amplified the load further.", ""},
    {"The on-call did not page the DBA because the runbook said to wait.", ""},
    {"The outage followed a misconfiguration by a network engineer.", "actor_as_cause"},
    // human_error_as_cause
    {"The incident was caused by human error.", "human_error_as_cause"},
    {"A fat-fingered command deleted the index.", "human_error_as_cause"},
    {"This oversight let the expired key stay in rotation.", "human_error_as_cause"},
    {"The 5xx error rate peaked at 30 percent.", ""},
    {"The tool now prints human-readable diffs.", ""},
    {"Human error is never an adequate root cause.", ""},
    // judgment_character
    {"The migration plan was sloppy and reckless.", "judgment_character"},
    {"Frankly the rollout team dropped the ball.", "judgment_character"},
    {"The responders were calm and methodical.", ""},
    // normative_violation
    {"The operator did not follow the documented failover procedure.", "normative_violation"},
    {"The hotfix shipped without proper review.", "normative_violation"},
    {"The change freeze policy was not followed.", "normative_violation"},
    {"The procedure was followed but did not cover partial failures.", ""},
    {"The latency SLO was exceeded for two hours.", ""},
    // blame_fault_words
    {"The storage team is to blame for this.", "blame_fault_words"},
    {"Management blamed the on-call engineer.", "blame_fault_words"},
    {"The contractor was at fault.", "blame_fault_words"},
    {"It is not their fault that the dashboard was wrong.", ""},
    {"Our reviews avoid hunting for a person to blame.", ""},
    {"The fault was in the RAID controller firmware.", ""},
    // hindsight_minimizing
    {"This was a trivial mistake to avoid.", "hindsight_minimizing"},
    {"All it took was a single missing flag.", "hindsight_minimizing"},
    {"A simple fix was deployed at 11:02.", ""},
    // person_focused_remediation
    {"Operators must be more careful with production credentials.", "person_focused_remediation"},
    {"The on-call engineer needs additional training on the database tooling.", "person_focused_remediation"},
    {"Make sure the engineer double-checks the region before applying.", "person_focused_remediation"},
    {"Make the deploy tool show the target region before applying.", ""},
    // punitive_sanction
    {"The engineer responsible should be fired.", "punitive_sanction"},
    {"Disciplinary action is being considered.", "punitive_sanction"},
    {"The alert fired at 03:12.", ""},
    {"The leader was demoted and a follower took over.", ""},
    // accusatory_question
    {"Who deleted the production bucket?", "accusatory_question"},
    {"Why didn't the engineer test the migration?", "accusatory_question"},
    {"Who was on call that night?", ""},
    {"Why did the health check keep passing?", ""},
};

TEST(BlameDetectorTest, CategoriesPositiveAndNegative) {
  for (const Case& c : kCases) {
    std::set<std::string> found = Categories(Default(), c.text);
    if (std::string(c.category).empty()) {
      EXPECT_TRUE(found.empty()) << c.text << " -> " << *found.begin();
    } else {
      EXPECT_TRUE(found.count(c.category)) << c.text << " lacks " << c.category;
    }
  }
}

// Rules added in lexicon 2026.11.2 for recall on unseen prose: each with
// sentences that must be flagged (by that rule) and neutral sentences with
// the same words about systems or about people acting sensibly.
struct RuleCase {
  const char* text;
  const char* rule;  // Expected among the findings' detail_rule; "" = none.
};

const RuleCase kRuleCases[] = {
    // actor.agent_destroyed
    {"The DBA truncated the orders table during business hours.", "actor.agent_destroyed"},
    {"Someone on the data team overwrote the customer export.", "actor.agent_destroyed"},
    {"The script deleted every key in the namespace because the prefix was empty.", ""},
    {"The engineer deleted the stale lock file and the job resumed.", ""},
    {"The DBA dropped the old index to reclaim disk space.", ""},
    {"The admin overwrote the config with the last known good version to restore service.", ""},
    // actor.agent_disabled_safety
    {"Ops disabled the paging rotation and went home.", "actor.agent_disabled_safety"},
    {"The developer commented out the validation to get the build green.", "actor.agent_disabled_safety"},
    {"The operator disabled the health checks during the planned maintenance.", ""},
    {"The engineer disabled the noisy alert temporarily while investigating.", ""},
    // actor.agent_against_production
    {"The intern ran a benchmark against the production database.", "actor.agent_against_production"},
    {"The contractor pushed his changes straight to production.", "actor.agent_against_production"},
    {"The SRE ran the smoke tests against production after the rollback.", ""},
    {"The engineer ran the recovery script against production to restore the rows.", ""},
    // actor.agent_instead_of
    {"The engineer restarted the primary instead of the standby.", "actor.agent_instead_of"},
    {"The team chose the manual failover instead of the automated path.", ""},
    {"The developer queried the read-only replica instead of the primary, which kept load off production.", ""},
    // actor.agent_leaked
    {"A developer posted the database password in a public Slack channel.", "actor.agent_leaked"},
    {"The engineer rotated the exposed keys within ten minutes.", ""},
    // actor.agent_never
    {"The reviewer never opened the second file of the diff.", "actor.agent_never"},
    {"The on-call engineer never received the page.", ""},
    {"The engineer never saw the warning because it was sent to an old address.", ""},
    // actor.group_subject
    {"Support never escalated the outage to engineering.", "actor.agent_never"},
    {"Ops forgot to renew the certificate.", "actor.group_subject"},
    {"Support for IPv6 was added in the same release.", ""},
    {"Write ops failed to complete during the partition.", ""},
    {"Security reviewed the access logs and found no misuse.", ""},
    // actor.agent_mistakenly: "incorrectly", "improperly" after the verb
    {"The technician entered the VLAN ID incorrectly.", "actor.agent_mistakenly"},
    {"The engineer noticed that the alert was incorrectly routed.", ""},
    // actor.agent_let_lapse
    {"The sysadmin let the domain registration lapse.", "actor.agent_let_lapse"},
    {"Engineers let the canary bake for an hour before promoting it.", ""},
    {"We let the certificate expire on the unused domain, as planned.", ""},
    // actor.agent_disabled_safety: clicking through a warning
    {"A staffer clicked through the warning and confirmed the deletion.", "actor.agent_disabled_safety"},
    {"The engineer clicked the rollback button and traffic recovered.", ""},
    // actor.agent_blame_verb: a place or team after the person; "dismissed"
    {"A technician at the warehouse site broke the fibre conduit.", "actor.agent_blame_verb"},
    {"The on-call dismissed the page as a false alarm.", "actor.agent_blame_verb"},
    {"The on-call acknowledged the alert and dismissed the duplicate page.", ""},
    // actor.agent_wrong_object with a place after the person
    {"A technician at the colo pulled the wrong patch cable.", "actor.agent_wrong_object"},
    // human_error.made_mistake: passive
    {"Mistakes were made by the deployment team.", "human_error.made_mistake"},
    {"No mistakes were made in the rollback.", ""},
    // judgment.slang: not paying attention; judgment.character_word
    {"The engineer on duty was not paying attention.", "judgment.slang"},
    {"The developer was overconfident about the migration.", "judgment.character_word"},
    // normative.self_approval
    {"He approved his own pull request and deployed it.", "normative.self_approval"},
    {"She approved the change after reviewing the diff with the service owner.", ""},
    {"The author merged her own docs fix, which the policy allows for docs.", ""},
    // Skipping a step; a justification from the runbook cancels it.
    {"The technician who performed the upgrade skipped a step.", "actor.agent_disabled_safety"},
    {"The engineer skipped the step because the runbook marked it optional.", ""},
    {"The engineer restarted the service without waiting for approval because the runbook allows it.", ""},
    {"The on-call engineer went to bed without handing off.", "actor.agent_without"},
    {"The on-call engineer wiped the cache, as the runbook instructs.", ""},
    // actor.agent_introduced_bug
    {"A developer introduced the bug in a refactor last week.", "actor.agent_introduced_bug"},
    {"The engineer who found the bug wrote a regression test.", ""},
    {"A developer introduced a fix for the deadlock on Tuesday.", ""},
    // human_error.phrase: misclick, "due to a typo"
    {"A misclick in the console deleted the load balancer.", "human_error.phrase"},
    {"The outage was due to a typo in the zone file.", "human_error.phrase"},
    {"Thanks to the new linter, typos in config keys are now rejected.", ""},
    // question.whose_fault: "why on earth did the engineer …"
    {"Why on earth did the engineer restart production?", "question.whose_fault"},
    {"Why did the health check pass while the disk was failing?", ""},
    // judgment.slang: "no idea what they were doing"
    {"The change was pushed by someone who had no idea what they were doing.", "judgment.slang"},
    {"Nobody had any idea what the error code meant until the vendor replied.", ""},
    // punitive.passive: a relative clause before the sanction
    {"The contractor who wrote the migration script was terminated.", "punitive.passive"},
    {"The engineer who raised the alarm was reassigned to the incident bridge.", ""},
    // blame_words.at_fault: owning a dashboard is not fault
    {"The team is responsible for the dashboard and its alerts.", ""},
    // actor.agent_destroyed: through a script, or the person's change
    {"One of our SREs ran a script that deleted the replicas.", "actor.agent_destroyed"},
    {"The developer's migration wiped the sessions table.", "actor.agent_destroyed"},
    {"The engineer ran a script that deleted the stale entries, as planned.", ""},
    // normative.violated: outside the change window
    {"The engineer deployed outside the approved change window.", "normative.violated"},
    {"The on-call engineer was paged outside business hours.", ""},
    {"Traffic outside the maintenance window was unaffected.", ""},
    // question.whose_fault: "who decided …"
    {"Who decided to deploy on a Friday evening?", "question.whose_fault"},
    {"Who was supposed to receive the page according to the escalation policy?", ""},
    // hindsight.easy: "should know better"
    {"He should know better by now.", "hindsight.easy"},
    // blame_words.at_fault: "the engineer responsible", "X's fault"
    {"The engineer responsible had joined two weeks earlier.", "blame_words.at_fault"},
    {"The engineer responsible for the database was paged at 02:10.", ""},
    {"It was the intern's fault, plain and simple.", "blame_words.at_fault"},
    {"It was the reviewer's job to coordinate sign-off.", ""},
    // actor.agent_without: "they … without telling"
    {"They shipped the migration without telling the database team.", "actor.agent_without"},
    {"Clients reconnect without waiting for the backoff interval.", ""},
    // blame_words.at_fault
    {"The fault lies squarely with the release manager.", "blame_words.at_fault"},
    {"The architect turned out to be responsible for the bad design.", "blame_words.at_fault"},
    {"The storage team is responsible for the backup service.", ""},
    {"As the incident commander, she was responsible for communications.", ""},
    // blame_words.blame_person: reported blame that is rebutted
    {"Early reports blamed the operator, but the console showed no warning.", ""},
    {"Management blamed the release engineer for the data loss.", "blame_words.blame_person"},
    // remediation.be_careful
    {"Everyone on call needs to be much more careful.", "remediation.be_careful"},
    {"From now on, operators have to be a lot more careful with deletes.", "remediation.be_careful"},
    // hindsight.easy: "any competent X would have"
    {"Any experienced engineer would have caught this.", "hindsight.easy"},
    {"A senior engineer would have needed the same information to decide.", ""},
    // 2026.11.3: more first names as persons
    {"Oluwaseun truncated the audit table during the migration.", "actor.agent_destroyed"},
    {"Henrik never paged the database team.", "actor.agent_never"},
    // 2026.11.3: actor.agent_without, a safety net missing ("without a backup")
    {"Yesterday Farid patched the shard map without a snapshot.", "actor.agent_without"},
    {"They rolled out the new schema without any canary.", "actor.agent_without"},
    {"The engineer restored the volume without a snapshot because the tooling had none.", ""},
    {"The job retries without a backoff step.", ""},
    // actor.agent_instead_of: a target without a determiner
    {"Hiroshi applied the patch to production instead of staging.", "actor.agent_instead_of"},
    {"Ingrid restarted the payments gateway in the Frankfurt region instead of Dublin.", "actor.agent_instead_of"},
    {"The operator used staging instead of production, which kept the blast radius small.", ""},
    // counterfactual.should_have: "should never have"
    {"The contractor should never have merged that branch.", "counterfactual.should_have"},
    {"We should have better alerting on replication lag, so we are adding it.", ""},
    // counterfactual.nobody: a few words after "nobody"
    {"Nobody in the platform group updated the certificate inventory.", "counterfactual.nobody"},
    {"Nobody was paged because the alert had no route.", ""},
    // counterfactual.duty: whose job it was
    {"It was the release manager's job to verify the rollback plan.", "counterfactual.duty"},
    {"The on-call's job is to triage pages, not to debug the database.", ""},
    {"Frankly it was their job to spot a change like that.", "counterfactual.duty"},
    {"It was the DBA's responsibility to coordinate the maintenance window.", ""},
    {"It was not the approver's job to test the migration script.", ""},
    // question.whose_fault: "what was X doing", "who thought"
    {"What was the database team doing during the first hour?", "question.whose_fault"},
    {"Who thought disabling the canary was a good idea?", "question.whose_fault"},
    {"What was the scheduler doing during the first hour?", ""},
    // punitive.passive: losing rights; a negated sanction
    {"Whoever merged it should lose their deploy rights.", "punitive.passive"},
    {"No disciplinary action was taken against anyone involved.", ""},
    {"Customers lost their access when the token service went down.", ""},
    // normative.not_authorized: adverbs of repetition
    {"The contractors repeatedly ignored the change-freeze policy.", "normative.not_authorized"},
    // hindsight.easy: "basic stuff"
    {"This is basic stuff for anyone running Postgres.", "hindsight.easy"},
    // precision: rebutted fault, a slip caught by tooling, checked deletes, blaming as a topic
    {"It was not the technician's fault; the label on the rack was wrong.", ""},
    {"A typo in the manifest was rejected by the schema validator before rollout.", ""},
    {"The DBA dropped the temp table after confirming nothing read from it.", ""},
    {"Blaming the contractor would hide why the script accepted an empty path.", ""},
    // 2026.11.4: a person's change as the agent; making it worse
    {"Rahul's hotfix broke the login flow for every tenant.", "actor.agent_blame_verb"},
    {"The trainee's rollout took down the billing API for an hour.", "actor.agent_takedown"},
    {"The incident commander made things worse by restarting every node.", "actor.agent_blame_verb"},
    {"The operator shut down the old cluster after the migration finished, as scheduled.", ""},
    // 2026.11.4: leaving something exposed; letting it sit
    {"The storage team left the bucket publicly readable for a month.", "actor.agent_let_lapse"},
    {"The on-call let the page sit for forty minutes.", "actor.agent_let_lapse"},
    // 2026.11.4: a leaked key is not cancelled by who found it
    {"A developer pushed an API key to a public repo, where attackers found it.", "actor.agent_leaked"},
    {"An engineer discovered a leaked key in the public repo and rotated it.", ""},
    // 2026.11.4: blame words
    {"Ops is to blame for the expired certificate.", "blame_words.at_fault"},
    {"This one is entirely on the new hire.", "blame_words.at_fault"},
    {"The database team owns the blame for this one.", "blame_words.at_fault"},
    {"The payments team is responsible for the changes listed in the action items.", ""},
    // 2026.11.4: hindsight
    {"A simple dry run would have caught it.", "hindsight.easy"},
    {"This was a trivially avoidable outage.", "hindsight.easy"},
    {"A canary stage would have caught the regression, so we are adding one.", ""},
    // 2026.11.4: norms, person-focused fixes, sanctions, questions
    {"He deployed on a holiday weekend, against explicit policy.", "normative.violated"},
    {"Tom needs to slow down before pushing config to every region.", "remediation.be_careful"},
    {"Going forward, Carlos will not be allowed to deploy alone.", "remediation.training"},
    {"His contract was terminated after the incident.", "punitive.passive"},
    {"Nobody is being disciplined over this, and nobody should be.", ""},
    {"Whose bright idea was it to migrate during peak traffic?", "question.whose_fault"},
    {"Did anyone on the platform team even look at the alert?", "question.whose_fault"},
    // 2026.11.4: precision
    {"The worker should have dropped the poison message after three attempts.", ""},
    {"Stopping at human error ends the investigation too early.", ""},
    {"The alert fired, but it went to a channel that nobody monitored.", ""},
    // 2026.11.5: sanctions in news and forum phrasing
    {"The technician was given a written warning after the outage.", "punitive.passive"},
    {"Leadership wants heads to roll over the data loss.", "punitive.passive"},
    {"They will probably let the contractor go.", "punitive.passive"},
    {"The administrator who ran the script was placed on administrative leave.", "punitive.passive"},
    {"Anywhere else the engineer who did this would be out the door.", "punitive.passive"},
    {"Whoever signed off on it should be escorted out.", "punitive.passive"},
    {"That intern should never be allowed near production again.", "punitive.passive"},
    {"We let the on-call go home after the handoff.", ""},
    {"The fix should be out the door by Friday.", ""},
    {"We walked out of the office at 3am after mitigation.", ""},
    // 2026.11.5: blame words, failures of a person, repetition, questions
    {"The culprit turned out to be a contractor with root access.", "blame_words.at_fault"},
    {"The admin who merged that change owns this outage.", "blame_words.at_fault"},
    {"Honestly, that one is on Marcus.", "blame_words.at_fault"},
    {"The team that owns the failure domain was paged.", ""},
    {"The pager was on Kim that night.", ""},
    {"The root cause was the operator's failure to renew the certificate.", "counterfactual.failed_to"},
    {"The system's failure to retry caused the backlog.", ""},
    {"The on-call clearly was not watching the error budget.", "counterfactual.failed_to"},
    {"Great, Dmitri did it again.", "actor.agent_blame_verb"},
    {"Priya did that again to confirm the fix.", ""},
    {"Why the DBA thought a Friday migration was safe, nobody knows?", "question.whose_fault"},
    {"Who the heck merged this without review?", "question.whose_fault"},
    {"Who on earth could have predicted this interaction?", ""},
    // 2026.11.5: precision
    {"Neither the reviewer nor the author could have seen the conflict.", ""},
    {"We should have had an alert on certificate expiry.", ""},
    {"Telling people to try harder does not scale.", ""},
    {"The form showed no units, so the operator reasonably typed seconds instead of milliseconds.", ""},
    // 2026.11.6: roles (release captain, NOC, personnel), repetition, skipped steps
    {"The release captain should have frozen the train after the first errors.", "counterfactual.should_have"},
    {"Why didn't the NOC escalate for three hours?", "question.whose_fault"},
    {"The outage was attributed to personnel failing to follow the patching procedure.", "normative.not_followed"},
    {"Personnel on the night shift followed the runbook exactly.", ""},
    {"Of course it was the contractors again.", "actor.agent_blame_verb"},
    {"It was the interns who first noticed the latency spike.", ""},
    {"A finance clerk opened a phishing attachment and entered her password.", "actor.agent_blame_verb"},
    {"The engineer reported the phishing email to security within minutes.", ""},
    {"You still skipped the backup step, even with the checklist open.", "normative.not_authorized"},
    {"The pipeline skipped the canary stage because the flag was set.", ""},
    {"The director who overrode the SRE team's warnings owns the result.", "normative.not_authorized"},
    {"The deploy went out from the release captain, despite the policy requiring a canary.", "normative.not_authorized"},
    {"The on-call engineer, despite the runbook's outdated steps, restored service.", ""},
    // 2026.11.6: sarcasm and judgement, hindsight, culprit, owning up
    {"Anyone with half a brain would have read the diff.", "judgment.slang"},
    {"You had one job, Viktor.", "judgment.slang"},
    {"It is embarrassing that a senior engineer could not read a subnet mask.", "judgment.slang"},
    {"It is embarrassing that our status page went down with the service.", ""},
    {"Bravo to whoever decided a one-week DNS TTL was a good idea.", "judgment.slang"},
    {"Well done, data team, you managed to wipe the staging warehouse.", "judgment.slang"},
    {"The new hire managed to restore the cluster in twenty minutes.", ""},
    {"Honestly, how hard is it to read the deploy checklist?", "hindsight.easy"},
    {"How hard is it to restore a single table from the nightly backup?", ""},
    {"The culprit, unsurprisingly, was a developer with root on every box.", "blame_words.at_fault"},
    {"So who is going to own up to the broken migration?", "blame_words.at_fault"},
    // 2026.11.6: vigilance as the fix, keeping someone away, who authorised
    {"From now on the on-call must read the hostname aloud before any destructive command.", "remediation.be_careful"},
    {"The on-call must confirm the rollback in the dashboard before closing the incident.", ""},
    {"The simplest fix is to stop letting Omar anywhere near the firewall.", "punitive.passive"},
    {"We let the new SRE near production only after a week of pairing.", ""},
    {"Who told the vendor he could reboot the core switch?", "question.whose_fault"},
    {"Who told the customers about the outage?", ""},
    // 2026.11.6: precision
    {"Operator error messages in the console did not say whether the command ran.", ""},
    {"The patch should have been applied automatically by the update agent.", ""},
    // 2026.11.7: formal corrective actions, enterprise roles, chat
    {"Corrective action: counsel the technician on the change window.", "remediation.training"},
    {"The operator has been retrained on alarm handling.", "remediation.training"},
    {"Action: Ms. Dlamini to complete refresher training before her next shift.", "remediation.training"},
    {"Going forward, Akosua will double-check each routing change.", "remediation.double_check"},
    {"The runbook says the on-call will double-check the DNS change in staging.", ""},
    {"We need to make sure Bruno runs the smoke tests before every release.", "remediation.double_check"},
    {"Make sure the pipeline runs the migration checks before every release.", ""},
    {"The controller on duty received a verbal warning.", "punitive.passive"},
    {"Whoever owns the patch schedule needs to be held accountable.", "punitive.passive"},
    {"Teams are held accountable for their SLOs through the quarterly review.", ""},
    {"I'm revoking his admin rights until further notice.", "punitive.passive"},
    {"The note about the incident went in her personnel file.", "punitive.passive"},
    {"The ministry suspended the official who approved the launch.", "punitive.passive"},
    {"The dispatcher rerouted the train to the spare platform and service resumed.", ""},
    {"Staff at the front desk failed to escalate the outage for an hour.", "counterfactual.failed_to"},
    {"Staff at the service desk escalated the ticket within five minutes.", ""},
    {"Failure to follow the two-person rule by the database administrator caused the loss.", "normative.not_followed"},
    {"Why wasn't the on-call engineer answering the phone?", "question.whose_fault"},
    {"Why was the on-call engineer not paged by the alert?", ""},
    {"The real culprit here is the contractor who ran the script.", "blame_words.at_fault"},
    {"Honestly, this one's on Tariq, he merged it.", "blame_words.at_fault"},
    {"That one is on the roadmap for next quarter.", ""},
    {"Is it really fair to blame one admin for a missing test environment?", ""},
    {"Nobody on the ops team could be bothered to renew it.", "judgment.slang"},
    {"Kofi, you absolute muppet.", "judgment.character_word"},
    {"You dropped the production schema again.", "actor.agent_destroyed"},
    {"You deleted the stale branch, which was fine.", ""},
    // 2026.11.8: timeline-style agents, accented names, formal remediation
    {"Every junior admin would have spotted that.", "hindsight.easy"},
    {"An alert on queue depth would have caught that.", ""},
    {"The carrier ended its contract with the subcontractor after the cut.", "punitive.passive"},
    {"We have spoken with the engineer involved to ensure it does not happen again.", "punitive.passive"},
    {"We talked with the engineer involved to understand what the dashboard showed.", ""},
    {"At 03:47 Ramón restarted the primary instead of the replica, which took the cluster offline.", "actor.agent_instead_of"},
    {"José bypassed the approval step to ship the hotfix.", "normative.not_authorized"},
    {"The outage was caused by Min-seo, who pushed the wrong manifest.", "actor.error_by_agent"},
    {"The migration was triggered by the scheduler, which runs at midnight.", ""},
    {"The on-call acknowledged the alert without investigating.", "counterfactual.failed_to"},
    {"The on-call acknowledged the page within two minutes and began investigating.", ""},
    {"We will remind all engineers of the importance of reading the runbook.", "remediation.training"},
    {"The real fix is for people to slow down.", "remediation.be_careful"},
    {"Shipping on a Friday is against our own policy.", "normative.violated"},
    {"Turns out it was just a typo in the record Femi added.", "human_error.typo"},
    {"There was a typo in the example config, which the schema check rejected.", ""},
    // 2026.11.8: precision
    {"We do not consider this a case of human error; the tooling made it easy.", ""},
    {"Can we stop asking whose fault it was?", ""},
    // 2026.11.9: recall and precision, from blame_blind_12's misses
    {"The engineer pushed the keys to a public repository, against company security policy.", "normative.violated"},
    {"We validated the schema against company naming conventions before the release.", ""},
    {"The hotfix was not peer reviewed as required by the change policy.", "normative.not_followed"},
    {"The dashboard was not updated as required because the exporter had crashed.", ""},
    {"All it took to avoid the outage was reading the warning in the deploy log.", "hindsight.easy"},
    {"All it took to trigger the outage was one malformed packet.", ""},
    {"He could have paused the rollout instead of pushing it to every region.", "counterfactual.should_have"},
    {"The balancer could have routed traffic to the standby instead of dropping it.", ""},
    {"Anybody watching the graphs would have noticed the memory climbing.", "counterfactual.should_have"},
    {"Anyone could have made the same choice with the information on the dashboard.", ""},
    {"The technician who misrouted the circuit was let go after the review.", "punitive.passive"},
    {"The lock was released and the queue was let go at 09:12.", ""},
    {"Management placed responsibility for the data loss on the night operator.", "blame_words.blame_person"},
    {"The runbook places responsibility for paging on the incident commander.", ""},
    {"It was the junior admin, as usual.", "actor.error_by_agent"},
    {"It was the only engineer on call who paged the storage team.", ""},
    {"The outage was traced to a mistakenly entered route in the edge config.", "human_error.phrase"},
    {"The form now rejects incorrectly entered card numbers.", ""},
    {"A cut-and-paste error in the manifest pointed every pod at the test database.", "human_error.phrase"},
    {"Then Kevin copied the staging config over the production one and reloaded nginx.", "actor.agent_destroyed"},
    {"Kevin copied the backup over the corrupted file to restore service.", ""},
    {"Maria will be required to get approval before touching the billing cluster again.", "remediation.be_careful"},
    {"Changes to the billing cluster will be required to get approval from two reviewers.", ""},
    {"Retraining the people involved seldom fixes the conditions behind a slip.", ""},
    {"Writing that someone should have caught it tells us nothing about the system.", ""},
    {"No one on the rotation is at fault for the expired certificate.", ""},
    {"No one in the team is to blame; the dependency changed its API.", ""},
    // 2026.11.10: from blame_blind_13's misses
    {"He can't be bothered to read the runbook before paging.", "judgment.slang"},
    {"After this, he should never be on the pager again.", "punitive.passive"},
    {"The pager should not be on the same network as the servers.", ""},
    {"The technician responsible was later removed from the contract.", "punitive.passive"},
    {"The admin who rebooted the core switch during business hours was suspended.", "punitive.passive"},
    {"The ticket was reassigned to the storage team after triage.", ""},
    {"Human error is a description of the outcome, not its cause.", ""},
    {"We asked Oluwaseun to shadow with a senior engineer on the next two rollouts.", "remediation.be_careful"},
    {"We asked the vendor to send a senior engineer to the site.", ""},
    {"The intern who dropped the table now needs approval for every migration.", "remediation.be_careful"},
    {"Every migration now needs approval from the schema check, whoever writes it.", ""},
    {"Review will be mandatory for anything written by Dmitri.", "remediation.be_careful"},
    {"Review is mandatory for anything written by an external contributor.", ""},
    {"Everybody knows you never restart the primary during peak.", "hindsight.easy"},
    {"Everybody knows the status page is the first place customers look.", ""},
    {"We traced the bad write to an engineer testing a script against production.", "actor.error_by_agent"},
    {"We traced the latency to the engineer's laptop proxy, which was misconfigured by default.", ""},
    {"We found no indication that the operator acted outside the change window.", ""},
    {"The engineer, despite the warnings, restarted the controller anyway.", "normative.not_authorized"},
    {"The controller ignored the warnings and restarted anyway.", ""},
    {"The developer self-approved the pull request at 2 a.m.", "normative.self_approval"},
    {"The bot self-approved the dependency bump as configured.", ""},
    {"Errors like that are on the operator, not the tooling.", "blame_words.at_fault"},
    {"Errors like that are on the dashboard within a minute.", ""},
    {"This is what happens when you give contractors root.", "judgment.slang"},
    {"This is what happens when the cache expires during a deploy.", ""},
    {"Whoever wrote this clearly did not understand connection pooling.", "judgment.slang"},
    {"The client clearly did not understand the new error code, so it retried.", ""},
    {"Some genius put the backups on the same disk.", "judgment.slang"},
    {"A broken route was pushed by the contractor late on Friday.", "actor.error_by_agent"},
    {"A broken route was pushed by the automation late on Friday.", ""},
    {"It would never have happened had the DBA checked the replication lag.", "counterfactual.if_only"},
    {"Had the failover not kicked in, the outage would have lasted hours.", ""},
    {"The underlying cause, once again, was a human.", "human_error.phrase"},
    {"The underlying cause was not a person but a missing guard in the API.", ""},
    // 2026.11.11: from blame_blind_14's misses and false positives
    {"Retraining is seldom an effective answer when the console invites the slip.", ""},
    {"The Prometheus operator failed to reconcile the alerting rules after the upgrade.", ""},
    {"The 'human error' verdict closes the inquiry before it starts.", ""},
    {"Labelling the outage human error tells us nothing about the tooling.", ""},
    {"Telling engineers to be more careful is not a corrective action.", ""},
    {"We are not looking for a scapegoat; we want to understand the conditions.", ""},
    {"The technician swapped the faulty power supply and the rack came back.", ""},
    {"From now on, Tomasz will pair with a senior engineer on schema changes.", "remediation.be_careful"},
    {"From now on, Tomasz will pair with Ines on schema changes.", ""},
    {"We want someone more experienced checking Kemi's firewall changes.", "remediation.be_careful"},
    {"Contractors cannot be trusted with production access.", "remediation.be_careful"},
    {"Input from the client cannot be trusted without validation.", ""},
    {"The engineer responsible for the bad deploy is no longer with the firm.", "punitive.passive"},
    {"She was warned not to restart the primary and restarted it anyway.", "normative.not_authorized"},
    {"There will be refresher training for the operator involved.", "remediation.training"},
    {"There will be a review of the alert thresholds involved.", ""},
    {"Bilal is to finish the access-control course before his next on-call shift.", "remediation.training"},
    {"Did Fatou even test the failover before signing off?", "question.whose_fault"},
    {"Did the canary even run before the rollout?", ""},
    {"Who in the network team thought it was safe to reboot both routers at once?", "question.whose_fault"},
    {"The cache was sized far too small by whoever configured it.", "actor.error_by_agent"},
    {"The operator mis-keyed the amount on the wire transfer.", "human_error.phrase"},
    {"Sergio pasted the test credentials into the production vault.", "actor.agent_destroyed"},
    {"The pipeline copied the staging config into a sandbox for comparison.", ""},
    {"Give the intern root and, predictably, wiped the home directories.", "hindsight.easy"},
    {"Predictably, the retries doubled the load on the primary.", ""},
    {"This incident sits squarely with the networking team.", "blame_words.at_fault"},
    {"This action item sits with the networking team.", ""},
    {"The contractor's cron job is what knocked the API offline.", "actor.agent_takedown"},
    {"That's the third time this month she's deleted the staging bucket.", "judgment.slang"},
    {"That's the third time this month the job has deleted the staging bucket.", ""},
    // 2026.11.11: sentences about blameful wording (the lexicon's own
    // unless_sentence), from blame_blind_15's false positives
    {"Writing \"operator error\" in the report tells the reader nothing about the console.", ""},
    {"Statements like \"the DBA should have known\" assume the outcome was visible.", ""},
    {"When you catch yourself writing \"the on-call failed to\", ask what the pager showed.", ""},
    {"Instead of asking why Ravi skipped the check, ask what the checklist looked like at 3 a.m.", ""},
    {"Firing the admin who ran the script removes the person who knows the most.", ""},
    {"Asking \"who broke prod?\" gets you silence.", ""},
    {"Why did the intern's account have write access to billing?", ""},
    {"The DBA should have known the index was missing.", "counterfactual.should_have"},
    {"Why did the intern push straight to billing?", "question.whose_fault"},
    // 2026.11.12: from blame_blind_15's misses
    {"Despite explicit instructions in the ticket, the contractor rebooted both firewalls.", "normative.not_authorized"},
    {"Despite the alert storm, the on-call engineer kept the bridge calm.", ""},
    {"The SRE acknowledged the alert but went back to bed.", "counterfactual.failed_to"},
    {"We failed to notice the disk filling up for a week.", "counterfactual.failed_to"},
    {"We failed to reproduce the crash in staging.", ""},
    {"Kofi will redo the database course before being given write access again.", "remediation.training"},
    {"The responder wasted an hour restarting the wrong service.", "judgment.slang"},
    {"They gave deploy rights to somebody who could not read a diff.", "judgment.slang"},
    {"Anyone who merges without review will have their commit rights revoked.", "punitive.passive"},
    {"Priya's migration, which nobody had tested, wiped the audit table.", "actor.agent_destroyed"},
    {"The nightly job's migration, which had been tested, rebuilt the audit table.", ""},
    {"Obviously, nobody should be editing DNS by hand on a Friday night.", "hindsight.easy"},
    {"Her change took the login service down for forty minutes.", "actor.agent_takedown"},
    {"Her change brought the login service back up within minutes.", ""},
    {"It's always the database team.", "actor.error_by_agent"},
    {"It is always the DNS.", ""},
    {"How did the reviewer not see the missing WHERE clause?", "question.whose_fault"},
    {"The technician on call did not escalate the alarm.", "actor.agent_did_not"},
    {"whose brilliant idea was it to deploy during the sale", "question.accusatory_statement"},
    {"Whose calendar has the maintenance window on it?", ""},
    // 2026.11.14: from blame_blind_16's misses and false positives
    {"Going forward, Ilse will double-check every Terraform script before applying it.", "remediation.double_check"},
    {"The deploy script will double-check the region before applying.", ""},
    {"Somebody's head is going to roll over this.", "punitive.passive"},
    {"The cache was emptied by the new contractor during the migration.", "actor.agent_destroyed"},
    {"The cache was emptied by the eviction job during the migration.", ""},
    {"None of this would happen if engineers just followed the checklist.", "counterfactual.if_only"},
    {"The outage came down to a typo Joaquim made in the zone file.", "human_error.phrase"},
    {"The airline pinned the check-in failure on a contractor.", "blame_words.blame_person"},
    {"We pinned the dependency on the last good version.", ""},
    {"The board wants to know who is to blame.", "blame_words.at_fault"},
    {"It does not matter who is to blame; the gap is in the tooling.", ""},
    {"A clerk forwarded the customer list to a personal gmail address.", "actor.agent_leaked"},
    {"The engineer forwarded the alert to the database channel.", ""},
    {"The support team's response was frankly appalling.", "judgment.slang"},
    {"The support team's response time improved after the change.", ""},
    {"Honestly, who thought it was safe to patch both data centres at once?", "question.whose_fault"},
    {"Restarting the wrong node was my call, so that one is on me.", "blame_words.at_fault"},
    {"The contractor ran the migration at noon, contrary to the change policy.", "normative.violated"},
    {"Contrary to our expectations, the replica caught up within seconds.", ""},
    {"Engineers who ignore alerts put every customer at risk.", "normative.not_authorized"},
    {"Access for Farid has been revoked pending the review.", "punitive.passive"},
    {"Access for the build bot has been rotated.", ""},
    {"Repeat offenders will lose deploy rights.", "punitive.passive"},
    {"so which one of you dropped the staging database", "question.accusatory_statement"},
    {"Which one of the replicas dropped the connection?", ""},
    {"Replace 'the engineer failed to check the logs' with a description of what the logs showed.", ""},
    {"If your timeline says 'the on-call missed the alert', ask how many alerts fired.", ""},
    {"A review that ends with 'operator error' has stopped at the first story.", ""},
    {"The vendor said no individual was at fault.", ""},
    {"Outages come from latent conditions lining up, not one engineer screwing up.", ""},
    // 2026.11.15: from blame_blind_17's misses and false positives
    {"The on-call rolled back the broken release within ten minutes.", ""},
    {"The outage was not caused by any one engineer; the tooling allowed it.", ""},
    {"The failure was not the result of the operator's slip but of a missing interlock.", ""},
    {"The outage was caused by the operator, the vendor said.", "actor.error_by_agent"},
    {"Officials would not say whether staff would be disciplined.", ""},
    {"When the summary cites 'human error', keep asking why.", ""},
    {"Is anybody going to own up to deleting the bucket?", "blame_words.at_fault"},
    {"He is getting a proper talking-to from his lead.", "punitive.passive"},
    {"The missed page will be taken up with her manager.", "punitive.passive"},
    {"The missed page will be taken up with the paging vendor.", ""},
    {"Anyone who merges on red loses their deploy rights for a month.", "punitive.passive"},
    {"Users who lose their access tokens can request new ones.", ""},
    {"Nikolai is to take the refresher course before regaining production access.", "remediation.training"},
    {"Whoever set up this cron is at fault here.", "blame_words.at_fault"},
    {"The DBA promoted the replica before it had caught up.", "actor.agent_destroyed"},
    {"The DBA promoted the replica after it had caught up.", ""},
    {"Engineers need to follow the checklist, full stop.", "remediation.be_careful"},
    {"The database team chose to ignore the disk warnings.", "judgment.slang"},
    {"The database team chose to shard the table after the review.", ""},
    {"The incident commander was slow to escalate.", "judgment.slang"},
    {"The failover was slow to complete.", ""},
    {"Contractors are the usual culprits here.", "blame_words.at_fault"},
    {"Why did she not just read the dashboard?", "hindsight.easy"},
    // 2026.11.16: from blame_blind_18's misses and false positives
    {"An employee clicked on a link inside a phishing message.", "actor.agent_blame_verb"},
    {"Provide refresher training to the night operators on failover.", "remediation.training"},
    {"Provide refresher training materials in the wiki.", ""},
    {"The on-call acknowledged the page and then went back to bed.", "counterfactual.failed_to"},
    {"The spokesperson would not say whether anyone had been fired.", ""},
    {"Rewrite 'Jonas broke the build' as 'the build broke after a merge that CI did not block'.", ""},
    {"We missed the warning signs in the queue depth graphs.", "counterfactual.missed"},
    {"The dispatcher was distracted when the second call came in.", "judgment.slang"},
    {"The dashboard was distracting during the incident.", ""},
    {"Just hire people who actually read the runbook.", "judgment.slang"},
    {"Contractors who take shortcuts put the plant at risk.", "judgment.slang"},
    {"The router takes shortcuts when the table is warm.", ""},
    {"A junior admin with root and no adult supervision.", "judgment.slang"},
    {"Operators must make sure they check the breaker state first.", "remediation.be_careful"},
    {"The page was silenced by an engineer who thought it was a test.", "actor.error_by_agent"},
    {"The page was silenced by the maintenance window automation.", ""},
    {"The trader typed an order with an extra zero.", "actor.error_by_agent"},
    {"Sanjay deployed the new bundle everywhere at once, which took checkout offline.", "actor.agent_takedown"},
    {"my bad, pushed to the wrong branch", "blame_words.at_fault"},
    {"Honestly this one is on the billing team, they shipped it untested.", "blame_words.at_fault"},
    {"This item is on the billing team's roadmap.", ""},
    {"Fire him as a lesson to others.", "punitive.passive"},
    {"ok who broke staging", "question.accusatory_statement"},
    {"Asking who broke staging never helped anyone.", ""},
};

std::set<std::string> DetailRules(const std::string& text) {
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text);
  EXPECT_TRUE(findings.ok()) << findings.status();
  std::set<std::string> out;
  if (findings.ok()) {
    for (const v1::Finding& f : *findings) out.insert(f.detail_rule());
  }
  return out;
}

TEST(BlameDetectorTest, RecallRulesPositiveAndNegative) {
  for (const RuleCase& c : kRuleCases) {
    std::set<std::string> found = DetailRules(c.text);
    if (std::string(c.rule).empty()) {
      EXPECT_TRUE(found.empty()) << c.text << " -> " << *found.begin();
    } else {
      EXPECT_TRUE(found.count(c.rule)) << c.text << " lacks " << c.rule;
    }
  }
}

TEST(BlameDetectorTest, FindingCarriesSpanCueExplanationSuggestion) {
  const std::string text = "Status: stable. Then Priya deleted the wrong volume.";
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text);
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 1u);
  const v1::Finding& f = (*findings)[0];
  EXPECT_EQ(f.rule_id(), "blame.actor_as_cause");
  EXPECT_EQ(f.category(), "actor_as_cause");
  EXPECT_EQ(f.excerpt(), "Priya deleted the wrong");
  EXPECT_EQ(text.substr(f.span().start(), f.span().end() - f.span().start()),
            f.excerpt());
  EXPECT_EQ(f.cue(), "Priya");
  EXPECT_FALSE(f.message().empty());
  EXPECT_FALSE(f.suggestion().empty());
  EXPECT_GT(f.confidence(), 0.5);
  EXPECT_EQ(f.severity(), v1::FINDING_SEVERITY_WARNING);
  EXPECT_EQ(f.detail_rule(), "actor.agent_wrong_object");
  EXPECT_TRUE(f.path_text().empty());
}

TEST(BlameDetectorTest, SpansAreBytesAcrossMultibyteText) {
  const std::string text = "Café déjà vu — Zoe didn’t run the backup.";
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text);
  ASSERT_TRUE(findings.ok());
  ASSERT_FALSE(findings->empty());
  const v1::Finding& f = (*findings)[0];
  EXPECT_EQ(f.excerpt(), "Zoe didn’t run");
  EXPECT_EQ(text.substr(f.span().start(), f.span().end() - f.span().start()),
            "Zoe didn’t run");
}

TEST(BlameDetectorTest, PersonNamesFromOptionsAndScan) {
  const char* text = "Quinlan pushed the bad certificate.";
  EXPECT_TRUE(Categories(Default(), text).empty());
  auto d = MakeDetector(R"pb(person_names: "Quinlan")pb");
  EXPECT_TRUE(Categories(*d, text).count("actor_as_cause"));
  BlameScanOptions scan;
  scan.person_names = {"Quinlan Rhys"};
  EXPECT_TRUE(Categories(Default(), text, scan).count("actor_as_cause"));
}

TEST(BlameDetectorTest, HandlesAndEmailsArePersons) {
  EXPECT_TRUE(Categories(Default(), "@kai dropped the wrong partition.").count("actor_as_cause"));
  EXPECT_TRUE(Categories(Default(), "kai@ dropped the wrong partition.").count("actor_as_cause"));
  EXPECT_TRUE(Categories(Default(), "kai@example.com dropped the wrong partition.")
                  .count("actor_as_cause"));
}

TEST(BlameDetectorTest, MarkdownSkipsCodeLinksAndEndsSentencesAtBlocks) {
  BlameScanOptions md;
  md.kind = BlameTextKind::kMarkdown;
  const std::string text =
      "# Notes\n\n```\nthe engineer deleted the wrong volume\n```\n\n"
      "See `@bob pushed the wrong config` and [the intern](https://x/y?the-wrong).\n"
      "- The engineer\n- pushed a fix with the wrong label format\n";
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text, md);
  ASSERT_TRUE(findings.ok());
  EXPECT_TRUE(findings->empty()) << (*findings)[0].excerpt();
  // The same fenced text as plain text is found.
  EXPECT_FALSE(Default().ScanText(text)->empty());
}

TEST(BlameDetectorTest, InvalidUtf8IsAnErrorWithOffset) {
  const std::string text = std::string("The engineer ") + "\xC3\x28" + " broke it.";
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text);
  ASSERT_FALSE(findings.ok());
  EXPECT_EQ(findings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(findings.status().message(), HasSubstr("byte 13"));
  for (const char* bad : {"\xFF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x80"}) {
    EXPECT_FALSE(Default().ScanText(bad).ok());
  }
}

TEST(BlameDetectorTest, HostileInputsFinishAndStayInBounds) {
  // No punctuation, many anchors: one huge sentence.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "engineer should have the wrong ";
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanText(text);
  ASSERT_TRUE(findings.ok());
  for (const v1::Finding& f : *findings) {
    ASSERT_LE(f.span().end(), static_cast<int64_t>(text.size()));
    ASSERT_LT(f.span().start(), f.span().end());
  }
  // Lone punctuation, quotes, apostrophes, NULs and long words.
  const std::string odd = std::string("'\xE2\x80\x99n't ''s @ @@ -- ,,, ?? \0 ", 25) +
                          std::string(5000, 'a') + "'t " + std::string(3000, '@');
  EXPECT_TRUE(Default().ScanText(odd).ok());
  EXPECT_TRUE(Default().ScanText("").ok());
  BlameScanOptions md;
  md.kind = BlameTextKind::kMarkdown;
  EXPECT_TRUE(Default().ScanText("```\n``` ` < ](  \n#\n-\n1.", md).ok());
}

TEST(BlameDetectorTest, UserLexiconExtendsAndOverrides) {
  // New word in an existing class.
  auto d = MakeDetector(R"pb(lexicon { word_classes { name: "role" words: "wizard" } })pb");
  EXPECT_TRUE(Categories(*d, "The wizard pushed the wrong spell.").count("actor_as_cause"));
  EXPECT_TRUE(Categories(Default(), "The wizard pushed the wrong spell.").empty());
  // New rule.
  d = MakeDetector(R"pb(lexicon {
    rules { id: "org.yolo" categories: BLAME_CATEGORY_JUDGMENT_CHARACTER
            patterns: "yolo deploy" explanation: "x" suggestion: "y" confidence: 0.9 }
  })pb");
  EXPECT_TRUE(Categories(*d, "That was a yolo deploy.").count("judgment_character"));
  // Disabled category, disabled rule, allow phrase.
  d = MakeDetector(R"pb(disabled_categories: BLAME_CATEGORY_HUMAN_ERROR_AS_CAUSE)pb");
  EXPECT_TRUE(Categories(*d, "It was human error.").empty());
  d = MakeDetector(R"pb(disabled_rules: "human_error.phrase")pb");
  EXPECT_TRUE(Categories(*d, "It was human error.").empty());
  d = MakeDetector(R"pb(allow_phrases: "human error")pb");
  EXPECT_TRUE(Categories(*d, "It was human error.").empty());
  // Replacing the default lexicon.
  d = MakeDetector(R"pb(replace_default_lexicon: true
    lexicon { version: "org-1" rules { id: "r" categories: BLAME_CATEGORY_BLAME_FAULT_WORDS
              patterns: "gremlins" confidence: 0.9 } })pb");
  EXPECT_EQ(d->lexicon_version(), "org-1");
  EXPECT_EQ(d->rule_count(), 1);
  EXPECT_TRUE(Categories(*d, "It was human error.").empty());
  EXPECT_TRUE(Categories(*d, "Gremlins did it.").count("blame_fault_words"));
}

TEST(BlameDetectorTest, LexiconUnlessCancelsEveryRule) {
  const char* rules = R"pb(
    rules { id: "a" categories: BLAME_CATEGORY_BLAME_FAULT_WORDS patterns: "gremlins" confidence: 0.9 }
    rules { id: "b" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "goblins" confidence: 0.9 })pb";
  auto d = MakeDetector(absl::StrCat("replace_default_lexicon: true lexicon { ", rules, " }"));
  EXPECT_EQ(Categories(*d, "Gremlins and goblins did it.").size(), 2u);
  d = MakeDetector(absl::StrCat("replace_default_lexicon: true lexicon { ", rules,
                                R"pb( unless_sentence: "^ words like" })pb"));
  EXPECT_TRUE(Categories(*d, "Words like gremlins and goblins explain nothing.").empty());
  EXPECT_EQ(Categories(*d, "Gremlins and goblins did it.").size(), 2u);
  // Merged into the default lexicon like its allow phrases.
  d = MakeDetector(R"pb(lexicon { unless_sentence: "in the quiz" })pb");
  EXPECT_TRUE(Categories(*d, "It was human error, in the quiz.").empty());
  EXPECT_FALSE(Categories(*d, "It was human error.").empty());
  v1::BlameOptions bad;
  bad.mutable_lexicon()->add_unless_sentence("a ~0");
  absl::StatusOr<std::unique_ptr<BlameDetector>> failed = BlameDetector::Create(bad);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(failed.status().message(), HasSubstr("lexicon unless: "));
}

TEST(BlameDetectorTest, HintsAreOffByDefault) {
  const char* options = R"pb(lexicon { rules { id: "hint.maybe" categories: BLAME_CATEGORY_COUNTERFACTUAL
      patterns: "arguably" confidence: 0.3 } })pb";
  auto d = MakeDetector(options);
  EXPECT_TRUE(Categories(*d, "Arguably the timeout was long.").empty());
  d = MakeDetector(absl::StrCat(options, " include_hints: true"));
  absl::StatusOr<std::vector<v1::Finding>> f = d->ScanText("Arguably the timeout was long.");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 1u);
  EXPECT_EQ((*f)[0].severity(), v1::FINDING_SEVERITY_INFO);
  d = MakeDetector("min_confidence: 0.9");
  EXPECT_TRUE(Categories(*d, "Ravi should have waited.").empty());
}

TEST(BlameDetectorTest, BadLexiconsAreClearErrors) {
  struct Bad {
    const char* options;
    const char* message;
  } cases[] = {
      {R"pb(lexicon { rules { id: "x" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "<nope> a" } })pb",
       "unknown word class <nope>"},
      {R"pb(lexicon { rules { id: "x" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "a ~0" } })pb",
       "bad gap"},
      {R"pb(lexicon { rules { id: "x" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "~3 <any>" } })pb",
       "needs a required word"},
      {R"pb(lexicon { rules { id: "x" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "a ^" } })pb",
       "'^' not first"},
      {R"pb(lexicon { rules { id: "x" patterns: "a" } })pb", "needs categories"},
      {R"pb(lexicon { rules { id: "x" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "a" confidence: 2 } })pb",
       "confidence"},
      {R"pb(lexicon { rules { id: "human_error.phrase" categories: BLAME_CATEGORY_COUNTERFACTUAL patterns: "a|" } })pb",
       "empty alternative"},
      {R"pb(replace_default_lexicon: true
           lexicon { word_classes { name: "agent" words: "x" } word_classes { name: "agent" } })pb",
       "defined twice"},
      {R"pb(lexicon { word_classes { name: "w" words: "two words" } })pb", "bad word"},
      {R"pb(lexicon { word_classes { name: "w" words: "<missing>" } })pb", "unknown class"},
      {"min_confidence: -1", "min_confidence"},
  };
  for (const Bad& bad : cases) {
    v1::BlameOptions options;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(bad.options, &options));
    absl::StatusOr<std::unique_ptr<BlameDetector>> d = BlameDetector::Create(options);
    ASSERT_FALSE(d.ok()) << bad.options;
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(d.status().message(), HasSubstr(bad.message)) << bad.options;
  }
}

TEST(BlameDetectorTest, PostmortemFindingsCarryFieldPaths) {
  v1::Postmortem pm;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "pm-1"
    title: "Queue outage"
    people { id: "u7" display_name: "Mireille Okafor" handles: "@mokafor" }
    summary: "The queue stalled for 40 minutes."
    timeline { text: "Mireille restarted the wrong broker." }
    timeline { text: "Brokers recovered." }
    analysis { trigger: "Plain human error." }
    action_items { title: "Remind @mokafor to double-check broker names" }
    custom_fields { key: "notes" value { string_value: "The on-call should have paged earlier." } }
  )pb", &pm));
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanPostmortem(pm);
  ASSERT_TRUE(findings.ok()) << findings.status();
  std::set<std::string> paths;
  for (const v1::Finding& f : *findings) {
    paths.insert(absl::StrCat(f.path_text(), " ", f.category()));
    ASSERT_GT(f.path().elements_size(), 0);
  }
  EXPECT_TRUE(paths.count("timeline[0].text actor_as_cause"));
  EXPECT_TRUE(paths.count("analysis.trigger human_error_as_cause"));
  EXPECT_TRUE(paths.count("action_items[0].title person_focused_remediation"));
  EXPECT_TRUE(paths.count("custom_fields[\"notes\"].string_value counterfactual"));
  for (const std::string& p : paths) EXPECT_EQ(p.find("summary"), std::string::npos);
  // Structured path of the first timeline finding.
  for (const v1::Finding& f : *findings) {
    if (f.path_text() != "timeline[0].text") continue;
    ASSERT_EQ(f.path().elements_size(), 2);
    EXPECT_EQ(f.path().elements(0).field_name(), "timeline");
    EXPECT_EQ(f.path().elements(0).field_number(), 21);
    EXPECT_EQ(f.path().elements(0).index(), 0);
    EXPECT_EQ(f.path().elements(1).field_name(), "text");
    EXPECT_EQ(f.excerpt(), "Mireille restarted the wrong");
  }
  // The convenience entry point for the validation engine agrees.
  absl::StatusOr<std::vector<v1::Finding>> again = ScanPostmortemForBlame(pm);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), findings->size());
}

TEST(BlameDetectorTest, SamplePostmortemIsBlameless) {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem.textproto");
  std::stringstream buffer;
  buffer << in.rdbuf();
  v1::Postmortem pm;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(buffer.str(), &pm));
  absl::StatusOr<std::vector<v1::Finding>> findings = Default().ScanPostmortem(pm);
  ASSERT_TRUE(findings.ok());
  EXPECT_TRUE(findings->empty()) << (*findings)[0].path_text() << ": "
                                 << (*findings)[0].excerpt();
}

TEST(BlameDetectorTest, ConcurrentScansAgree) {
  const std::string text =
      "Later he forgot to re-enable the cron job. The proxy should have a default. "
      "Whose fault was that outage? We should have spotted the lag during the rollout.";
  const size_t expected = Default().ScanText(text)->size();
  ASSERT_GT(expected, 3u);
  std::vector<std::thread> threads;
  std::vector<size_t> sizes(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) sizes[t] = Default().ScanText(text)->size();
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t s : sizes) EXPECT_EQ(s, expected);
}

TEST(BlameLexiconTest, DefaultLexiconIsVersionedAndCategoriesRoundTrip) {
  EXPECT_FALSE(DefaultBlameLexicon().version().empty());
  EXPECT_GT(DefaultBlameLexicon().rules_size(), 20);
  for (int c = 1; c <= v1::BlameCategory_MAX; ++c) {
    auto category = static_cast<v1::BlameCategory>(c);
    EXPECT_EQ(ParseBlameCategoryName(BlameCategoryName(category)), category);
  }
  EXPECT_EQ(BlameCategoryName(v1::BLAME_CATEGORY_UNSPECIFIED), "");
  EXPECT_EQ(ParseBlameCategoryName("nope"), v1::BLAME_CATEGORY_UNSPECIFIED);
}

TEST(BlameLexiconTest, EmbeddedCopyMatchesSource) {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) +
                   "/src/blame/data/default_lexicon.textproto");
  std::stringstream buffer;
  buffer << in.rdbuf();
  EXPECT_EQ(buffer.str(), std::string(blame_internal::kDefaultLexiconTextproto))
      << "run scripts/gen_blame_lexicon.py";
}

// The probe set: sentences written for this project (not from any evaluation
// corpus), scored at sentence level. A regression guard, not a quality claim.
TEST(BlameLexiconTest, ProbeSetScores) {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) + "/tests/blame/testdata/probe.jsonl");
  std::string line;
  int tp = 0, fp = 0, fn = 0, total = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++total;
    // Minimal field extraction: "text": "...", "blameful": true/false.
    size_t t = line.find("\"text\": \"");
    size_t e = line.find("\", \"blameful\"");
    ASSERT_NE(t, std::string::npos);
    std::string text = line.substr(t + 9, e - t - 9);
    bool gold = line.find("\"blameful\": true") != std::string::npos;
    bool pred = !Default().ScanText(text)->empty();
    tp += gold && pred;
    fp += !gold && pred;
    fn += gold && !pred;
  }
  ASSERT_GT(total, 100);
  double precision = tp / static_cast<double>(tp + fp);
  double recall = tp / static_cast<double>(tp + fn);
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.90);
}

}  // namespace
}  // namespace pmkit
