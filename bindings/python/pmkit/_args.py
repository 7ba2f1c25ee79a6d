"""Checks and normalises the arguments of the pythonic layer before any C call.

Everything here is pure Python, so a wrong argument is reported as TypeError
or ValueError without loading or reaching the library.
"""

import enum
import json


class Format(enum.IntEnum):
    """Serialization formats; the values equal pmkit_format in pmkit.h."""

    AUTO = 0
    BINARY = 1
    JSON = 2
    TEXT = 3


_NAMES = {f.name.lower(): f for f in Format}


def _coerce_format(value, what):
    if isinstance(value, Format):
        return value
    if value is None:
        return Format.AUTO
    if isinstance(value, str):
        try:
            return _NAMES[value.strip().lower()]
        except KeyError:
            raise ValueError(
                "unknown %s %r; expected one of %s"
                % (what, value, ", ".join(sorted(_NAMES)))) from None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return Format(value)
        except ValueError:
            raise ValueError("unknown %s %d" % (what, value)) from None
    raise TypeError("%s must be a pmkit.Format, a str or None, not %s"
                    % (what, type(value).__name__))


def input_format(value):
    """A format argument for reading: None and "auto" mean detect it."""
    return _coerce_format(value, "input format")


def output_format(value):
    """A format argument for writing: binary, json or text (never auto)."""
    fmt = _coerce_format(value, "output format")
    if fmt is Format.AUTO:
        raise ValueError("an output format must be binary, json or text, not %r"
                         % (value,))
    return fmt


def document(data, fmt):
    """Turns a document argument into (bytes, Format) for C.

    bytes-like objects pass in any format; str is JSON or text and is encoded
    as UTF-8; a dict is the proto3 JSON mapping and is dumped to JSON. The
    bytes are copied at most once (bytearray, memoryview).
    """
    if isinstance(data, bytes):
        return data, fmt
    if isinstance(data, (bytearray, memoryview)):
        return memoryview(data).tobytes(), fmt
    if isinstance(data, str):
        if fmt is Format.BINARY:
            raise TypeError("binary data must be bytes, not str")
        return data.encode("utf-8"), fmt
    if isinstance(data, dict):
        if fmt not in (Format.AUTO, Format.JSON):
            raise ValueError("a dict is the proto3 JSON mapping; it cannot be "
                             "read as %s" % fmt.name.lower())
        # allow_nan=False: NaN/Infinity are not JSON; proto3 spells them as
        # strings ("NaN"), which a dict can hold.
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8"), Format.JSON
    raise TypeError("a postmortem must be bytes, bytearray, memoryview, str or "
                    "dict, not %s" % type(data).__name__)


def serialized(data):
    """Turns serialized data (no dict) into bytes, for detect_format."""
    if isinstance(data, dict):
        raise TypeError("detect_format needs serialized data (bytes or str), "
                        "not dict")
    return document(data, Format.AUTO)[0]
