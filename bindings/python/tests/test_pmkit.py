"""Tests of the pmkit Python binding, against the real C library.

Run with the package on PYTHONPATH (the build puts it in <build>/python):
    PYTHONPATH=build/python python3 -m pytest bindings/python/tests
    PYTHONPATH=build/python python3 -m unittest discover -s bindings/python/tests

Tests that need the library fail with the discovery error when it cannot be
loaded; set PMKIT_TESTS_ALLOW_MISSING_LIBRARY=1 to skip them instead (for
checking the pure-Python layer alone).
"""

import ctypes.util
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import textwrap
import threading
import unittest

import pmkit
from pmkit import _args

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = REPO / "examples" / "sample" / "postmortem.textproto"
PACKAGE_PARENT = str(pathlib.Path(pmkit.__file__).resolve().parents[1])

DOC = textwrap.dedent("""\
    id: "pm-1"
    title: "Checkout outage: expired TLS certificate"
    status: DOCUMENT_STATUS_DRAFT
    severity { level: "SEV2" rank: 2 }
    summary: "Checkout failed for 42 minutes."
    tags: "tls"
    timeline {
      id: "e1"
      time { time { seconds: 1709388000 } precision: TIME_PRECISION_SECOND }
      kind: EVENT_KIND_ALERT
      text: "TLS handshake error alert fired"
    }
    timeline {
      id: "e2"
      kind: EVENT_KIND_ACTION
      milestone: MILESTONE_MITIGATED
      text: "Certificate renewed"
    }
    action_items {
      id: "AI-1"
      title: "Alert 14 days before a certificate expires"
      type: ACTION_ITEM_TYPE_DETECT
      priority: PRIORITY_P1
      state: ACTION_ITEM_STATE_OPEN
    }
    """)
TITLE = "Checkout outage: expired TLS certificate"


def _library_problem():
    try:
        pmkit.library_path()
    except pmkit.LibraryError as e:
        return str(e)
    return None


_PROBLEM = _library_problem()
needs_library = unittest.skipIf(
    _PROBLEM is not None and os.environ.get("PMKIT_TESTS_ALLOW_MISSING_LIBRARY"),
    "pmkit library not loadable: %s" % _PROBLEM)


def _has_protobuf():
    try:
        import google.protobuf  # noqa: F401
    except ImportError:
        return False
    return True


