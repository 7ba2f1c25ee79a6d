"""Tests of pmkit.merge_timelines and pmkit.import_events (real library)."""

import datetime
import pathlib
import unittest

import pmkit

REPO = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples" / "timeline"


class ImportEventsTest(unittest.TestCase):

    def test_path_and_bytes(self):
        path = EXAMPLES / "pagerduty-Q3F8K2M7ZP1RXA.json"
        by_path = pmkit.import_events(str(path), "pagerduty", source="pd")
        by_bytes = pmkit.import_events(path.read_bytes(), source="pd")
        self.assertEqual(by_path, by_bytes)
        events = by_path["events"]
        self.assertEqual(len(events), 5)
        self.assertEqual(events[0]["milestone"], "MILESTONE_DETECTED")
        self.assertEqual(events[0]["incidentKey"], "Q3F8K2M7ZP1RXA")
        self.assertEqual(events[0]["provenance"][0]["source"], "pd")

    def test_malformed_lines_reported_or_raised(self):
        log = b"2024-03-14T21:47:12Z ok\nno timestamp here\n"
        batch = pmkit.import_events(log, "syslog", source="app")
        self.assertEqual(len(batch["events"]), 1)
        self.assertEqual(batch["issues"][0]["line"], "2")
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.import_events(log, "syslog", source="app", stop_on_error=True)
        self.assertEqual(cm.exception.status_name, "INVALID_ARGUMENT")
        self.assertIn("app: line 2", cm.exception.message)

    def test_time_zone_and_year(self):
        batch = pmkit.import_events(b"Mar 15 00:38:55 h app: x\n", "syslog",
                                    time_zone="Europe/Berlin", year=2024)
        self.assertEqual(batch["events"][0]["time"]["time"],
                         "2024-03-14T23:38:55Z")
        with self.assertRaises(pmkit.Error):
            pmkit.import_events(b"", "syslog", time_zone="Nowhere/Land")

    def test_argument_errors(self):
        with self.assertRaises(ValueError):
            pmkit.import_events(b"", "xml")
        with self.assertRaises(TypeError):
            pmkit.import_events(42, "csv")
        with self.assertRaises(TypeError):
            pmkit.import_events(b"", "csv", year="2024")
        with self.assertRaises(TypeError):
            pmkit.import_events(b"", "csv", stop_on_error=1)


class MergeTimelinesTest(unittest.TestCase):

    def sources(self):
        return [
            {"path": EXAMPLES / "slack-inc-2231.json", "kind": "SOURCE_KIND_CHAT",
             "priority": 20},
            {"path": EXAMPLES / "pagerduty-Q3F8K2M7ZP1RXA.json", "priority": 40},
            {"path": EXAMPLES / "alertmanager-webhooks.jsonl", "priority": 30},
            {"path": EXAMPLES / "checkout-api.log", "timeZone": "Europe/Berlin",
             "year": 2024, "priority": 10},
            {"path": EXAMPLES / "responder-notes.csv", "priority": 50},
        ]

    def test_merge_examples(self):
        merged = pmkit.merge_timelines(self.sources())
        events = merged["events"]
        report = merged["report"]
        # Compared as instants: the strings' fractions have varying lengths.
        times = [datetime.datetime.fromisoformat(e["time"]["time"].replace("Z", "+00:00"))
                 for e in events]
        self.assertEqual(times, sorted(times))
        self.assertGreaterEqual(int(report["foldedDuplicates"]), 2)
        self.assertEqual(report["importIssues"][0]["source"], "checkout-api.log")
        self.assertEqual(report["importIssues"][0]["line"], "7")
        folded = [e for e in events if len(e["provenance"]) > 1]
        self.assertTrue(folded)
        self.assertTrue(folded[0]["provenance"][1]["foldedDuplicate"])
        metrics = report["incidents"][0]["metrics"]
        self.assertEqual(metrics[0]["kind"], "LIFECYCLE_METRIC_KIND_TIME_TO_DETECT")
        self.assertTrue(metrics[0]["known"])

    def test_deterministic_under_permutation(self):
        a = pmkit.merge_timelines(self.sources())
        b = pmkit.merge_timelines(list(reversed(self.sources())))
        self.assertEqual(a, b)

    def test_options_and_tuples(self):
        data = (b'{"time":"2024-01-01T00:00:00Z","text":"x"}\n'
                b'{"time":"2024-01-01T05:00:00Z","text":"y"}\n')
        merged = pmkit.merge_timelines([("a", data)],
                                       {"gapThreshold": "3600s",
                                        "disableDedup": True})
        self.assertEqual(len(merged["report"]["gaps"]), 1)
        with self.assertRaises(pmkit.Error):
            pmkit.merge_timelines([("a", data)], {"similarityThreshold": 3})
        with self.assertRaises(pmkit.Error):
            pmkit.merge_timelines([("a", data), ("a", data)])

    def test_argument_errors(self):
        with self.assertRaises(TypeError):
            pmkit.merge_timelines([42])
        with self.assertRaises(ValueError):
            pmkit.merge_timelines([{"name": "a"}])
        with self.assertRaises(ValueError):
            pmkit.merge_timelines([{"data": b""}])
        with self.assertRaises(TypeError):
            pmkit.merge_timelines([("a", b"")], options="fast")
        with self.assertRaises(ValueError):
            pmkit.merge_timelines([{"name": "a", "data": b"", "format": "xml"}])


if __name__ == "__main__":
    unittest.main()
