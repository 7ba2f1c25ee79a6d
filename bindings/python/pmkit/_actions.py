"""Action items: the state machine, due dates and follow-through reports.

    item = pmkit.transition(item, "in_progress", actor="zoe")
    report = pmkit.action_report([pm1, pm2])
    print(pmkit.render_action_report(report))

Items, postmortems and reports are dicts in the proto3 JSON mapping
(pmkit.v1.ActionItem, pmkit.v1.Postmortem, pmkit.v1.FollowThroughReport...).
A refused transition raises pmkit.Error whose message says why (status
FAILED_PRECONDITION for an illegal transition or an unmet guard). Every
function takes `options`: None for the defaults, or a pmkit.v1.ActionOptions
as a dict, JSON/text str or bytes (see docs/actions.md).
"""

import ctypes
import datetime
import json
import time

from . import _args
from . import _calls
from . import _capi
from . import _library

# Short names of pmkit.v1.ActionItemState, by number.
STATES = ("unspecified", "open", "in_progress", "blocked", "done", "verified",
          "wont_do")

_ENUM_PREFIX = "ACTION_ITEM_STATE_"
_ALIASES = {"inprogress": "in_progress", "wontdo": "wont_do"}


def _state(value):
    """A state argument -> its number. Short name, enum name or number."""
    if isinstance(value, bool):
        raise TypeError("a state must be a str or int, not bool")
    if isinstance(value, int):
        if 1 <= value < len(STATES):
            return value
        raise ValueError("unknown action-item state %d" % value)
    if not isinstance(value, str):
        raise TypeError("a state must be a str (\"in_progress\" or "
                        "\"ACTION_ITEM_STATE_IN_PROGRESS\"), not %s"
                        % type(value).__name__)
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    key = key.replace("'", "")
    if key.startswith(_ENUM_PREFIX.lower()):
        key = key[len(_ENUM_PREFIX):]
    key = _ALIASES.get(key, key)
    if key in STATES[1:]:
        return STATES.index(key)
    raise ValueError("unknown action-item state %r; expected one of %s"
                     % (value, ", ".join(STATES[1:])))


def _seconds(value, what):
    """None (now), int/float Unix seconds or a datetime -> (seconds, nanos)."""
    if value is None:
        value = time.time()
    if isinstance(value, bool):
        raise TypeError("%s must be a datetime or Unix seconds, not bool" % what)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # Naive datetimes are taken as UTC.
            value = value.replace(tzinfo=datetime.timezone.utc)
        delta = value - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
        seconds, rest = divmod(micros, 10**6)
        return seconds, rest * 1000
    if isinstance(value, int):
        return value, 0
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("%s must be finite" % what)
        if abs(value) > 1e13:  # beyond year 300,000: not a plausible time
            raise ValueError("%s %r is out of range" % (what, value))
        return divmod(int(round(value * 1e9)), 10**9)
    raise TypeError("%s must be a datetime, int or float Unix seconds or None, "
                    "not %s" % (what, type(value).__name__))


# Protobuf's Timestamp range, 0001-01-01 .. 9999-12-31.
_MIN_SECONDS = -62135596800
_MAX_SECONDS = 253402300799


def _rfc3339(seconds, nanos):
    if not _MIN_SECONDS <= seconds <= _MAX_SECONDS:
        raise ValueError("time %d is outside 0001-01-01..9999-12-31" % seconds)
    moment = datetime.datetime(1, 1, 1) + datetime.timedelta(
        seconds=seconds - _MIN_SECONDS)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += ".%09d" % nanos
    return text + "Z"


def _actor(value):
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("actor must not be empty")
        return {"personId": value}
    if isinstance(value, dict):
        return value
    raise TypeError("actor must be a person id (str) or a pmkit.v1.Actor dict, "
                    "not %s" % type(value).__name__)


