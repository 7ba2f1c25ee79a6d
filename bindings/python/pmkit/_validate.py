"""pmkit.validate: postmortems checked against the rule catalog and a policy.

    report = pmkit.validate(pm)                  # default policy
    if not report.ok:
        for f in report.findings:
            print(f.severity, f.rule_id, f.path, f.message)
    with pmkit.Validator(policy) as v:           # compile a policy once
        v.validate(pm)

Reports cross the C ABI as JSON (pmkit.v1.Report) and become plain Python
objects here, so no protobuf package is needed.
"""

import ctypes
import json
import threading

from . import _args
from . import _calls
from . import _capi
from . import _library
from ._handle import OwnedHandle

_SEVERITIES = {
    "FINDING_SEVERITY_INFO": "info",
    "FINDING_SEVERITY_WARNING": "warning",
    "FINDING_SEVERITY_ERROR": "error",
}
_MIN_SEVERITY = {
    None: None,
    "info": "FINDING_SEVERITY_INFO",
    "warning": "FINDING_SEVERITY_WARNING",
    "error": "FINDING_SEVERITY_ERROR",
}


def _severity(value):
    return _SEVERITIES.get(value, "unspecified")


class Finding:
    """One problem found: rule_id, severity ("error"/"warning"/"info"),
    path (text, e.g. "action_items[2].owner_id"), path_elements (list of
    dicts with field_name, field_number and index/key), message, suggestion,
    category, excerpt."""

    __slots__ = ("rule_id", "severity", "path", "path_elements", "message",
                 "suggestion", "category", "excerpt")

    def __init__(self, data):
        self.rule_id = data.get("ruleId", "")
        self.severity = _severity(data.get("severity"))
        self.path = data.get("pathText", "")
        elements = []
        for e in data.get("path", {}).get("elements", []):
            element = {"field_name": e.get("fieldName", ""),
                       "field_number": e.get("fieldNumber", 0)}
            if "index" in e:
                element["index"] = int(e["index"])
            if "key" in e:
                element["key"] = e["key"]
            elements.append(element)
        self.path_elements = elements
        self.message = data.get("message", "")
        self.suggestion = data.get("suggestion", "")
        self.category = data.get("category", "")
        self.excerpt = data.get("excerpt", "")

    def __repr__(self):
        return "<pmkit.Finding %s %s at %s>" % (self.severity, self.rule_id,
                                                self.path or "<document>")


class Report:
    """The findings of one validation run.

    findings: list of Finding, in document order.
    ok: True when no finding has severity "error".
    document: the document's name.
    """

    def __init__(self, data):
        self.document = data.get("document", "")
        self.findings = [Finding(f) for f in data.get("findings", [])]
        self._data = data

    @property
    def ok(self):
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self):
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self):
        """The pmkit.v1.Report in the proto3 JSON mapping."""
        return json.loads(json.dumps(self._data))

    def __len__(self):
        return len(self.findings)

    def __repr__(self):
        return "<pmkit.Report %s: %d finding(s), ok=%s>" % (
            self.document or "<document>", len(self.findings), self.ok)


class Rule:
    """One rule of the catalog: id, family, default_severity, severity (under
    the policy in effect), enabled, description, rationale."""

    __slots__ = ("id", "family", "default_severity", "severity", "enabled",
                 "description", "rationale")

    def __init__(self, data):
        self.id = data.get("id", "")
        self.family = data.get("family", "RULE_FAMILY_UNSPECIFIED")
        self.default_severity = _severity(data.get("defaultSeverity"))
        self.severity = _severity(data.get("severity"))
        self.enabled = bool(data.get("enabled", False))
        self.description = data.get("description", "")
        self.rationale = data.get("rationale", "")

    def __repr__(self):
        return "<pmkit.Rule %s (%s)>" % (self.id, self.severity)


