"""Expands HELM run entries with HELM itself, for the editor tooling: JSON lines over stdin/stdout.

Started by the language server with the interpreter that has HELM installed:

    python helm_bridge.py [--local-path DIR] [--plugin PATH_OR_MODULE]... [--output-path DIR]

Protocol: the helper first writes one hello line, `{"ready": true, "helmVersion": ...}` or
`{"ready": false, "error": ...}`. Then it reads one JSON request per line and writes one JSON
response per line, carrying the request's `id`:

    {"id": 1, "method": "expand", "description": "mmlu:subject=anatomy", "modelsToRun": [...],
     "priority": 2, "groupsToRun": [...], "entryPriority": 1, "groups": [...]}
    -> {"id": 1, "result": {"runSpecs": [...]}}  or  {"id": 1, "error": {"type": ..., "message": ...}}
    {"id": 2, "method": "readRunEntries", "paths": ["run_entries.conf"]}
    -> {"id": 2, "result": {"entries": [{"description": ..., "priority": ..., "groups": ...}, ...]}}
    {"id": 2, "method": "ping"}      -> {"id": 2, "result": {"helmVersion": ..., "helmPath": ..., ...}}
    {"id": 3, "method": "shutdown"}  -> {"id": 3, "result": {}} and the helper exits.

Only the standard library is used here; everything HELM-specific is imported from the `helm` package
the interpreter finds, through the same functions `helm-run` calls.
"""

import argparse
import dataclasses
import enum
import io
import json
import math
import os
import re
import sys
import tempfile
import threading
import time
import traceback

PROTOCOL_VERSION = 1
# Nested values deeper than this are sent as text: RunSpecs are shallow, anything deeper is not ours.
MAX_DEPTH = 12


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


def object_spec_json(spec):
    """A ScenarioSpec / MetricSpec / AnnotatorSpec (HELM's ObjectSpec) as {className, args}."""
    if spec is None:
        return None
    args = getattr(spec, "args", None)
    return {
        "className": safe_str(getattr(spec, "class_name", type(spec).__name__)),
        "args": to_json(args) if isinstance(args, dict) else {},
    }


def run_spec_json(run_spec):
    annotators = getattr(run_spec, "annotators", None)
    return {
        "name": safe_str(getattr(run_spec, "name", "")),
        "scenarioSpec": object_spec_json(getattr(run_spec, "scenario_spec", None)),
        "adapterSpec": to_json(getattr(run_spec, "adapter_spec", None)),
        "metricSpecs": [object_spec_json(m) for m in (getattr(run_spec, "metric_specs", None) or [])],
        "groups": [safe_str(g) for g in (getattr(run_spec, "groups", None) or [])],
        "annotators": None if annotators is None else [object_spec_json(a) for a in annotators],
        "dataAugmenterSpec": to_json(getattr(run_spec, "data_augmenter_spec", None)),
    }


def error_json(err):
    return {
        "type": type(err).__name__,
        "message": safe_str(err),
        "traceback": "".join(traceback.format_exception(type(err), err, err.__traceback__)[-6:]),
    }


def helm_version(helm_path):
    """The version of the HELM that was imported: a source checkout's pyproject.toml first (the installed
    distribution's metadata may belong to another copy), then the package metadata."""
    for candidate in (os.path.join(helm_path, "..", "pyproject.toml"), os.path.join(helm_path, "..", "..", "pyproject.toml")):
        try:
            with open(candidate, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            continue
        if re.search(r'^name\s*=\s*"crfm-helm"', text, re.M):
            match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
            if match:
                return match.group(1)
    try:
        from importlib import metadata

        return metadata.version("crfm-helm")
    except Exception:
        return "unknown"


def watch_parent():
    """Exit when the language server is gone, even while HELM is stuck in a request."""
    parent = os.getppid()

    def loop():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=loop, name="parent-watch", daemon=True).start()


