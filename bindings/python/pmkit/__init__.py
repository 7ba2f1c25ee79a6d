"""pmkit: blameless incident postmortems, through the pmkit C library.

Documents are pmkit.v1.Postmortem protobuf messages. In Python they are dicts
in the proto3 JSON mapping (lowerCamelCase keys, enums and timestamps as
strings), or serialized bytes/str in one of three formats: binary, JSON, text.

    import pmkit
    pm = pmkit.load(open("postmortem.textproto").read())
    print(pm["title"])
    print(pmkit.render_markdown(pm))
    data = pmkit.dump(pm, "binary")

Action items follow an explicit state machine (see docs/actions.md):

    item = pmkit.transition(item, "in_progress", actor="zoe")
    report = pmkit.action_report([pm], now=None)
    print(pmkit.render_action_report(report))

All work happens in the C library (libpmkit.so.0), loaded with ctypes on first
use (see set_library_path for where it is looked for). ctypes releases the GIL
during every C call and every pmkit function is thread-safe, so threads
parsing or rendering in parallel run in parallel.

Failures raise pmkit.Error, carrying the C status code and message; wrong
argument types raise TypeError and unknown format names ValueError, before
the library is reached. This package uses only the standard library; the
generated protobuf classes in pmkit.v1 need google.protobuf.
"""

import ctypes
import json

from . import _args
from . import _calls
from . import _library
from ._args import Format
from ._blame import BlameDetector, BlameFinding, scan_text
from ._errors import Error, LibraryError
from ._library import library_path, set_library_path
from ._postmortem import Postmortem
from ._actions import (STATES, action_report, action_status,
                       render_action_report, tracker_state, transition,
                       transition_postmortem, transition_table)
from ._timeline import import_events, merge_timelines
from ._validate import (Finding, Report, Rule, Validator, default_policy,
                        rules, validate)

__version__ = "0.1.0"

# PMKIT_MAX_DOCUMENT_BYTES: larger inputs are refused by the library with
# RESOURCE_EXHAUSTED before they are parsed.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

__all__ = [
    "BlameDetector",
    "BlameFinding",
    "Error",
    "Finding",
    "Format",
    "LibraryError",
    "MAX_DOCUMENT_BYTES",
    "Postmortem",
    "Report",
    "Rule",
    "STATES",
    "Validator",
    "action_report",
    "action_status",
    "convert",
    "default_policy",
    "detect_format",
    "dump",
    "import_events",
    "library_path",
    "load",
    "merge_timelines",
    "render_action_report",
    "render_markdown",
    "rules",
    "scan_text",
    "set_library_path",
    "tracker_state",
    "transition",
    "transition_postmortem",
    "transition_table",
    "validate",
    "version",
]


def version():
    """The C library's version, "MAJOR.MINOR.PATCH" (not __version__)."""
    return _library.lib().pmkit_version_string().decode("ascii")


def detect_format(data):
    """The Format the library would read `data` (bytes or str) as.

    JSON when the first non-whitespace byte is '{', text when the bytes are
    UTF-8 without control characters other than whitespace, binary otherwise.
    """
    raw = _args.serialized(data)
    out = ctypes.c_int()
    _calls.call("pmkit_detect_format", raw, len(raw), ctypes.byref(out))
    return Format(out.value)


def convert(data, to, from_=None):
    """Converts a serialized postmortem (or dict) to format `to`.

    Returns bytes for binary, str for json and text. `from_` defaults to
    auto-detection. Unknown fields survive only binary to binary.
    """
    out_fmt = _args.output_format(to)
    raw, in_fmt = _args.document(data, _args.input_format(from_))
    out = _calls.call_with_output("pmkit_convert", raw, len(raw), int(in_fmt),
                                  int(out_fmt))
    if out_fmt is Format.BINARY:
        return out
    return _calls.decode(out, out_fmt.name.lower())


def load(data, format=None):
    """Reads a postmortem into a dict in the proto3 JSON mapping.

    data: bytes-like in any format, str in JSON or text format, or a dict,
    which is validated and normalised by a round trip through the library.
    Fields at their default values are absent from the dict.
    """
    if isinstance(data, Postmortem):
        return data.to_dict()
    return json.loads(convert(data, Format.JSON, format))


def dump(pm, format="json"):
    """Writes a postmortem (dict, serialized bytes/str, or Postmortem).

    Returns bytes for "binary", str for "json" and "text".
    """
    if isinstance(pm, Postmortem):
        return pm.serialize(format)
    return convert(pm, format)


def render_markdown(pm, format=None):
    """Renders a postmortem (dict, bytes, str or Postmortem) as Markdown.

    format: how to read `pm` when it is serialized; None detects it.
    """
    if isinstance(pm, Postmortem):
        return pm.render_markdown()
    raw, fmt = _args.document(pm, _args.input_format(format))
    out = _calls.call_with_output("pmkit_render_markdown", raw, len(raw),
                                  int(fmt))
    return _calls.decode(out, "markdown")

# Show and pickle the public classes under their public names.
for _cls in (BlameDetector, BlameFinding, Error, Finding, Format, LibraryError,
             Postmortem, Report, Rule, Validator):
    _cls.__module__ = __name__
del _cls