def _policy_bytes(policy):
    """(bytes, Format) for a policy: None, dict, str, bytes-like."""
    if policy is None:
        return None, _args.Format.AUTO
    if isinstance(policy, dict):
        return (json.dumps(policy, ensure_ascii=False, allow_nan=False)
                .encode("utf-8"), _args.Format.JSON)
    if isinstance(policy, str):
        return policy.encode("utf-8"), _args.Format.AUTO
    if isinstance(policy, (bytes, bytearray, memoryview)):
        return memoryview(policy).tobytes(), _args.Format.AUTO
    raise TypeError("a policy must be None, a dict, str or bytes, not %s"
                    % type(policy).__name__)


class Validator(OwnedHandle):
    """A compiled policy (pmkit_validator). Immutable and thread-safe: share
    one across threads; close() it (or use `with`) when done."""

    _free_function = "pmkit_validator_free"
    _kind = "pmkit.Validator"

    def __init__(self, policy=None):
        """policy: None (the default policy), a dict (proto3 JSON mapping of
        pmkit.v1.Policy), or str/bytes in JSON or text format. Raises
        pmkit.Error (INVALID_ARGUMENT) for a policy the engine refuses."""
        raw, fmt = _policy_bytes(policy)
        handle = _capi.ValidatorPtr()
        _calls.call("pmkit_validator_new", raw, 0 if raw is None else len(raw),
                    int(fmt), ctypes.byref(handle))
        self._own(handle)

    def validate(self, pm, format=None, document=None, min_severity=None):
        """Validates a postmortem (dict, bytes, str or pmkit.Postmortem).

        document: the name to record in the report (default: the id).
        min_severity: None, "info", "warning" or "error".
        Returns a Report; raises pmkit.Error when the document is malformed.
        """
        from ._postmortem import Postmortem
        if isinstance(pm, Postmortem):
            pm = pm.serialize("binary")
            format = "binary"
        raw, fmt = _args.document(pm, _args.input_format(format))
        if min_severity not in _MIN_SEVERITY:
            raise ValueError("min_severity must be None, 'info', 'warning' "
                             "or 'error', not %r" % (min_severity,))
        if document is not None and not isinstance(document, str):
            raise TypeError("document must be a str, not %s"
                            % type(document).__name__)
        options = {}
        if document:
            options["document"] = document
        if min_severity:
            options["minSeverity"] = _MIN_SEVERITY[min_severity]
        opt = json.dumps(options).encode("utf-8") if options else None
        handle = self._acquire()
        try:
            out = _calls.call_with_output(
                "pmkit_validator_validate", handle, raw, len(raw), int(fmt),
                opt, 0 if opt is None else len(opt), int(_args.Format.JSON))
        finally:
            self._release()
        return Report(json.loads(_calls.decode(out, "json")))

    def rules(self):
        """The catalog with severity and enabled under this policy."""
        handle = self._acquire()
        try:
            out = _calls.call_with_output("pmkit_validator_rules", handle,
                                          int(_args.Format.JSON))
        finally:
            self._release()
        return [Rule(r) for r in json.loads(out.decode("utf-8")).get("rules", [])]

    @property
    def policy(self):
        """The policy in effect, as a dict (proto3 JSON mapping)."""
        handle = self._acquire()
        try:
            out = _calls.call_with_output("pmkit_validator_policy", handle,
                                          int(_args.Format.JSON))
        finally:
            self._release()
        return json.loads(out.decode("utf-8"))


_default_lock = threading.Lock()
_default = None


def _default_validator():
    global _default
    with _default_lock:
        if _default is None:
            _default = Validator()
        return _default


def validate(pm, policy=None, format=None):
    """Validates a postmortem; returns a Report with .findings and .ok.

    policy: None (the default policy, compiled once per process), a
    pmkit.Validator, or a policy as Validator() takes it (compiled for this
    call; make a Validator to reuse one).
    """
    if isinstance(policy, Validator):
        return policy.validate(pm, format=format)
    if policy is None:
        return _default_validator().validate(pm, format=format)
    with Validator(policy) as v:
        return v.validate(pm, format=format)


def rules():
    """The built-in rule catalog: a list of Rule, each with its id."""
    out = _calls.call_with_output("pmkit_validator_rules", None,
                                  int(_args.Format.JSON))
    return [Rule(r) for r in json.loads(out.decode("utf-8")).get("rules", [])]


def default_policy():
    """The default policy shipped with the library, as a dict."""
    return _default_validator().policy
