"""pmkit.Postmortem: an owned pmkit_postmortem handle.

The C handle is immutable, so any number of threads may use one Postmortem at
once (the C calls run without the GIL). Only freeing must not race with a use;
C leaves that to the caller, Python should not crash on it, so the handle
counts its users and close() defers the free to the last of them.
"""

import ctypes
import json

from . import _args
from . import _calls
from . import _capi
from . import _library
from ._handle import OwnedHandle


class Postmortem(OwnedHandle):
    """A parsed pmkit.v1.Postmortem held by the C library.

    Keeps unknown fields (from a newer schema) and writes them back in binary;
    use it instead of load()/dump() to pass documents through losslessly, or to
    render or serialize one document many times without parsing it again.
    Close it with close() or a `with` block; using it afterwards raises
    ValueError.
    """

    _free_function = "pmkit_postmortem_free"
    _kind = "pmkit.Postmortem"

    def __init__(self, handle):
        """Private: use Postmortem.parse()."""
        self._own(handle)

    @classmethod
    def parse(cls, data, format=None):
        """Parses bytes (any format), str (JSON or text) or a dict (JSON mapping).

        format: a pmkit.Format, "binary"/"json"/"text"/"auto" or None (auto).
        Raises pmkit.Error with the library's status and message.
        """
        fmt = _args.input_format(format)
        raw, fmt = _args.document(data, fmt)
        handle = _capi.PostmortemPtr()
        _calls.call("pmkit_postmortem_parse", raw, len(raw), int(fmt),
                    ctypes.byref(handle))
        return cls(handle)

    def __repr__(self):
        state = "closed" if self.closed else "open"
        return "<pmkit.Postmortem %s>" % state

    # -- operations --------------------------------------------------------

    def serialize(self, format):
        """bytes for "binary", str for "json" and "text".

        Only binary keeps unknown fields; see unknown_field_count.
        """
        fmt = _args.output_format(format)
        handle = self._acquire()
        try:
            out = _calls.call_with_output("pmkit_postmortem_serialize", handle,
                                          int(fmt))
        finally:
            self._release()
        if fmt is _args.Format.BINARY:
            return out
        return _calls.decode(out, fmt.name.lower())

    def to_dict(self):
        """The document in the proto3 JSON mapping (lowerCamelCase keys)."""
        return json.loads(self.serialize(_args.Format.JSON))

    def render_markdown(self):
        """The Markdown report, times in the document's display_time_zone."""
        handle = self._acquire()
        try:
            out = _calls.call_with_output("pmkit_postmortem_render_markdown",
                                          handle)
        finally:
            self._release()
        return _calls.decode(out, "markdown")

    @property
    def unknown_field_count(self):
        """Unknown fields anywhere in the document; JSON and text drop them."""
        handle = self._acquire()
        try:
            return _library.lib().pmkit_postmortem_unknown_field_count(handle)
        finally:
            self._release()
