"""The private prototype table: argtypes/restype for every function in pmkit.h.

Declaring every prototype makes ctypes convert and check arguments (no silent
int truncation of size_t or pointers) and makes a library that lacks a
function fail at load time, not halfway through a call. Handles are typed:
`pmkit_postmortem*` is POINTER(pmkit_postmortem), which ctypes will not
confuse with any other pointer.

Output parameters declared `char**` in C are POINTER(c_void_p) here, not
POINTER(c_char_p): a c_char_p result is converted to bytes at the first NUL
and loses the address that pmkit_free() needs, whereas a c_void_p keeps it and
ctypes.string_at(address, size) reads binary buffers with embedded NULs.

The library is loaded with ctypes.CDLL, which releases the GIL for the
duration of every call; pmkit.h promises every function is thread-safe.
"""

import ctypes
from ctypes import POINTER, c_char_p, c_int, c_longlong, c_size_t, c_void_p

from . import _errors


class pmkit_postmortem(ctypes.Structure):
    """Opaque C struct; only ever used through PostmortemPtr."""


PostmortemPtr = POINTER(pmkit_postmortem)


class pmkit_actions(ctypes.Structure):
    """Opaque C struct; only ever used through ActionsPtr."""


ActionsPtr = POINTER(pmkit_actions)
class pmkit_validator(ctypes.Structure):
    """Opaque C struct; only ever used through ValidatorPtr."""


ValidatorPtr = POINTER(pmkit_validator)
class pmkit_blame_detector(ctypes.Structure):
    """Opaque C struct; only ever used through BlameDetectorPtr."""


BlameDetectorPtr = POINTER(pmkit_blame_detector)

_err = POINTER(c_void_p)  # char** error
_out = POINTER(c_void_p)  # char** out
_size = POINTER(c_size_t)  # size_t* out_size

# name: (restype, argtypes), in the order of pmkit.h.
PROTOTYPES = {
    "pmkit_version_number": (c_int, []),
    "pmkit_version_string": (c_char_p, []),
    "pmkit_status_name": (c_char_p, [c_int]),
    "pmkit_format_name": (c_char_p, [c_int]),
    "pmkit_free": (None, [c_void_p]),
    "pmkit_detect_format": (c_int, [c_void_p, c_size_t, POINTER(c_int), _err]),
    "pmkit_postmortem_parse": (
        c_int, [c_void_p, c_size_t, c_int, POINTER(PostmortemPtr), _err]),
    "pmkit_postmortem_free": (None, [PostmortemPtr]),
    "pmkit_postmortem_serialize": (
        c_int, [PostmortemPtr, c_int, _out, _size, _err]),
    "pmkit_postmortem_unknown_field_count": (c_size_t, [PostmortemPtr]),
    "pmkit_postmortem_render_markdown": (
        c_int, [PostmortemPtr, _out, _size, _err]),
    "pmkit_convert": (
        c_int, [c_void_p, c_size_t, c_int, c_int, _out, _size, _err]),
    "pmkit_render_markdown": (
        c_int, [c_void_p, c_size_t, c_int, _out, _size, _err]),
    # Action items.
    "pmkit_actions_new": (
        c_int, [c_void_p, c_size_t, c_int, POINTER(ActionsPtr), _err]),
    "pmkit_actions_free": (None, [ActionsPtr]),
    "pmkit_actions_transition_table": (
        c_int, [ActionsPtr, c_int, _out, _size, _err]),
    "pmkit_action_item_transition": (
        c_int, [ActionsPtr, c_void_p, c_size_t, c_void_p, c_size_t, c_int,
                c_longlong, c_int, POINTER(c_int), _out, _size, _err]),
    "pmkit_postmortem_transition": (
        c_int, [ActionsPtr, c_void_p, c_size_t, c_char_p, c_void_p, c_size_t,
                c_int, c_longlong, c_int, POINTER(c_int), _out, _size, _err]),
    "pmkit_actions_evaluate": (
        c_int, [ActionsPtr, c_void_p, c_size_t, c_int, c_longlong, c_int,
                _out, _size, _err]),
    "pmkit_actions_report": (
        c_int, [ActionsPtr, POINTER(c_void_p), POINTER(c_size_t), c_size_t,
                c_int, c_longlong, c_int, _out, _size, _err]),
    "pmkit_actions_render_markdown": (
        c_int, [c_void_p, c_size_t, c_int, c_int, _out, _size, _err]),
    "pmkit_actions_map_tracker_status": (
        c_int, [ActionsPtr, c_char_p, c_char_p, POINTER(c_int), _err]),
    # Timeline merging; the merger handle is an opaque c_void_p.
    "pmkit_timeline_merger_new": (
        c_int, [c_void_p, c_size_t, c_int, POINTER(c_void_p), _err]),
    "pmkit_timeline_merger_free": (None, [c_void_p]),
    "pmkit_timeline_merger_add_source": (
        c_int, [c_void_p, c_void_p, c_size_t, c_int, POINTER(c_int), _err]),
    "pmkit_timeline_merger_add_events": (
        c_int, [c_void_p, c_int, c_void_p, c_size_t, c_char_p, _err]),
    "pmkit_timeline_merger_finish": (
        c_int, [c_void_p, c_int, _out, _size, _err]),
    "pmkit_timeline_import": (
        c_int, [c_void_p, c_size_t, c_char_p, c_void_p, c_size_t, c_int, c_int,
                c_int, _out, _size, _err]),
    "pmkit_validator_new": (
        c_int, [c_void_p, c_size_t, c_int, POINTER(ValidatorPtr), _err]),
    "pmkit_validator_free": (None, [ValidatorPtr]),
    "pmkit_validator_validate": (
        c_int, [ValidatorPtr, c_void_p, c_size_t, c_int, c_void_p, c_size_t,
                c_int, _out, _size, _err]),
    "pmkit_validator_policy": (c_int, [ValidatorPtr, c_int, _out, _size, _err]),
    "pmkit_validator_rules": (c_int, [ValidatorPtr, c_int, _out, _size, _err]),
    "pmkit_blame_detector_new": (
        c_int, [c_void_p, c_size_t, c_int, POINTER(BlameDetectorPtr), _err]),
    "pmkit_blame_detector_free": (None, [BlameDetectorPtr]),
    "pmkit_blame_detector_scan_text": (
        c_int, [BlameDetectorPtr, c_char_p, c_size_t, c_int, c_int, _out,
                _size, _err]),
    "pmkit_blame_detector_scan_postmortem": (
        c_int, [BlameDetectorPtr, c_void_p, c_size_t, c_int, c_int, _out,
                _size, _err]),
    "pmkit_blame_detector_lexicon_version": (c_char_p, [BlameDetectorPtr]),
}


def bind(cdll, path):
    """Declares every prototype on `cdll`; a missing symbol is a LibraryError."""
    missing = []
    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise _errors.LibraryError(
            _errors.FAILED_PRECONDITION,
            "%s is not a compatible pmkit library: it lacks %s"
            % (path, ", ".join(missing)))
    return cdll
