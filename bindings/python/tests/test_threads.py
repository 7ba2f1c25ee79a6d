"""Python threads through ctypes on shared handles: ctypes releases the GIL
for every C call, so these calls really run in parallel in the library. Every
result must equal the single-threaded one."""

import pathlib
import threading
import unittest

import pmkit

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = (REPO / "examples" / "sample" / "postmortem.textproto").read_bytes()
DRAFT = ("Dana forgot to renew the certificate; the on-call should have "
         "noticed. The renewal job had no alert on failure.")
THREADS = 8
ROUNDS = 10


def run_concurrently(work):
    """Runs work() ROUNDS times on each of THREADS threads; returns results."""
    results = [[] for _ in range(THREADS)]
    errors = []

    def body(index):
        try:
            for _ in range(ROUNDS):
                results[index].append(work())
        except Exception as e:  # Reported by the main thread.
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [r for per_thread in results for r in per_thread]


class SharedHandleThreadsTest(unittest.TestCase):

    def test_shared_postmortem_validator_and_detector(self):
        with pmkit.Postmortem.parse(SAMPLE) as pm, \
                pmkit.Validator() as validator, \
                pmkit.BlameDetector() as detector:
            def work():
                return (pm.serialize("json"), pm.render_markdown(),
                        [f.rule_id for f in validator.validate(SAMPLE).findings],
                        [(f.category, f.start, f.end) for f in detector.scan(DRAFT)])
            expected = work()
            self.assertTrue(expected[3], "the draft should have findings")
            for result in run_concurrently(work):
                self.assertEqual(result, expected)


if __name__ == "__main__":
    unittest.main()