def _evidence(values):
    if isinstance(values, (str, dict)):
        values = [values]
    links = []
    for value in values:
        if isinstance(value, str):
            links.append({"url": value})
        elif isinstance(value, dict):
            links.append(value)
        else:
            raise TypeError("evidence must be URLs (str) or pmkit.v1.Link dicts, "
                            "not %s" % type(value).__name__)
    return links


def _message(value, what):
    """A message argument (dict, str or bytes) -> (bytes, format)."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False,
                          allow_nan=False).encode("utf-8"), _args.Format.JSON
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value), _args.Format.AUTO
    if isinstance(value, str):
        return value.encode("utf-8"), _args.Format.AUTO
    raise TypeError("%s must be a dict, str or bytes, not %s"
                    % (what, type(value).__name__))


class _Engine:
    """An owned pmkit_actions handle for one call (None options: defaults)."""

    def __init__(self, options):
        self.handle = None
        if options is None:
            return
        raw, fmt = _message(options, "options")
        handle = _capi.ActionsPtr()
        _calls.call("pmkit_actions_new", raw, len(raw), int(fmt),
                    ctypes.byref(handle))
        self.handle = handle

    def __enter__(self):
        return self.handle

    def __exit__(self, *exc):
        if self.handle:
            _library.lib().pmkit_actions_free(self.handle)
            self.handle = None


def _event(to, actor, note, at, evidence, event_id):
    if not isinstance(note, str):
        raise TypeError("note must be a str, not %s" % type(note).__name__)
    if not isinstance(event_id, str):
        raise TypeError("event_id must be a str, not %s" % type(event_id).__name__)
    event = {"toState": _ENUM_PREFIX + STATES[_state(to)].upper(),
             "actor": _actor(actor)}
    if note:
        event["note"] = note
    links = _evidence(evidence)
    if links:
        event["evidence"] = links
    if event_id:
        event["eventId"] = event_id
    seconds, nanos = _seconds(at, "at")
    event["time"] = _rfc3339(seconds, nanos)
    return json.dumps(event, ensure_ascii=False).encode("utf-8"), seconds


def _json(out, what):
    return json.loads(_calls.decode(out, what))


def transition(item, to, *, actor, note="", at=None, evidence=(), event_id="",
               options=None):
    """Applies a state change to an action item; returns the new item dict.

    item: a pmkit.v1.ActionItem (dict in the JSON mapping, or serialized).
    to: "open", "in_progress", "blocked", "done", "verified", "wont_do" or the
      enum name ("ACTION_ITEM_STATE_DONE").
    actor: who makes the change: a person id or a pmkit.v1.Actor dict.
    note: the blocker, resolution or reason the guards ask for.
    at: when (datetime, Unix seconds; None = now).
    evidence: URLs or pmkit.v1.Link dicts (done, verified need them).
    event_id: makes the call idempotent: applying the same id again returns
      the item unchanged. Empty: "<item id>/<n>" is assigned.
    Raises pmkit.Error (FAILED_PRECONDITION) when the table or a guard
    refuses, with the reason in its message.
    """
    raw_item, item_fmt = _message(item, "item")
    raw_event, seconds = _event(to, actor, note, at, evidence, event_id)
    in_fmt = item_fmt if item_fmt is _args.Format.JSON else _args.Format.AUTO
    applied = ctypes.c_int()
    with _Engine(options) as engine:
        out = _calls.call_with_output(
            "pmkit_action_item_transition", engine, raw_item, len(raw_item),
            raw_event, len(raw_event), int(in_fmt), seconds,
            int(_args.Format.JSON), ctypes.byref(applied))
    return _json(out, "json")


def transition_postmortem(postmortem, item_id, to, *, actor, note="", at=None,
                          evidence=(), event_id="", options=None):
    """transition() for the item `item_id` of a postmortem; returns the
    updated postmortem dict. pmkit.Error NOT_FOUND when there is no such item.
    """
    if not isinstance(item_id, str):
        raise TypeError("item_id must be a str, not %s" % type(item_id).__name__)
    raw_pm, pm_fmt = _message(postmortem, "postmortem")
    raw_event, seconds = _event(to, actor, note, at, evidence, event_id)
    in_fmt = pm_fmt if pm_fmt is _args.Format.JSON else _args.Format.AUTO
    with _Engine(options) as engine:
        out = _calls.call_with_output(
            "pmkit_postmortem_transition", engine, raw_pm, len(raw_pm),
            item_id.encode("utf-8"), raw_event, len(raw_event), int(in_fmt),
            seconds, int(_args.Format.JSON), None)
    return _json(out, "json")


def action_status(postmortem, now=None, *, options=None):
    """Every action item's follow-up status at `now` (None = current time):
    a pmkit.v1.ActionStatusReport dict (items with dueTime, overdue, dueSoon,
    unowned, stalled, nextReminderTime; findings for contradictory
    histories)."""
    raw, fmt = _message(postmortem, "postmortem")
    seconds, _ = _seconds(now, "now")
    with _Engine(options) as engine:
        out = _calls.call_with_output(
            "pmkit_actions_evaluate", engine, raw, len(raw), int(fmt), seconds,
            int(_args.Format.JSON))
    return _json(out, "json")


def action_report(postmortems, now=None, *, options=None):
    """The follow-through report over postmortems (an iterable of dicts,
    serialized documents or pmkit.Postmortem), at `now` (None = current time):
    a pmkit.v1.FollowThroughReport dict."""
    if isinstance(postmortems, (dict, str, bytes, bytearray)):
        raise TypeError("postmortems must be an iterable of postmortems; wrap a "
                        "single one in a list")
    from ._postmortem import Postmortem
    blobs = []
    for pm in postmortems:
        if isinstance(pm, Postmortem):
            blobs.append(pm.serialize("binary"))
        elif isinstance(pm, dict):
            blobs.append(_message(pm, "postmortem")[0])
        else:
            blobs.append(_message(pm, "postmortem")[0])
    seconds, _ = _seconds(now, "now")
    count = len(blobs)
    pointers = (ctypes.c_void_p * max(count, 1))()
    sizes = (ctypes.c_size_t * max(count, 1))()
    buffers = []
    for i, blob in enumerate(blobs):
        buffer = ctypes.create_string_buffer(blob, len(blob))
        buffers.append(buffer)
        pointers[i] = ctypes.cast(buffer, ctypes.c_void_p)
        sizes[i] = len(blob)
    with _Engine(options) as engine:
        out = _calls.call_with_output(
            "pmkit_actions_report", engine, pointers, sizes, count,
            int(_args.Format.AUTO), seconds, int(_args.Format.JSON))
    return _json(out, "json")


def render_action_report(report):
    """Markdown for a FollowThroughReport or ActionStatusReport dict."""
    if not isinstance(report, dict):
        raise TypeError("report must be a dict, not %s" % type(report).__name__)
    kind = 1 if ("items" in report or "findings" in report) else 0
    raw, fmt = _message(report, "report")
    out = _calls.call_with_output("pmkit_actions_render_markdown", raw,
                                  len(raw), int(fmt), kind)
    return _calls.decode(out, "markdown")


def transition_table(*, options=None):
    """The transition table in use, as a pmkit.v1.TransitionTable dict."""
    with _Engine(options) as engine:
        out = _calls.call_with_output("pmkit_actions_transition_table", engine,
                                      int(_args.Format.JSON))
    return _json(out, "json")


def tracker_state(tracker, status, *, options=None):
    """The state (short name) a tracker's status string means:
    tracker_state("jira", "In Progress") == "in_progress"."""
    if not isinstance(tracker, str) or not isinstance(status, str):
        raise TypeError("tracker and status must be str")
    state = ctypes.c_int()
    with _Engine(options) as engine:
        _calls.call("pmkit_actions_map_tracker_status", engine,
                    tracker.encode("utf-8"), status.encode("utf-8"),
                    ctypes.byref(state))
    return STATES[state.value]
