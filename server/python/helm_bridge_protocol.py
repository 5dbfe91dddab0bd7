"""The helper's JSON-lines channel to the language server, and how Python values and errors become JSON.

Standard library only: this file runs under the user's interpreter, beside HELM.
"""

import dataclasses
import enum
import io
import json
import math
import os
import sys
import threading
import traceback

# Nested values deeper than this are sent as text: RunSpecs are shallow, anything deeper is not ours.
MAX_DEPTH = 12
# Frames of a traceback sent with an error (the innermost ones).
MAX_FRAMES = 30


class Protocol:
    """Owns the real stdin/stdout; Python's own stdout and stdin are pointed elsewhere so that
    whatever HELM prints (print, logging, C extensions writing to fd 1) lands on stderr."""

    def __init__(self):
        out_fd = os.dup(1)
        in_fd = os.dup(0)
        os.dup2(2, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        sys.stdout = sys.stderr
        sys.stdin = io.TextIOWrapper(io.FileIO(os.devnull, "r"))
        self._out = io.FileIO(out_fd, "w", closefd=True)
        self._in = io.BufferedReader(io.FileIO(in_fd, "r", closefd=True))
        self._lock = threading.Lock()

    def send(self, message):
        # ASCII-only JSON: no encoding question on any platform; NaN/Infinity were already made text.
        data = (json.dumps(message, ensure_ascii=True, allow_nan=False) + "\n").encode("ascii")
        with self._lock:
            view = memoryview(data)
            while view:
                written = self._out.write(view)
                view = view[written:]

    def lines(self):
        while True:
            line = self._in.readline()
            if not line:
                return
            yield line


def to_json(value, depth=0):
    """Any value → JSON-safe data: dataclasses field by field, enums by value, the rest as text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= MAX_DEPTH:
        return safe_str(value)
    if isinstance(value, enum.Enum):
        return to_json(value.value, depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {}
        for field in dataclasses.fields(value):
            try:
                result[field.name] = to_json(getattr(value, field.name), depth + 1)
            except Exception as err:  # a property that raises must not lose the whole RunSpec
                result[field.name] = "<unreadable: %s>" % safe_str(err)
        return result
    if isinstance(value, dict):
        return {safe_str(k) if not isinstance(k, str) else k: to_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [to_json(v, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    return safe_str(value)


def safe_str(value):
    try:
        return str(value)
    except Exception:
        return "<%s>" % type(value).__name__


def frames_of(err):
    """The traceback's frames, innermost last: [{file, line, function}]."""
    try:
        summary = traceback.extract_tb(err.__traceback__)[-MAX_FRAMES:]
    except Exception:
        return []
    return [{"file": os.path.abspath(f.filename), "line": f.lineno or 0, "function": f.name} for f in summary]


def error_json(err, is_helm_file=None):
    """An exception as {type, message, traceback, frames, frame}: `frame` is the innermost frame in HELM's
    own code (or a plugin's), when `is_helm_file` says which files those are."""
    frames = frames_of(err)
    result = {
        "type": type(err).__name__,
        "message": safe_str(err),
        "traceback": "".join(traceback.format_exception(type(err), err, err.__traceback__)[-6:]),
        "frames": frames,
    }
    if is_helm_file is not None:
        for frame in reversed(frames):
            if is_helm_file(frame["file"]):
                result["frame"] = frame
                break
    return result
