"""pmkit.BlameDetector: blame-language detection through the C library.

    detector = pmkit.BlameDetector()
    for f in detector.scan("Maria didn't validate the payload."):
        print(f.category, text[f.start:f.end], f.suggestion)

Spans are str indices (the C library's UTF-8 byte offsets converted). A
detector is immutable and the C calls release the GIL, so one detector may be
shared by threads; close() defers the free until running scans finish.
"""

import ctypes
import json
import threading

from . import _args
from . import _calls
from . import _capi
from . import _library
from ._handle import OwnedHandle

_PLAIN = 0
_MARKDOWN = 1


class BlameFinding:
    """One blameful phrase.

    Attributes: category ("actor_as_cause", ...), start/end (str indices into
    the scanned text, or into the field's text for postmortems), excerpt
    (text[start:end]), cue (the triggering words), explanation (why it reads
    as blame), suggestion (a blameless rewrite or question), confidence (0-1),
    rule_id ("blame.<category>"), rule (the lexicon rule that matched),
    severity ("WARNING" or "INFO"), path ("analysis.trigger"; "" for text).
    """

    __slots__ = ("category", "start", "end", "excerpt", "cue", "explanation",
                 "suggestion", "confidence", "rule_id", "rule", "severity",
                 "path")

    def __init__(self, **fields):
        for name in self.__slots__:
            setattr(self, name, fields.get(name))

    def to_dict(self):
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other):
        if not isinstance(other, BlameFinding):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __repr__(self):
        where = "%s:" % self.path if self.path else ""
        return "<pmkit.BlameFinding %s %s%d-%d %r>" % (
            self.category, where, self.start, self.end, self.excerpt)


def _options_bytes(options):
    """BlameOptions as (bytes, Format): None, a dict (proto3 JSON mapping),
    or serialized bytes/str."""
    if options is None:
        return b"", _args.Format.AUTO
    if isinstance(options, dict):
        return _args.document(options, _args.Format.JSON)
    if isinstance(options, (bytes, bytearray, memoryview, str)):
        return _args.document(options, _args.Format.AUTO)
    raise TypeError("options must be None, a dict or serialized "
                    "pmkit.v1.BlameOptions, not %s" % type(options).__name__)


class _Offsets:
    """Converts UTF-8 byte offsets of one str to str indices."""

    def __init__(self, text):
        self._text = text
        self._ascii = text.isascii()
        self._map = None

    def __call__(self, offset):
        if self._ascii:
            return offset
        if self._map is None:
            # Byte offset of each character start -> character index.
            self._map = {}
            position = 0
            for index, ch in enumerate(self._text):
                self._map[position] = index
                position += len(ch.encode("utf-8"))
            self._map[position] = len(self._text)
        return self._map[offset]


def _findings(report_json, texts):
    """BlameFinding objects from a Report in JSON; `texts(path)` gives the str a
    finding's offsets refer to."""
    report = json.loads(report_json)
    out = []
    converters = {}
    for f in report.get("findings", []):
        path = f.get("pathText", "")
        span = f.get("span", {})
        start_b = int(span.get("start", 0))
        end_b = int(span.get("end", 0))
        convert = converters.get(path)
        if convert is None:
            convert = converters[path] = _Offsets(texts(path))
        out.append(BlameFinding(
            category=f.get("category", ""),
            start=convert(start_b),
            end=convert(end_b),
            excerpt=f.get("excerpt", ""),
            cue=f.get("cue", ""),
            explanation=f.get("message", ""),
            suggestion=f.get("suggestion", ""),
            confidence=float(f.get("confidence", 0.0)),
            rule_id=f.get("ruleId", ""),
            rule=f.get("detailRule", ""),
            severity=f.get("severity", "FINDING_SEVERITY_UNSPECIFIED")
            .replace("FINDING_SEVERITY_", ""),
            path=path))
    return out


