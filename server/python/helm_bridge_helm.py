"""HELM's own functions, imported and configured the way `helm-run` does before it builds RunSpecs.

Everything HELM-specific is imported from the `helm` package the interpreter finds; this file itself uses
the standard library only.
"""

import os
import re
import sys

from helm_bridge_protocol import safe_str, to_json

PROTOCOL_VERSION = 2


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


def helm_package_path():
    try:
        import helm

        return getattr(helm, "__file__", None) or list(getattr(helm, "__path__", []))[0]
    except Exception:
        return "?"


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
        self.plugin_files = set()
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
                if plugin.endswith(".py"):
                    self.plugin_files.add(os.path.realpath(plugin))
            except Exception as err:
                self.plugin_errors.append("%s: %s: %s" % (plugin, type(err).__name__, err))

        # HELM walks its run_specs package (pkgutil) again at every get_run_spec_function call: the walk
        # finds the same modules each time, so the bridge walks it once (half its time on HELM's corpus).
        try:
            from helm.benchmark import run_spec as run_spec_module

            discover = getattr(run_spec_module, "discover_run_spec_functions", None)
            if discover is not None:
                discover()
                run_spec_module.discover_run_spec_functions = lambda: None
        except Exception as err:
            self.plugin_errors.append("run spec functions: %s: %s" % (type(err).__name__, err))

        # Some run spec functions read the benchmark output path while they build the RunSpec.
        try:
            from helm.benchmark import runner

            setter = getattr(runner, "set_benchmark_output_path", None)
            if setter is not None:
                os.makedirs(output_path, exist_ok=True)
                setter(output_path)
        except Exception as err:
            self.plugin_errors.append("benchmark output path: %s: %s" % (type(err).__name__, err))

    def is_helm_file(self, path):
        """HELM's own code or a plugin's: where the innermost frame of an error is looked for."""
        return path.startswith(self.helm_path + os.sep) or os.path.realpath(path) in self.plugin_files

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
