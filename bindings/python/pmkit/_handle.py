"""OwnedHandle: the lifecycle shared by every Python object that owns a C
handle (Postmortem, Validator, BlameDetector).

pmkit's C handles are immutable, so any number of threads may use one at once
(the C calls run without the GIL). Only freeing must not race with a use; C
leaves that to the caller, Python must not crash on it, so the object counts
its users and close() defers the free to the last of them.
"""

import threading

from . import _library


class OwnedHandle:
    """Base class. Subclasses set _free_function (the pmkit_*_free name) and
    _kind (the public class name for messages), call _own(handle) once the C
    call succeeded, and wrap every use in _acquire()/_release()."""

    _free_function = None
    _kind = "pmkit object"

    def _own(self, handle):
        self._handle = handle
        self._lock = threading.Lock()
        self._users = 0
        self._closing = False

    @property
    def closed(self):
        return getattr(self, "_closing", True)

    def close(self):
        """Releases the handle; further use raises ValueError. Idempotent."""
        lock = getattr(self, "_lock", None)
        if lock is None:
            return  # The constructor failed before owning a handle.
        with lock:
            if self._closing:
                return
            self._closing = True
            free_now = self._users == 0
        if free_now:
            self._free()

    def _free(self):
        handle, self._handle = self._handle, None
        if handle:
            getattr(_library.lib(), self._free_function)(handle)

    def _acquire(self):
        with self._lock:
            if self._closing or not self._handle:
                raise ValueError("operation on a closed %s" % self._kind)
            self._users += 1
            return self._handle

    def _release(self):
        with self._lock:
            self._users -= 1
            free_now = self._closing and self._users == 0
        if free_now:
            self._free()

    def __enter__(self):
        if self.closed:
            raise ValueError("operation on a closed %s" % self._kind)
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # At interpreter shutdown module globals may already be gone; leaking
        # then is harmless, raising from __del__ is not.
        try:
            self.close()
        except Exception:
            pass