class BlameDetector(OwnedHandle):
    """A compiled blame detector (pmkit's default lexicon plus `options`).

    options: None (defaults), a dict in the proto3 JSON mapping of
    pmkit.v1.BlameOptions, e.g. {"personNames": ["Alice"], "includeHints":
    True, "disabledCategories": ["BLAME_CATEGORY_COUNTERFACTUAL"],
    "lexicon": {"wordClasses": [{"name": "role", "words": ["wizard"]}]}},
    or serialized BlameOptions (bytes or str). Raises pmkit.Error
    (INVALID_ARGUMENT) for bad options or patterns.
    """

    _free_function = "pmkit_blame_detector_free"
    _kind = "pmkit.BlameDetector"

    def __init__(self, options=None):
        raw, fmt = _options_bytes(options)
        handle = _capi.BlameDetectorPtr()
        _calls.call("pmkit_blame_detector_new", raw or None, len(raw),
                    int(fmt), ctypes.byref(handle))
        self._own(handle)

    def __repr__(self):
        return "<pmkit.BlameDetector %s>" % (
            "closed" if self.closed else "lexicon " + self.lexicon_version)

    # -- operations --------------------------------------------------------

    @property
    def lexicon_version(self):
        handle = self._acquire()
        try:
            return _library.lib().pmkit_blame_detector_lexicon_version(
                handle).decode("utf-8")
        finally:
            self._release()

    def scan(self, text, markdown=False):
        """Findings in `text` (str), in document order.

        markdown=True skips code, link targets and HTML and ends sentences at
        headings and list items. Raises TypeError for a non-str text.
        """
        if not isinstance(text, str):
            raise TypeError("text must be str, not %s" % type(text).__name__)
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as e:  # lone surrogates
            raise ValueError("text is not encodable as UTF-8: %s" % e) from None
        handle = self._acquire()
        try:
            out = _calls.call_with_output(
                "pmkit_blame_detector_scan_text", handle, raw, len(raw),
                _MARKDOWN if markdown else _PLAIN, int(_args.Format.JSON))
        finally:
            self._release()
        return _findings(_calls.decode(out, "json"), lambda path: text)

    def scan_postmortem(self, pm, format=None):
        """Findings in every free-text field of a postmortem (dict, bytes or
        str in any format); each BlameFinding's path names the field, and start/end
        index into that field's str."""
        raw, fmt = _args.document(pm, _args.input_format(format))
        handle = self._acquire()
        try:
            out = _calls.call_with_output(
                "pmkit_blame_detector_scan_postmortem", handle, raw, len(raw),
                int(fmt), int(_args.Format.JSON))
        finally:
            self._release()
        report = _calls.decode(out, "json")
        if not json.loads(report).get("findings"):
            return []
        # The fields' text, to convert byte offsets: read the document back.
        from . import convert  # late import: pmkit/__init__ imports us
        doc = json.loads(convert(raw, _args.Format.JSON, fmt))
        return _findings(report, lambda path: _field_text(doc, path))


def _field_text(doc, path):
    """The str at a path_text ("action_items[2].description") in the JSON
    mapping of a postmortem."""
    node = doc
    for part in path.split("."):
        name, _, rest = part.partition("[")
        camel = name.split("_")[0] + "".join(
            w[:1].upper() + w[1:] for w in name.split("_")[1:])
        node = node.get(camel, "") if isinstance(node, dict) else ""
        while rest:
            key, _, rest = rest.partition("]")
            rest = rest[1:] if rest.startswith("[") else rest
            if key.startswith('"'):
                node = node.get(json.loads(key), "")
            else:
                node = node[int(key)]
    if isinstance(node, dict):  # custom field value
        node = node.get("stringValue", "")
    return node if isinstance(node, str) else ""


_default = None
_default_lock = threading.Lock()


def scan_text(text, markdown=False):
    """Scans `text` with a shared default BlameDetector (built on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = BlameDetector()
        detector = _default
    return detector.scan(text, markdown=markdown)
