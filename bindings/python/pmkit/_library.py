"""Finds and loads the pmkit shared library, lazily, on first use.

The ladder, first match wins:
  1. pmkit.set_library_path(path), called before first use;
  2. the PMKIT_LIBRARY environment variable;
  3. a copy shipped in the package, pmkit/_lib/libpmkit.so*;
  4. ctypes.util.find_library("pmkit") (ldconfig's cache, LD_LIBRARY_PATH).
Steps 1 and 2 are explicit requests: when they name something that cannot be
loaded the error says so, rather than silently falling back to another copy.
The same holds for a bundled copy that exists but does not load.

A library of another major version is refused: within one major version the
C ABI only grows, across majors it may change incompatibly. Loading happens on
first use so that `import pmkit` never fails because the library is missing;
a failed load is not cached, so the caller may fix the setting and retry.
"""

import ctypes
import ctypes.util
import glob
import os
import threading

from . import _capi
from . import _errors

# The major version of the C ABI this package binds (PMKIT_VERSION_MAJOR).
EXPECTED_MAJOR = 0
ENV_VAR = "PMKIT_LIBRARY"
BUNDLED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib")

_BUNDLED_ORIGIN = "the copy bundled in the pmkit package"

_lock = threading.Lock()
_explicit_path = None
_lib = None
_lib_path = None


def set_library_path(path):
    """Uses the library at `path` (step 1 of the ladder); call before first use.

    Raises RuntimeError when another library has already been loaded: a
    process cannot swap the library its objects were made with.
    """
    global _explicit_path
    path = os.fspath(path)
    with _lock:
        if _lib is not None and path != _lib_path:
            raise RuntimeError(
                "pmkit already loaded %s; call set_library_path() before the "
                "first pmkit call" % _lib_path)
        _explicit_path = path


def library_path():
    """Where the loaded library came from (loads it if needed)."""
    lib()
    return _lib_path


def lib():
    """The loaded, bound and version-checked library; raises LibraryError."""
    loaded = _lib
    if loaded is not None:
        return loaded
    with _lock:
        if _lib is None:
            _load()
        return _lib


def _bundled():
    """Bundled copies, the SONAME libpmkit.so.0 first."""
    found = sorted(glob.glob(os.path.join(BUNDLED_DIR, "libpmkit.so*")))
    preferred = os.path.join(BUNDLED_DIR, "libpmkit.so.%d" % EXPECTED_MAJOR)
    found.sort(key=lambda p: p != preferred)
    return found


def _preload_bundled_dependencies():
    """Loads the other libraries shipped in _lib (libpmkit_core.so.*).

    The dynamic loader reuses an already loaded library whose SONAME matches a
    DT_NEEDED entry, so this makes the bundled copy work wherever the package
    is installed, whatever RUNPATH the build gave it. Failures are left for
    the load of libpmkit itself to report.
    """
    for path in sorted(glob.glob(os.path.join(BUNDLED_DIR, "lib*.so*"))):
        if os.path.basename(path).startswith("libpmkit.so"):
            continue
        try:
            ctypes.CDLL(path)
        except OSError:
            pass


def _open(path, origin):
    if origin == _BUNDLED_ORIGIN:
        _preload_bundled_dependencies()
    try:
        cdll = ctypes.CDLL(path)
    except OSError as e:
        hint = ""
        if os.sep in path and not os.path.exists(path):
            hint = " (no such file)"
        raise _errors.LibraryError(
            _errors.NOT_FOUND,
            "cannot load the pmkit library %s from %s%s: %s"
            % (path, origin, hint, e)) from e
    _capi.bind(cdll, path)
    number = cdll.pmkit_version_number()
    if number // 10000 != EXPECTED_MAJOR:
        raise _errors.LibraryError(
            _errors.FAILED_PRECONDITION,
            "the pmkit library %s (from %s) is version %s, major %d; this "
            "Python package (pmkit %s) needs major %d"
            % (path, origin, cdll.pmkit_version_string().decode("ascii", "replace"),
               number // 10000, _package_version(), EXPECTED_MAJOR))
    return cdll


def _package_version():
    from . import __version__
    return __version__


def _candidate():
    """(path, origin) of the first step of the ladder that names a library."""
    if _explicit_path is not None:
        return _explicit_path, "pmkit.set_library_path()"
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], "the %s environment variable" % ENV_VAR
    bundled = _bundled()
    if bundled:
        return bundled[0], _BUNDLED_ORIGIN
    name = ctypes.util.find_library("pmkit")
    if name:
        return name, 'ctypes.util.find_library("pmkit")'
    raise _errors.LibraryError(
        _errors.NOT_FOUND,
        "cannot find the pmkit shared library (libpmkit.so.%d). Looked at: "
        "pmkit.set_library_path(): not called; %s: not set; bundled copy %s: "
        "none; ctypes.util.find_library(\"pmkit\"): not found. Set %s to its "
        "path or call pmkit.set_library_path()."
        % (EXPECTED_MAJOR, ENV_VAR, os.path.join(BUNDLED_DIR, "libpmkit.so*"),
           ENV_VAR))


def _load():
    global _lib, _lib_path
    path, origin = _candidate()
    cdll = _open(path, origin)
    # Path first: lib() reads _lib without the lock.
    _lib_path = path
    _lib = cdll
