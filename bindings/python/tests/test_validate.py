"""Tests of pmkit.validate, pmkit.rules and pmkit.Validator."""

import pathlib
import threading
import unittest

import pmkit

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "sample" / "postmortem.textproto"

SPARSE = {
    "id": "pm-py",
    "status": "DOCUMENT_STATUS_PUBLISHED",
    "severity": {"level": "SEV1"},
    "actionItems": [{"id": "AI-1", "title": "Improve the monitoring dashboards"}],
}


class ValidateTest(unittest.TestCase):

    def test_sample_is_ok(self):
        report = pmkit.validate(SAMPLE.read_bytes())
        self.assertTrue(report.ok, [f.rule_id for f in report.errors])
        self.assertEqual(report.document, "pm-2024-03-14-card-payments-mtls")
        self.assertIn("action_item.due.too_late",
                      [f.rule_id for f in report.findings])

    def test_findings_have_ids_paths_and_suggestions(self):
        report = pmkit.validate(SPARSE)
        self.assertFalse(report.ok)
        by_id = {f.rule_id: f for f in report.findings}
        owner = by_id["action_item.owner.missing"]
        self.assertEqual(owner.severity, "error")
        self.assertEqual(owner.path, "action_items[0].owner_id")
        self.assertEqual(owner.path_elements[0],
                         {"field_name": "action_items", "field_number": 23,
                          "index": 0})
        self.assertTrue(owner.message)
        self.assertTrue(owner.suggestion)
        self.assertEqual(by_id["action_item.wording.vague"].category,
                         "vague_verb")
        self.assertIn("ruleId", report.to_dict()["findings"][0])
        self.assertEqual(len(report), len(report.findings))

    def test_every_input_kind(self):
        text = pmkit.dump(SPARSE, "text")
        binary = pmkit.dump(SPARSE, "binary")
        ids = [f.rule_id for f in pmkit.validate(SPARSE).findings]
        self.assertEqual([f.rule_id for f in pmkit.validate(text).findings], ids)
        self.assertEqual(
            [f.rule_id for f in pmkit.validate(binary, format="binary").findings],
            ids)
        with pmkit.Postmortem.parse(binary) as pm:
            self.assertEqual([f.rule_id for f in pmkit.validate(pm).findings],
                             ids)

    def test_policy_as_dict_text_and_validator(self):
        policy = {"ruleOverrides": [{"ruleId": "action_item.owner.missing",
                                     "severity": "FINDING_SEVERITY_INFO"}]}
        report = pmkit.validate(SPARSE, policy=policy)
        owner = [f for f in report.findings
                 if f.rule_id == "action_item.owner.missing"]
        self.assertEqual(owner[0].severity, "info")
        text_policy = ('rule_overrides { rule_id: "action_item.owner.missing" '
                       'enabled: false }')
        with pmkit.Validator(text_policy) as v:
            ids = [f.rule_id for f in v.validate(SPARSE).findings]
            self.assertNotIn("action_item.owner.missing", ids)
            self.assertIs(pmkit.validate(SPARSE, policy=v).ok, False)
            rules = {r.id: r for r in v.rules()}
            self.assertFalse(rules["action_item.owner.missing"].enabled)
            self.assertEqual(v.policy["name"], "pmkit default")

    def test_options(self):
        with pmkit.Validator() as v:
            report = v.validate(SPARSE, document="x.json", min_severity="error")
            self.assertEqual(report.document, "x.json")
            self.assertTrue(all(f.severity == "error" for f in report.findings))
            with self.assertRaises(ValueError):
                v.validate(SPARSE, min_severity="fatal")
            with self.assertRaises(TypeError):
                v.validate(SPARSE, document=3)

    def test_errors(self):
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.Validator({"ruleOverrides": [{"ruleId": "nope"}]})
        self.assertEqual(cm.exception.status_name, "INVALID_ARGUMENT")
        self.assertIn("nope", cm.exception.message)
        with self.assertRaises(pmkit.Error):
            pmkit.validate(b"\x12\x40ab", format="binary")
        with self.assertRaises(TypeError):
            pmkit.validate(42)
        with self.assertRaises(TypeError):
            pmkit.validate(SPARSE, policy=3.5)
        v = pmkit.Validator()
        v.close()
        v.close()
        with self.assertRaises(ValueError):
            v.validate(SPARSE)

    def test_rules_catalog(self):
        rules = pmkit.rules()
        ids = [r.id for r in rules]
        self.assertEqual(ids, sorted(ids))
        self.assertGreaterEqual(len(ids), 40)
        for family in ("section.", "time.", "impact.", "analysis.",
                       "action_item.", "lessons.", "hygiene.", "reference."):
            self.assertTrue(any(i.startswith(family) for i in ids), family)
        rule = {r.id: r for r in rules}["analysis.human_error"]
        self.assertEqual(rule.default_severity, "error")
        self.assertIn("Dekker", rule.rationale)
        self.assertTrue(rule.description)

    def test_default_policy(self):
        policy = pmkit.default_policy()
        self.assertEqual([l["id"] for l in policy["severityLevels"]],
                         ["SEV1", "SEV2", "SEV3", "SEV4"])

    def test_threads_share_one_validator(self):
        data = SAMPLE.read_bytes()
        expected = [f.rule_id for f in pmkit.validate(data).findings]
        results = []
        with pmkit.Validator() as v:
            def work():
                for _ in range(10):
                    results.append([f.rule_id for f in v.validate(data).findings])
            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(len(results), 40)
        self.assertTrue(all(r == expected for r in results))


if __name__ == "__main__":
    unittest.main()
