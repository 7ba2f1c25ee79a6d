"""Tests of pmkit's action-item functions, against the real C library."""

import datetime
import pathlib
import unittest

import pmkit

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "sample" / "postmortem.textproto"

CREATED = 1710000000  # 2024-03-09T16:00:00Z


def new_item(owner="zoe"):
    item = {"id": "AI-1", "priority": "PRIORITY_P1",
            "createTime": "2024-03-09T16:00:00Z",
            "history": [{"eventId": "AI-1/1", "time": "2024-03-09T16:00:00Z",
                         "actor": {"personId": "henrike"},
                         "toState": "ACTION_ITEM_STATE_OPEN"}],
            "state": "ACTION_ITEM_STATE_OPEN"}
    if owner:
        item["ownerId"] = owner
    return item


class TransitionTest(unittest.TestCase):

    def test_full_lifecycle_by_short_and_enum_names(self):
        item = new_item()
        item = pmkit.transition(item, "in_progress", actor="zoe",
                                at=CREATED + 3600)
        self.assertEqual(item["state"], "ACTION_ITEM_STATE_IN_PROGRESS")
        self.assertEqual(item["history"][-1]["fromState"],
                         "ACTION_ITEM_STATE_OPEN")
        self.assertEqual(item["history"][-1]["eventId"], "AI-1/2")
        self.assertEqual(item["history"][-1]["time"], "2024-03-09T17:00:00Z")
        item = pmkit.transition(item, "ACTION_ITEM_STATE_DONE", actor="zoe",
                                note="shipped", at=CREATED + 7200,
                                evidence=["https://git.example/pr/1"])
        self.assertEqual(item["history"][-1]["evidence"],
                         [{"url": "https://git.example/pr/1"}])
        item = pmkit.transition(
            item, "verified", actor={"personId": "priya", "role": "SRE"},
            at=datetime.datetime(2024, 3, 20, tzinfo=datetime.timezone.utc),
            evidence=[{"url": "https://grafana.example/d/1", "kind": "LINK_KIND_DASHBOARD"}])
        self.assertEqual(item["state"], "ACTION_ITEM_STATE_VERIFIED")
        self.assertEqual(len(item["history"]), 4)
        # Reopening needs a reason.
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(item, "open", actor="zoe", at=CREATED + 10**6 * 2)
        self.assertEqual(caught.exception.status_name, "FAILED_PRECONDITION")
        self.assertIn("reason", caught.exception.message)
        reopened = pmkit.transition(item, "open", actor="zoe",
                                    note="regressed", at=CREATED + 10**6 * 2)
        self.assertEqual(reopened["state"], "ACTION_ITEM_STATE_OPEN")

    def test_guards_refuse_with_reasons(self):
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(new_item(owner=""), "in_progress", actor="zoe")
        self.assertIn("no owner", caught.exception.message)
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(new_item(), "blocked", actor="zoe")
        self.assertIn("blocks", caught.exception.message)
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(new_item(), "verified", actor="zoe")
        self.assertIn("not an allowed transition", caught.exception.message)
        self.assertIn("may go to", caught.exception.message)
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(new_item(), "wont_do", actor="zoe", note="  ")
        self.assertIn("reason", caught.exception.message)

    def test_idempotent_event_id(self):
        item = pmkit.transition(new_item(), "in_progress", actor="zoe",
                                event_id="jira-77", at=CREATED + 60)
        again = pmkit.transition(item, "in_progress", actor="zoe",
                                 event_id="jira-77", at=CREATED + 60)
        self.assertEqual(again, item)
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition(item, "blocked", actor="zoe", note="x",
                             event_id="jira-77", at=CREATED + 60)
        self.assertEqual(caught.exception.status_name, "ALREADY_EXISTS")

    def test_bad_arguments_fail_before_c(self):
        with self.assertRaises(ValueError):
            pmkit.transition(new_item(), "finished", actor="zoe")
        with self.assertRaises(ValueError):
            pmkit.transition(new_item(), 0, actor="zoe")
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), None, actor="zoe")
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), "done", actor=42)
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), "done", actor="zoe", at="yesterday")
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), "done", actor="zoe", note=None)
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), "done", actor="zoe", evidence=[3])
        with self.assertRaises(TypeError):
            pmkit.transition(42, "done", actor="zoe")
        with self.assertRaises(ValueError):
            pmkit.transition(new_item(), "done", actor="zoe", at=10**15)
        with self.assertRaises(TypeError):
            pmkit.transition(new_item(), "done", "zoe")  # actor is keyword-only

    def test_malformed_item_is_an_error(self):
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition("{ broken", "open", actor="zoe")
        self.assertEqual(caught.exception.status_name, "INVALID_ARGUMENT")
        self.assertIn("item:", caught.exception.message)
        with self.assertRaises(pmkit.Error):
            pmkit.transition({"state": "NOT_A_STATE"}, "open", actor="zoe")

    def test_postmortem_transition(self):
        pm = pmkit.load(SAMPLE.read_bytes())
        updated = pmkit.transition_postmortem(
            pm, "AI-5", "in_progress", actor="marcus", at=1720000000)
        item = [i for i in updated["actionItems"] if i["id"] == "AI-5"][0]
        self.assertEqual(item["state"], "ACTION_ITEM_STATE_IN_PROGRESS")
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.transition_postmortem(pm, "AI-99", "done", actor="x", note="y")
        self.assertEqual(caught.exception.status_name, "NOT_FOUND")


