"""Exceptions of pmkit, carrying the C ABI's status code and message.

The status names are copied from pmkit.h (they equal absl::StatusCode) rather
than asked of the library, so that an error can be built and shown even when
the library itself could not be loaded.
"""

STATUS_NAMES = {
    0: "OK",
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}

OK = 0
INVALID_ARGUMENT = 3
NOT_FOUND = 5
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
INTERNAL = 13


def status_name(status):
    """The name of a status code, "UNKNOWN_STATUS" outside the table (as C)."""
    return STATUS_NAMES.get(status, "UNKNOWN_STATUS")


class Error(Exception):
    """A pmkit call failed.

    Attributes:
      status: the C status code (an int equal to absl::StatusCode).
      status_name: its name, e.g. "INVALID_ARGUMENT".
      message: the library's message; it names the format and the position
        of the problem where one is known.
    """

    def __init__(self, status, message):
        # Both go to Exception.__init__ so that the exception pickles.
        super().__init__(status, message)
        self.status = int(status)
        self.status_name = status_name(self.status)
        self.message = message

    def __str__(self):
        return "%s: %s" % (self.status_name, self.message)


class LibraryError(Error, ImportError):
    """The pmkit shared library could not be found, loaded or accepted.

    An Error (so `except pmkit.Error` sees it) and an ImportError (it is what
    a failed import of a native module raises). Raised on first use, never by
    `import pmkit`.
    """
