"""Tests of pmkit.BlameDetector and pmkit.scan_text, with sentences written for
these tests."""

import threading
import unittest

import pmkit


class BlameDetectorTest(unittest.TestCase):

    def setUp(self):
        self.detector = pmkit.BlameDetector()

    def tearDown(self):
        self.detector.close()

    def test_finding_fields(self):
        text = "Then Oliver pushed the wrong config."
        findings = self.detector.scan(text)
        self.assertEqual(len(findings), 1)
        f = findings[0]
        self.assertIsInstance(f, pmkit.BlameFinding)
        self.assertEqual(f.category, "actor_as_cause")
        self.assertEqual(text[f.start:f.end], "Oliver pushed the wrong")
        self.assertEqual(f.excerpt, text[f.start:f.end])
        self.assertEqual(f.cue, "Oliver")
        self.assertTrue(f.explanation)
        self.assertTrue(f.suggestion)
        self.assertGreater(f.confidence, 0.5)
        self.assertEqual(f.rule_id, "blame.actor_as_cause")
        self.assertEqual(f.severity, "WARNING")
        self.assertEqual(f.path, "")
        self.assertIn("actor_as_cause", repr(f))

    def test_str_indices_with_non_ascii(self):
        text = "Ünïcödé “quotes” — then Zoë didn’t run the backup. 🎉 Blame human error!"
        findings = self.detector.scan(text)
        excerpts = [text[f.start:f.end] for f in findings]
        self.assertIn("Zoë didn’t run", excerpts)
        self.assertTrue(any("human error" in e for e in excerpts))
        for f in findings:
            self.assertEqual(text[f.start:f.end], f.excerpt)

    def test_neutral_text(self):
        self.assertEqual(self.detector.scan(
            "The deploy failed to complete. The client should retry. "
            "It's not their fault."), [])
        self.assertEqual(self.detector.scan(""), [])

    def test_markdown(self):
        md = "```\nthe intern deleted the wrong table\n```\n"
        self.assertEqual(self.detector.scan(md, markdown=True), [])
        self.assertNotEqual(self.detector.scan(md), [])

    def test_module_level_scan_text(self):
        cats = {f.category for f in pmkit.scan_text("Whose fault was that outage?")}
        self.assertEqual(cats, {"accusatory_question", "blame_fault_words"})

    def test_options_dict(self):
        with pmkit.BlameDetector({"personNames": ["Quill"]}) as d:
            self.assertEqual([f.category for f in d.scan(
                "Quill pushed the bad tag.")], ["actor_as_cause"])
        with pmkit.BlameDetector({"disabledCategories": [
                "BLAME_CATEGORY_HUMAN_ERROR_AS_CAUSE"]}) as d:
            self.assertEqual(d.scan("It was human error."), [])
        with pmkit.BlameDetector('allow_phrases: "human error"') as d:
            self.assertEqual(d.scan("It was human error."), [])

    def test_bad_options(self):
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.BlameDetector({"lexicon": {"rules": [{
                "id": "org.bad", "categories": ["BLAME_CATEGORY_COUNTERFACTUAL"],
                "patterns": ["<nope>"]}]}})
        self.assertIn("org.bad", str(cm.exception))
        with self.assertRaises(TypeError):
            pmkit.BlameDetector(42)
        with self.assertRaises(pmkit.Error):
            pmkit.BlameDetector({"minConfidence": "high"})

    def test_type_errors_before_c(self):
        with self.assertRaises(TypeError):
            self.detector.scan(b"bytes are not text")
        with self.assertRaises(TypeError):
            self.detector.scan(None)
        with self.assertRaises(ValueError):
            self.detector.scan("lone surrogate \ud800")

    def test_closed(self):
        d = pmkit.BlameDetector()
        d.close()
        d.close()
        with self.assertRaises(ValueError):
            d.scan("x")

    def test_postmortem(self):
        pm = {"id": "pm-3",
              "people": [{"id": "u1", "displayName": "Ilse Varga"}],
              "analysis": {"trigger": "Ünï: Ilse restarted the wrong node."},
              "actionItems": [{"title": "Remind Ilse to double-check"}]}
        findings = self.detector.scan_postmortem(pm)
        by_path = {(f.path, f.category) for f in findings}
        self.assertIn(("analysis.trigger", "actor_as_cause"), by_path)
        self.assertIn(("action_items[0].title", "person_focused_remediation"),
                      by_path)
        for f in findings:
            if f.path == "analysis.trigger":
                text = pm["analysis"]["trigger"]
                self.assertEqual(text[f.start:f.end], f.excerpt)

    def test_threads_share_a_detector(self):
        text = "He forgot the cron job. We should have spotted the lag."
        expected = len(self.detector.scan(text))
        results = []

        def work():
            for _ in range(50):
                results.append(len(self.detector.scan(text)))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(set(results), {expected})


if __name__ == "__main__":
    unittest.main()