class ReportTest(unittest.TestCase):

    def test_status_of_the_sample(self):
        pm = pmkit.load(SAMPLE.read_bytes())
        status = pmkit.action_status(
            pm, now=datetime.datetime(2024, 7, 1, tzinfo=datetime.timezone.utc))
        self.assertEqual(len(status["items"]), 8)
        overdue = [i["itemId"] for i in status["items"] if i.get("overdue")]
        self.assertEqual(overdue, ["AI-2", "AI-4", "AI-5", "AI-8"])
        self.assertNotIn("findings", status)
        self.assertIn("## Action item status", pmkit.render_action_report(status))

    def test_report_over_many(self):
        pm = pmkit.load(SAMPLE.read_bytes())
        text = SAMPLE.read_text()
        with pmkit.Postmortem.parse(text) as handle:
            report = pmkit.action_report([pm, text, handle], now=1719792000)
        self.assertEqual(report["postmortemCount"], "3")
        self.assertEqual(report["itemCount"], "24")
        self.assertAlmostEqual(report["completionRate"], 3 / 7)
        self.assertAlmostEqual(report["wontDoShare"], 1 / 8)
        self.assertEqual(report["overdueCount"], "12")
        markdown = pmkit.render_action_report(report)
        self.assertIn("24 action items in 3 postmortems", markdown)
        empty = pmkit.action_report([])
        self.assertNotIn("itemCount", empty)
        with self.assertRaises(TypeError):
            pmkit.action_report(pm)
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.action_report([pm, b"\xff\xff"])
        self.assertIn("postmortems[1]", caught.exception.message)

    def test_options(self):
        options = {"policy": {"dueWindows": [{"window": "86400s"}]}}
        pm = {"id": "p", "actionItems": [new_item()]}
        status = pmkit.action_status(pm, now=CREATED + 2 * 86400, options=options)
        self.assertTrue(status["items"][0]["overdue"])
        self.assertEqual(status["items"][0]["dueTime"], "2024-03-10T16:00:00Z")
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.action_status(pm, options={"followUp": {"dueSoon": "-5s"}})
        self.assertIn("positive", caught.exception.message)

    def test_table_and_trackers(self):
        table = pmkit.transition_table()
        names = {rule["name"] for rule in table["rules"]}
        self.assertTrue({"start", "block", "finish", "verify", "decline",
                         "reopen"} <= names)
        self.assertEqual(pmkit.tracker_state("jira", "In Progress"), "in_progress")
        self.assertEqual(pmkit.tracker_state("GitHub", "not_planned"), "wont_do")
        self.assertEqual(pmkit.tracker_state("servicenow", "Resolved"), "done")
        with self.assertRaises(pmkit.Error) as caught:
            pmkit.tracker_state("trello", "Done")
        self.assertEqual(caught.exception.status_name, "NOT_FOUND")
        custom = {"trackerMappings": [{"tracker": "trello", "statuses": [
            {"status": "Done", "state": "ACTION_ITEM_STATE_DONE"}]}]}
        self.assertEqual(pmkit.tracker_state("trello", "done", options=custom),
                         "done")


if __name__ == "__main__":
    unittest.main()
