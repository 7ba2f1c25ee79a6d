"""Timeline merging and importing: pmkit.merge_timelines, pmkit.import_events.

Sources are exports (Slack, PagerDuty, Alertmanager, syslog lines, CSV, JSON
Lines) given as bytes or a file path; results are dicts in the proto3 JSON
mapping of pmkit.v1.MergedTimeline / pmkit.v1.TimelineEventBatch.
"""

import ctypes
import json
import os

from . import _args
from . import _calls
from . import _errors
from . import _library
from ._args import Format

IMPORT_FORMATS = ("auto", "jsonl", "csv", "slack", "pagerduty", "alertmanager",
                  "syslog")

# Keys of a source dict that are not pmkit.v1.TimelineSource fields.
_DATA_KEYS = ("data", "path")


def _input_format(value):
    if value is None:
        return "auto"
    if not isinstance(value, str):
        raise TypeError("format must be a str, not %s" % type(value).__name__)
    name = value.strip().lower()
    if name not in IMPORT_FORMATS:
        raise ValueError("unknown input format %r; expected one of %s"
                         % (value, ", ".join(IMPORT_FORMATS)))
    return name


def _read(path_or_bytes):
    """bytes-like pass through; str / os.PathLike name a file to read."""
    if isinstance(path_or_bytes, bytes):
        return path_or_bytes
    if isinstance(path_or_bytes, (bytearray, memoryview)):
        return memoryview(path_or_bytes).tobytes()
    if isinstance(path_or_bytes, (str, os.PathLike)):
        with open(path_or_bytes, "rb") as f:
            return f.read()
    raise TypeError("events must be bytes, bytearray, memoryview or a path, "
                    "not %s" % type(path_or_bytes).__name__)


def _json_bytes(obj, what):
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise TypeError("%s must be a dict (proto3 JSON mapping), not %s"
                        % (what, type(obj).__name__))
    return json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8")


def import_events(path_or_bytes, format="auto", *, source=None,
                  time_zone=None, year=None, stop_on_error=False):
    """Imports one export into a dict (pmkit.v1.TimelineEventBatch).

    path_or_bytes: the export's bytes, or a path (str or os.PathLike).
    format: "jsonl", "csv", "slack", "pagerduty", "alertmanager", "syslog"
    or "auto" (detected from the content).
    source: the source name used in event ids and provenance (default
    "input"); time_zone: IANA zone of timestamps without an offset; year: the
    year of RFC 3164 timestamps. Malformed records are listed under "issues"
    with their line, unless stop_on_error, which raises pmkit.Error instead.
    """
    fmt = _input_format(format)
    spec = {}
    if source is not None:
        if not isinstance(source, str):
            raise TypeError("source must be a str")
        spec["name"] = source
    if time_zone is not None:
        if not isinstance(time_zone, str):
            raise TypeError("time_zone must be a str")
        spec["timeZone"] = time_zone
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool):
            raise TypeError("year must be an int")
        spec["year"] = year
    if not isinstance(stop_on_error, bool):
        raise TypeError("stop_on_error must be a bool")
    data = _read(path_or_bytes)
    spec_bytes = _json_bytes(spec, "source") if spec else b""
    out = _calls.call_with_output(
        "pmkit_timeline_import", data, len(data), fmt.encode("ascii"),
        spec_bytes, len(spec_bytes), int(Format.JSON), int(stop_on_error),
        int(Format.JSON))
    return json.loads(_calls.decode(out, "json"))


def _normalise_source(item, index):
    """A source argument -> (TimelineSource dict, bytes, format name)."""
    if isinstance(item, tuple):
        if len(item) != 2:
            raise ValueError("a source tuple is (name, path_or_bytes)")
        item = {"name": item[0], "data": item[1]}
    if not isinstance(item, dict):
        raise TypeError("source %d must be a dict or a (name, data) tuple, "
                        "not %s" % (index, type(item).__name__))
    spec = {k: v for k, v in item.items() if k not in _DATA_KEYS}
    if "data" in item and "path" in item:
        raise ValueError("source %d has both data and path" % index)
    if "data" in item:
        data = _read(item["data"]) if not isinstance(item["data"], str) \
            else item["data"].encode("utf-8")
    elif "path" in item:
        data = _read(item["path"])
        spec.setdefault("name", os.path.basename(os.fspath(item["path"])))
    else:
        raise ValueError("source %d has neither data nor path" % index)
    name = spec.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError("source %d needs a non-empty str name" % index)
    fmt = _input_format(spec.get("format"))
    return spec, data, fmt


def merge_timelines(sources, options=None):
    """Merges sources into one timeline; returns a dict (MergedTimeline).

    sources: an iterable of dicts, each a pmkit.v1.TimelineSource in the
    proto3 JSON mapping ({"name": ..., "kind": "SOURCE_KIND_CHAT",
    "priority": 20, "clockOffset": "-3s", "timeZone": ..., "format":
    "slack", "estimateOffset": true}) plus "data" (bytes, or str content) or
    "path"; or (name, path_or_bytes) tuples. options: a dict in the JSON
    mapping of pmkit.v1.MergeOptions ({"dedupWindow": "60s",
    "estimateSkew": true}), or None for the defaults.

    The result holds "events" (ordered by corrected time, then priority,
    name and position) and "report" (folded duplicates, offset estimates,
    gaps, per-incident lifecycle metrics, import issues with line numbers).
    """
    normalised = [_normalise_source(s, i) for i, s in enumerate(sources)]
    opts = _json_bytes(options, "options") or b""
    lib = _library.lib()
    handle = ctypes.c_void_p()
    _calls.call("pmkit_timeline_merger_new", opts, len(opts), int(Format.JSON),
                ctypes.byref(handle))
    try:
        for spec, data, fmt in normalised:
            raw = _json_bytes(spec, "source")
            index = ctypes.c_int(-1)
            _calls.call("pmkit_timeline_merger_add_source", handle, raw,
                        len(raw), int(Format.JSON), ctypes.byref(index))
            _calls.call("pmkit_timeline_merger_add_events", handle,
                        index.value, data, len(data), fmt.encode("ascii"))
        out = _calls.call_with_output("pmkit_timeline_merger_finish", handle,
                                      int(Format.JSON))
    finally:
        lib.pmkit_timeline_merger_free(handle)
    return json.loads(_calls.decode(out, "json"))
