"""How one C call is made: the error out-parameter and library-owned buffers.

Every fallible pmkit function takes `char** error` last and returns a status;
outputs are (char** out, size_t* out_size) buffers that only pmkit_free() may
release. These helpers turn that into return values and pmkit.Error, and free
every buffer exactly once, also when reading it fails.
"""

import ctypes

from . import _errors
from . import _library


def call(name, *args):
    """Calls pmkit function `name` with an error out-parameter appended."""
    lib = _library.lib()
    err = ctypes.c_void_p()
    status = getattr(lib, name)(*args, ctypes.byref(err))
    try:
        if status != _errors.OK:
            message = "(the library gave no message)"
            if err.value:
                message = ctypes.string_at(err.value).decode("utf-8", "replace")
            raise _errors.Error(status, message)
    finally:
        lib.pmkit_free(err)


def call_with_output(name, *args):
    """Calls `name` with (out, out_size, error) appended; returns the bytes."""
    lib = _library.lib()
    out = ctypes.c_void_p()
    size = ctypes.c_size_t()
    try:
        call(name, *args, ctypes.byref(out), ctypes.byref(size))
        if not out.value:
            return b""
        return ctypes.string_at(out.value, size.value)
    finally:
        lib.pmkit_free(out)


def decode(data, fmt_name):
    """Decodes a JSON, text or Markdown output; C promises UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _errors.Error(
            _errors.INTERNAL,
            "the library returned invalid UTF-8 in %s output: %s"
            % (fmt_name, e)) from None
