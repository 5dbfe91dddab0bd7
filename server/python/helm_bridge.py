"""Expands HELM run entries with HELM itself, for the editor tooling: JSON lines over stdin/stdout.

Started by the language server with the interpreter that has HELM installed:

    python helm_bridge.py [--local-path=DIR] [--plugin=PATH_OR_MODULE]... [--work-dir=DIR]

Protocol: the helper first writes one hello line, `{"ready": true, "helmVersion": ...}` or
`{"ready": false, "error": ...}`. Then it reads one JSON request per line and writes one JSON
response per line, carrying the request's `id`:

    {"id": 1, "method": "expand", "description": "mmlu:subject=anatomy", "modelsToRun": [...],
     "priority": 2, "groupsToRun": [...], "entryPriority": 1, "groups": [...]}
    -> {"id": 1, "result": {"runSpecs": [...]}}
    or {"id": 1, "error": {"type": ..., "message": ..., "frames": [...], "frame": {...}, "refused": [...]}}
    {"id": 2, "method": "readRunEntries", "paths": ["run_entries.conf"]}
    -> {"id": 2, "result": {"entries": [{"description": ..., "priority": ..., "groups": ...}, ...]}}
    {"id": 2, "method": "ping"}      -> {"id": 2, "result": {"helmVersion": ..., "helmPath": ..., ...}}
    {"id": 3, "method": "shutdown"}  -> {"id": 3, "result": {}} and the helper exits.

`frame` is the innermost frame of HELM's own code (or a plugin's); `refused` lists the side effects the
sandbox stopped while the RunSpec was built (helm_bridge_sandbox.py): the helper never downloads, never
starts a process and writes only into its work folder. Only the standard library is used here.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

# The sibling modules, even when the interpreter runs with a safe path (-P, PYTHONSAFEPATH).
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from helm_bridge_helm import PROTOCOL_VERSION, Helm, helm_package_path  # noqa: E402
from helm_bridge_protocol import Protocol, error_json  # noqa: E402
from helm_bridge_sandbox import Sandbox  # noqa: E402


def watch_parent(work_dir):
    """Exit when the language server is gone, even while HELM is stuck in a request; the work folder
    goes too (no one else is left to remove it)."""
    import threading
    import time

    parent = os.getppid()

    def loop():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                shutil.rmtree(work_dir, ignore_errors=True)
                os._exit(0)

    threading.Thread(target=loop, name="parent-watch", daemon=True).start()


def start(args, work_dir):
    """Imports and configures HELM; returns (helm, hello line)."""
    try:
        helm = Helm(args.local_path, args.plugin, os.path.join(work_dir, "benchmark_output"))
    except ModuleNotFoundError as err:
        if err.name == "helm":
            return None, {"ready": False, "error": "HELM is not installed for %s" % sys.executable, "helmMissing": True}
        if err.name in ("helm.benchmark", "helm.benchmark.run"):
            # Another project's package called `helm` shadows HELM (crfm-helm).
            return None, {
                "ready": False,
                "error": "The `helm` package %s finds (%s) is not HELM (crfm-helm)" % (sys.executable, helm_package_path()),
                "helmMissing": True,
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


def serve(protocol, helm, sandbox):
    for raw in protocol.lines():
        line = raw.strip()
        if not line:
            continue
        request_id = None
        sandbox.begin()
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
            error = error_json(err, helm.is_helm_file)
            if sandbox.attempts:
                error["refused"] = sandbox.attempts
            try:
                protocol.send({"id": request_id, "error": error})
            except (TypeError, ValueError) as send_err:  # an id that is not JSON, for example
                protocol.send({"id": None, "error": error_json(send_err)})


def main():
    parser = argparse.ArgumentParser(description="Expands HELM run entries over JSON lines.")
    parser.add_argument("--local-path", default="prod_env")
    parser.add_argument("--plugin", action="append", default=[])
    parser.add_argument("--work-dir", default=None, help="the only folder the helper writes to (default: a new temporary one)")
    args = parser.parse_args()

    work_dir = tempfile.mkdtemp(prefix="helm-conf-bridge-") if args.work_dir is None else args.work_dir
    protocol = Protocol()
    watch_parent(work_dir)
    sandbox = Sandbox(work_dir)
    sandbox.install()
    try:
        helm, hello = start(args, work_dir)
        protocol.send(hello)
        if helm is None:
            # Stay until asked to stop or stdin closes, so the bridge reads the hello at its own pace.
            for _ in protocol.lines():
                pass
            return
        serve(protocol, helm, sandbox)
    finally:
        # However the helper ends (asked to, or its input closed because the server is gone), its folder goes.
        shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.stderr.flush()
    # Skip interpreter teardown: HELM's imports may leave non-daemon threads that would keep us alive.
    os._exit(0)