class Helm:
    """HELM's functions, imported and configured the way `helm-run` does before it builds RunSpecs."""

    def __init__(self, local_path, plugins, output_path):
        import helm  # noqa: F401  (ImportError here means HELM is not installed)
        from helm.benchmark import run as helm_run_module
        from helm.benchmark.config_registry import (
            register_builtin_configs_from_helm_package,
            register_configs_from_directory,
        )
        from helm.benchmark.presentation.run_entry import RunEntry

        self.helm_path = os.path.dirname(os.path.abspath(helm.__file__)) if getattr(helm, "__file__", None) else list(helm.__path__)[0]
        self.version = helm_version(self.helm_path)
        self.run_module = helm_run_module
        self.RunEntry = RunEntry
        self.plugin_errors = []
        self.expand_requests = 0

        register_builtin_configs_from_helm_package()
        if local_path:
            register_configs_from_directory(local_path)

        # helm-run loads entry-point plugins and then --plugins; a broken plugin is reported, not fatal,
        # so that every other entry still expands.
        load_entry_points = getattr(helm_run_module, "load_entry_point_plugins", None)
        if load_entry_points is not None:
            try:
                load_entry_points()
            except Exception as err:
                self.plugin_errors.append("entry points: %s: %s" % (type(err).__name__, err))
        import_user_plugins = getattr(helm_run_module, "import_user_plugins", None)
        for plugin in plugins:
            try:
                if import_user_plugins is None:
                    raise ImportError("this HELM has no --plugins support")
                import_user_plugins([plugin])
            except Exception as err:
                self.plugin_errors.append("%s: %s: %s" % (plugin, type(err).__name__, err))

        # Some run spec functions read the benchmark output path while they build the RunSpec.
        try:
            from helm.benchmark import runner

            setter = getattr(runner, "set_benchmark_output_path", None)
            if setter is not None:
                os.makedirs(output_path, exist_ok=True)
                setter(output_path)
        except Exception as err:
            self.plugin_errors.append("benchmark output path: %s: %s" % (type(err).__name__, err))

    def check_models_to_run(self, models_to_run):
        """helm-run refuses an unknown --models-to-run model before it expands anything."""
        try:
            from helm.benchmark import model_metadata_registry
            from helm.benchmark.model_deployment_registry import ModelDeploymentNotFoundError, get_model_deployment
        except ImportError:
            return
        all_models = set(model_metadata_registry.get_all_models())
        for model in models_to_run:
            if model not in all_models:
                try:
                    get_model_deployment(model)
                except ModelDeploymentNotFoundError:
                    raise ValueError("Unknown model '%s' passed to --models-to-run" % model)

    def expand(self, request):
        self.expand_requests += 1
        description = request.get("description")
        if not isinstance(description, str):
            raise TypeError("description must be a string")
        models_to_run = string_list(request.get("modelsToRun"), "modelsToRun")
        groups_to_run = string_list(request.get("groupsToRun"), "groupsToRun")
        groups = string_list(request.get("groups"), "groups")
        priority = optional_int(request.get("priority"), "priority")
        entry_priority = request.get("entryPriority")
        if models_to_run:
            self.check_models_to_run(models_to_run)
        entry = self.RunEntry(description=description, priority=entry_priority, groups=groups)
        run_specs = self.run_module.run_entries_to_run_specs(
            run_entries=[entry],
            models_to_run=models_to_run,
            groups_to_run=groups_to_run,
            priority=priority,
        )
        return {"runSpecs": [run_spec_json(r) for r in run_specs]}

    def read_run_entries(self, request):
        """The run entries of conf files as helm-run reads them (pyhocon, then dacite)."""
        from helm.benchmark.presentation.run_entry import read_run_entries

        paths = string_list(request.get("paths"), "paths") or []
        entries = read_run_entries(paths).entries
        return {
            "entries": [
                {"description": to_json(e.description), "priority": to_json(e.priority), "groups": to_json(e.groups)}
                for e in entries
            ]
        }

    def ping(self):
        return {
            "helmVersion": self.version,
            "helmPath": self.helm_path,
            "python": sys.executable,
            "protocol": PROTOCOL_VERSION,
            "expandRequests": self.expand_requests,
            "pluginErrors": self.plugin_errors,
        }


def string_list(value, what):
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("%s must be a list of strings" % what)
    return value


def optional_int(value, what):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an integer" % what)
    return value


def helm_package_path():
    try:
        import helm

        return getattr(helm, "__file__", None) or list(getattr(helm, "__path__", []))[0]
    except Exception:
        return "?"


def start(args):
    """Imports and configures HELM; returns (helm, hello line)."""
    try:
        helm = Helm(args.local_path, args.plugin, args.output_path)
    except ModuleNotFoundError as err:
        if err.name == "helm":
            return None, {"ready": False, "error": "HELM is not installed for %s" % sys.executable}
        if err.name in ("helm.benchmark", "helm.benchmark.run"):
            # Another project's package called `helm` shadows HELM (crfm-helm).
            return None, {
                "ready": False,
                "error": "The `helm` package %s finds (%s) is not HELM (crfm-helm)" % (sys.executable, helm_package_path()),
            }
        return None, {
            "ready": False,
            "error": "HELM could not be imported with %s: %s" % (sys.executable, err),
            "detail": error_json(err),
        }
    except BaseException as err:  # noqa: B902 (a SystemExit from an import must not end the helper silently)
        return None, {
            "ready": False,
            "error": "HELM failed to start with %s: %s: %s" % (sys.executable, type(err).__name__, err),
            "detail": error_json(err),
        }
    hello = {"ready": True, "protocol": PROTOCOL_VERSION}
    hello.update(helm.ping())
    return helm, hello


def serve(protocol, helm):
    for raw in protocol.lines():
        line = raw.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line.decode("utf-8"))
            if not isinstance(request, dict):
                raise TypeError("a request must be a JSON object")
            request_id = request.get("id")
            method = request.get("method")
            if method == "expand":
                result = helm.expand(request)
            elif method == "readRunEntries":
                result = helm.read_run_entries(request)
            elif method == "ping":
                result = helm.ping()
            elif method == "shutdown":
                protocol.send({"id": request_id, "result": {}})
                return
            else:
                raise ValueError("Unknown method: %r" % (method,))
            protocol.send({"id": request_id, "result": result})
        except BaseException as err:  # noqa: B902 (HELM code calling sys.exit must not end the helper)
            if isinstance(err, KeyboardInterrupt):
                return
            try:
                protocol.send({"id": request_id, "error": error_json(err)})
            except (TypeError, ValueError) as send_err:  # an id that is not JSON, for example
                protocol.send({"id": None, "error": error_json(send_err)})


def main():
    parser = argparse.ArgumentParser(description="Expands HELM run entries over JSON lines.")
    parser.add_argument("--local-path", default="prod_env")
    parser.add_argument("--plugin", action="append", default=[])
    parser.add_argument("--output-path", default=os.path.join(tempfile.gettempdir(), "helm-conf-benchmark-output"))
    args = parser.parse_args()

    protocol = Protocol()
    watch_parent()
    helm, hello = start(args)
    protocol.send(hello)
    if helm is None:
        # Stay until asked to stop or stdin closes, so the bridge reads the hello at its own pace.
        for _ in protocol.lines():
            pass
        return
    serve(protocol, helm)


if __name__ == "__main__":
    main()
    sys.stderr.flush()
    # Skip interpreter teardown: HELM's imports may leave non-daemon threads that would keep us alive.
    os._exit(0)