def _run_python(code, **env_changes):
    """Runs `code` in a fresh interpreter that imports this same pmkit."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-c", code], env=env,
                          capture_output=True, text=True, timeout=120)


def _varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


class ArgumentTest(unittest.TestCase):
    """Pure Python: needs no library."""

    def test_format_names(self):
        for value, want in [(None, pmkit.Format.AUTO), ("auto", pmkit.Format.AUTO),
                            ("BINARY", pmkit.Format.BINARY), ("Json", pmkit.Format.JSON),
                            (" text ", pmkit.Format.TEXT), (pmkit.Format.TEXT, pmkit.Format.TEXT),
                            (2, pmkit.Format.JSON)]:
            self.assertIs(_args.input_format(value), want, value)

    def test_format_wrong_type_is_type_error(self):
        for value in [3.5, ["json"], b"json", True, object()]:
            with self.assertRaises(TypeError, msg=repr(value)):
                _args.input_format(value)

    def test_format_unknown_is_value_error(self):
        for value in ["yaml", "", "proto", 7, -1]:
            with self.assertRaises(ValueError, msg=repr(value)):
                _args.input_format(value)

    def test_auto_is_not_an_output_format(self):
        for value in [None, "auto", pmkit.Format.AUTO]:
            with self.assertRaises(ValueError):
                _args.output_format(value)

    def test_document_coercion(self):
        fmt = pmkit.Format.AUTO
        self.assertEqual(_args.document(b"ab", fmt), (b"ab", fmt))
        self.assertEqual(_args.document(bytearray(b"ab"), fmt), (b"ab", fmt))
        self.assertEqual(_args.document(memoryview(b"ab"), fmt), (b"ab", fmt))
        self.assertEqual(_args.document("\u00e9", fmt), (b"\xc3\xa9", fmt))
        raw, got = _args.document({"title": "t"}, fmt)
        self.assertEqual((json.loads(raw), got), ({"title": "t"}, pmkit.Format.JSON))
        with self.assertRaises(TypeError):
            _args.document("text", pmkit.Format.BINARY)
        with self.assertRaises(ValueError):
            _args.document({}, pmkit.Format.TEXT)

    def test_error(self):
        e = pmkit.Error(3, "json: bad token at 1:2")
        self.assertEqual((e.status, e.status_name, e.message),
                         (3, "INVALID_ARGUMENT", "json: bad token at 1:2"))
        self.assertIn("INVALID_ARGUMENT", str(e))
        self.assertIn("bad token", str(e))
        self.assertEqual(pmkit.Error(99, "x").status_name, "UNKNOWN_STATUS")
        self.assertTrue(issubclass(pmkit.LibraryError, ImportError))
        self.assertTrue(issubclass(pmkit.LibraryError, pmkit.Error))

    def test_constants(self):
        self.assertEqual(pmkit.MAX_DOCUMENT_BYTES, 64 * 1024 * 1024)
        self.assertEqual(pmkit.__version__, "0.1.0")
        self.assertEqual([int(f) for f in pmkit.Format], [0, 1, 2, 3])


class DiscoveryTest(unittest.TestCase):
    """Each case in a fresh interpreter: the library is loaded once per process."""

    def test_missing_library_in_env_is_a_clear_error(self):
        r = _run_python(textwrap.dedent("""\
            import pmkit
            try:
                pmkit.render_markdown(b"")
            except pmkit.LibraryError as e:
                print("status", e.status_name)
                print(e)
            """), PMKIT_LIBRARY="/nonexistent/libpmkit.so.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("status NOT_FOUND", r.stdout)
        self.assertIn("/nonexistent/libpmkit.so.0", r.stdout)
        self.assertIn("PMKIT_LIBRARY", r.stdout)

    def test_import_never_needs_the_library(self):
        r = _run_python("import pmkit, pmkit.v1; print(pmkit.__version__)",
                        PMKIT_LIBRARY="/nonexistent/libpmkit.so.0")
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "0.1.0"), r.stderr)

    def test_arguments_checked_before_c(self):
        # With no loadable library, reaching C would raise LibraryError.
        r = _run_python(textwrap.dedent("""\
            import pmkit
            cases = [
                (TypeError, pmkit.load, (42,)),
                (TypeError, pmkit.load, (None,)),
                (TypeError, pmkit.load, ([1],)),
                (TypeError, pmkit.dump, (42,)),
                (TypeError, pmkit.render_markdown, (None,)),
                (TypeError, pmkit.detect_format, ({},)),
                (TypeError, pmkit.Postmortem.parse, (None,)),
                (TypeError, pmkit.load, (b"", 3.5)),
                (ValueError, pmkit.load, (b"", "yaml")),
                (ValueError, pmkit.dump, ({}, "auto")),
                (ValueError, pmkit.convert, (b"", "xml")),
            ]
            for want, fn, args in cases:
                try:
                    fn(*args)
                except want:
                    continue
                except Exception as e:
                    print("WRONG", fn.__name__, args, type(e).__name__, e)
                else:
                    print("NO ERROR", fn.__name__, args)
            print("done")
            """), PMKIT_LIBRARY="/nonexistent/libpmkit.so.0")
        self.assertEqual((r.returncode, r.stdout), (0, "done\n"), r.stderr)

    def test_nothing_found_names_every_place(self):
        r = _run_python(textwrap.dedent("""\
            import ctypes.util, tempfile, pmkit
            from pmkit import _library
            _library.BUNDLED_DIR = tempfile.mkdtemp()
            ctypes.util.find_library = lambda name: None
            try:
                pmkit.version()
            except ImportError as e:
                print(e)
            """), PMKIT_LIBRARY=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        for place in ["set_library_path", "PMKIT_LIBRARY", "libpmkit.so*",
                      "find_library"]:
            self.assertIn(place, r.stdout)

    def test_library_without_pmkit_symbols_is_refused(self):
        libc = ctypes.util.find_library("c")
        if not libc:
            self.skipTest("no libc found")
        r = _run_python(textwrap.dedent("""\
            import pmkit
            try:
                pmkit.version()
            except pmkit.LibraryError as e:
                print(e.status_name, e)
            """), PMKIT_LIBRARY=libc)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("FAILED_PRECONDITION", r.stdout)
        self.assertIn("pmkit_version_number", r.stdout)

    @needs_library
    def test_major_version_mismatch_is_refused(self):
        r = _run_python(textwrap.dedent("""\
            import pmkit
            from pmkit import _library
            _library.EXPECTED_MAJOR = 99
            try:
                pmkit.version()
            except pmkit.LibraryError as e:
                print(e.status_name, e)
            """))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("FAILED_PRECONDITION", r.stdout)
        self.assertIn("major", r.stdout)

    @needs_library
    def test_set_library_path_after_load(self):
        path = pmkit.library_path()
        pmkit.set_library_path(path)  # the same library: fine
        with self.assertRaises(RuntimeError):
            pmkit.set_library_path("/elsewhere/libpmkit.so.0")


@needs_library
class VersionTest(unittest.TestCase):

    def test_version(self):
        v = pmkit.version()
        self.assertRegex(v, r"^\d+\.\d+\.\d+$")
        self.assertEqual(int(v.split(".")[0]), 0)


@needs_library
class RoundTripTest(unittest.TestCase):

    def setUp(self):
        self.pm = pmkit.load(DOC)

    def test_load_text(self):
        self.assertEqual(self.pm["title"], TITLE)
        self.assertEqual(self.pm["timeline"][0]["id"], "e1")
        self.assertEqual(self.pm["actionItems"][0]["state"], "ACTION_ITEM_STATE_OPEN")

    def test_round_trip_every_format(self):
        for fmt in ["binary", "json", "text", pmkit.Format.BINARY]:
            out = pmkit.dump(self.pm, fmt)
            self.assertIsInstance(out, bytes if fmt in ("binary", pmkit.Format.BINARY) else str)
            self.assertEqual(pmkit.load(out), self.pm, fmt)
            self.assertEqual(pmkit.load(out, format=fmt), self.pm, fmt)

    def test_bytes_like_inputs(self):
        data = pmkit.dump(self.pm, "binary")
        for wrapped in [bytearray(data), memoryview(data)]:
            self.assertEqual(pmkit.load(wrapped), self.pm)
        self.assertEqual(pmkit.load(pmkit.dump(self.pm, "json").encode()), self.pm)

    def test_dict_is_normalised(self):
        self.assertEqual(pmkit.load(self.pm), self.pm)
        self.assertEqual(pmkit.load({"title": "t", "summary": ""}), {"title": "t"})
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.load({"noSuchField": 1})
        self.assertEqual(cm.exception.status, 3)

    def test_convert(self):
        text = pmkit.convert(pmkit.dump(self.pm, "binary"), "text")
        self.assertIsInstance(text, str)
        self.assertIn(TITLE, text)
        data = pmkit.convert(text, pmkit.Format.BINARY, from_="text")
        self.assertEqual(pmkit.load(data, "binary"), self.pm)

    def test_empty_input_is_the_empty_message(self):
        self.assertEqual(pmkit.load(b""), {})
        self.assertEqual(pmkit.dump(b"", "binary"), b"")

    def test_nul_in_strings_survives(self):
        pm = pmkit.load('{"title": "a\\u0000b"}')
        self.assertEqual(pm["title"], "a\x00b")
        self.assertEqual(pmkit.load(pmkit.dump(pm, "binary"))["title"], "a\x00b")

    def test_detect_format(self):
        self.assertIs(pmkit.detect_format(pmkit.dump(self.pm, "json")), pmkit.Format.JSON)
        self.assertIs(pmkit.detect_format(DOC), pmkit.Format.TEXT)
        self.assertIs(pmkit.detect_format(DOC.encode()), pmkit.Format.TEXT)
        self.assertIs(pmkit.detect_format(pmkit.dump(self.pm, "binary")), pmkit.Format.BINARY)
        self.assertIs(pmkit.detect_format(b""), pmkit.Format.BINARY)
        self.assertIs(pmkit.detect_format("  \n{}"), pmkit.Format.JSON)

    @unittest.skipUnless(SAMPLE.exists(), "no %s" % SAMPLE)
    def test_sample(self):
        pm = pmkit.load(SAMPLE.read_bytes())
        self.assertTrue(pm.get("title"))
        for fmt in ["binary", "json", "text"]:
            self.assertEqual(pmkit.load(pmkit.dump(pm, fmt)), pm, fmt)
        self.assertIn(pm["title"], pmkit.render_markdown(pm))


@needs_library
class MarkdownTest(unittest.TestCase):

    def test_render(self):
        for pm in [DOC, DOC.encode(), pmkit.load(DOC)]:
            md = pmkit.render_markdown(pm)
            self.assertIsInstance(md, str)
            self.assertTrue(md.strip())
            self.assertIn(TITLE, md)
        self.assertEqual(pmkit.render_markdown(DOC, "text"), md)

    def test_threads_render_identically(self):
        want = pmkit.render_markdown(DOC)
        pm = pmkit.Postmortem.parse(DOC)
        barrier = threading.Barrier(8)
        results, errors = [], []

        def work():
            try:
                barrier.wait()
                for _ in range(25):
                    results.append(pmkit.render_markdown(DOC))
                    results.append(pm.render_markdown())
            except Exception as e:  # reported below, not lost in the thread
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        pm.close()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 8 * 50)
        self.assertEqual(set(results), {want})


@needs_library
class ErrorTest(unittest.TestCase):

    def assertInvalid(self, data, fmt, word):
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.load(data, fmt)
        e = cm.exception
        self.assertEqual((e.status, e.status_name), (3, "INVALID_ARGUMENT"), str(e))
        self.assertIn(word, e.message.lower())
        self.assertIn(e.message, str(e))

    def test_malformed_json(self):
        self.assertInvalid('{"title": ', None, "json")
        self.assertInvalid('{"noSuchField": 1}', "json", "json")

    def test_malformed_text(self):
        self.assertInvalid('title: "unterminated', None, "text")
        self.assertInvalid("no_such_field: 1", "text", "text")

    def test_truncated_binary(self):
        data = pmkit.dump(DOC, "binary")
        self.assertInvalid(data[:-1], "binary", "binary")
        inside_title = data.index(TITLE.encode()) + 5
        self.assertInvalid(data[:inside_title], pmkit.Format.BINARY, "binary")

    def test_oversized_input(self):
        with self.assertRaises(pmkit.Error) as cm:
            pmkit.load(b" " * (pmkit.MAX_DOCUMENT_BYTES + 1))
        self.assertEqual(cm.exception.status_name, "RESOURCE_EXHAUSTED")


@needs_library
class HostileInputTest(unittest.TestCase):
    """Whatever the bytes, the answer is a result or pmkit.Error, not a crash."""

    def assertResultOrError(self, data, fmt=None):
        try:
            pm = pmkit.load(data, fmt)
        except pmkit.Error as e:
            self.assertTrue(e.message)
            return None
        self.assertIsInstance(pm, dict)
        return pm

    def test_random_bytes(self):
        rng = random.Random(1234)
        for i in range(300):
            data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 200)))
            for fmt in [None, "binary", "json", "text"]:
                self.assertResultOrError(data, fmt)

    def test_deep_nesting(self):
        deep = 100000
        for data, fmt in [("[" * deep, None), ("[" * deep, "json"),
                          ('{"title": ' + "[" * deep, "json"),
                          ('{"lifecycle": ' * deep, "json"),
                          ("{" * deep, None),
                          ("lifecycle { " * deep, "text"),
                          ("lifecycle < " * deep, "text"),
                          # Binary: field 18 (lifecycle), length 0x7f, nested.
                          (b"\x92\x01\x7f" * deep, "binary"),
                          # Binary: unknown groups (field 999) nested deep.
                          (_varint(999 << 3 | 3) * deep, "binary")]:
            with self.assertRaises(pmkit.Error, msg=repr(data[:20])):
                pmkit.load(data, fmt)

    def test_huge_string(self):
        title = "x" * (8 * 1024 * 1024)
        pm = self.assertResultOrError(json.dumps({"title": title}))
        self.assertEqual(pm, {"title": title})
        self.assertEqual(len(pmkit.dump(pm, "binary")), len(title) + 5)

    def test_nul_bytes(self):
        for data, fmt in [(b'title: "a\x00b"', None), (b'title: "a\x00b"', "text"),
                          (b'{"title": "a\x00b"}', "json"), (b"\x00" * 100, None),
                          (b"\x00" * 100, "binary")]:
            self.assertResultOrError(data, fmt)

    def test_invalid_utf8(self):
        # proto3 strings are UTF-8 in every format; accepting invalid bytes
        # would lose them silently on the way to JSON.
        title_ff = b"\x12\x02\xff\xfe"  # field 2 (title), 2 bytes, not UTF-8
        for data, fmt in [(title_ff, "binary"), (title_ff, None),
                          (b'{"title": "\xff\xfe"}', "json"),
                          (b'{"title": "\xff\xfe"}', None),
                          (b'title: "\xff\xfe"', "text"),
                          ('title: "\\377\\376"', "text")]:
            with self.assertRaises(pmkit.Error, msg=repr(data)) as cm:
                pmkit.load(data, fmt)
            self.assertEqual(cm.exception.status, 3)


@needs_library
class PostmortemTest(unittest.TestCase):

    def test_lifecycle(self):
        pm = pmkit.Postmortem.parse(DOC)
        self.assertFalse(pm.closed)
        self.assertEqual(pm.to_dict(), pmkit.load(DOC))
        self.assertEqual(pm.unknown_field_count, 0)
        self.assertIn(TITLE, pm.render_markdown())
        pm.close()
        pm.close()
        self.assertTrue(pm.closed)
        for use in [pm.render_markdown, pm.to_dict, lambda: pm.serialize("json"),
                    lambda: pm.unknown_field_count]:
            with self.assertRaises(ValueError):
                use()
        self.assertIn("closed", repr(pm))

    def test_context_manager(self):
        with pmkit.Postmortem.parse(pmkit.dump(DOC, "binary"), "binary") as pm:
            self.assertIsInstance(pm.serialize("text"), str)
            self.assertIsInstance(pm.serialize(pmkit.Format.BINARY), bytes)
        self.assertTrue(pm.closed)
        with self.assertRaises(ValueError):
            pm.serialize("binary")
        with self.assertRaises(ValueError):
            with pm:
                pass

    def test_dropped_without_close(self):
        for _ in range(100):
            pmkit.Postmortem.parse(DOC)

    def test_parse_errors(self):
        with self.assertRaises(pmkit.Error):
            pmkit.Postmortem.parse("{", "json")
        with self.assertRaises(TypeError):
            pmkit.Postmortem.parse(42)
        with self.assertRaises(ValueError):
            pmkit.Postmortem.parse(DOC).serialize("auto")

    def test_module_functions_accept_postmortem(self):
        with pmkit.Postmortem.parse(DOC) as pm:
            self.assertEqual(pmkit.load(pm), pmkit.load(DOC))
            self.assertEqual(pmkit.dump(pm, "json"), pmkit.dump(DOC, "json"))
            self.assertEqual(pmkit.render_markdown(pm), pmkit.render_markdown(DOC))

    def test_unknown_fields_survive_binary(self):
        extra = _varint(999 << 3 | 0) + _varint(42)  # field 999, varint 42
        data = pmkit.dump(DOC, "binary") + extra
        with pmkit.Postmortem.parse(data) as pm:
            self.assertGreaterEqual(pm.unknown_field_count, 1)
            self.assertIn(extra, pm.serialize("binary"))
            self.assertEqual(pm.to_dict(), pmkit.load(DOC))  # JSON drops it
        self.assertIn(extra, pmkit.convert(data, "binary"))


@needs_library
@unittest.skipUnless(_has_protobuf(), "google.protobuf is not installed")
class ProtobufInteropTest(unittest.TestCase):

    def setUp(self):
        try:
            from pmkit.v1 import postmortem_pb2
        except ImportError as e:
            self.fail("pmkit.v1.postmortem_pb2 missing; the build should generate "
                      "it next to pmkit/v1/__init__.py: %s" % e)
        self.pb2 = postmortem_pb2

    def test_c_binary_read_by_python(self):
        msg = self.pb2.Postmortem.FromString(pmkit.dump(DOC, "binary"))
        self.assertEqual(msg.title, TITLE)
        self.assertEqual(msg.timeline[1].text, "Certificate renewed")

    def test_python_binary_read_by_c(self):
        from pmkit.v1 import action_item_pb2
        msg = self.pb2.Postmortem(id="pm-py", title="Built in Python")
        event = msg.timeline.add(id="e1", text="Paged the on-call")
        event.time.time.seconds = 1709388000
        msg.action_items.add(id="AI-1", title="Add a runbook",
                             state=action_item_pb2.ACTION_ITEM_STATE_IN_PROGRESS)
        pm = pmkit.load(msg.SerializeToString())
        self.assertEqual(pm["title"], "Built in Python")
        self.assertEqual(pm["timeline"][0]["text"], "Paged the on-call")
        self.assertEqual(pm["timeline"][0]["time"]["time"], "2024-03-02T14:00:00Z")
        self.assertEqual(pm["actionItems"][0]["state"], "ACTION_ITEM_STATE_IN_PROGRESS")
        self.assertEqual(pmkit.dump(pm, "binary"), msg.SerializeToString())


if __name__ == "__main__":
    unittest.main()
