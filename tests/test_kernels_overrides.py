"""kernels/ overrides and calls private parts of jupyter_client and ipykernel, and relies
on how nbclient calls them; pyproject.toml holds each to the minor version checked. Each
part is named here with its signature and, where kernels/ overrides or copies it, a hash
of its source: an upgrade that changes one fails here, loudly, rather than in a build in
some quieter way. To raise a bound: read what changed, fix the override, then record the
new signature or hash below."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
from importlib.metadata import version

import pytest

from bulletin.kernels import ForkedProcess

MANAGER, SERVER = "kernels/manager.py", "kernels/server.py"

# (where, which of our modules, what it does with it, its parameters, its source's hash:
# for what is overridden or copied; None for what is only called)
CHECKED = [
    ("jupyter_client.manager:KernelManager._reconcile_connection_info", MANAGER, "overrides",
     "(self, info)", "5392d13edc8b96ab"),
    ("jupyter_client.manager:KernelManager._async_pre_start_kernel", MANAGER, "overrides",
     "(self, *, transport_encryption=None, **kw)", "0ad304c9143e3bfd"),
    ("jupyter_client.manager:KernelManager._async_interrupt_kernel", MANAGER, "overrides",
     "(self)", "46b24a3a57e1d0e8"),
    # ThisPythonKernelManager.kernel_spec fills upstream's cache, _kernel_spec, itself
    ("jupyter_client.manager:KernelManager.kernel_spec", MANAGER, "overrides", "(self)",
     "78ad6d314e7e2902"),
    # ReadyClient's copy, without the wait for 0.2 s of silence on IOPub
    ("jupyter_client.client:KernelClient._async_wait_for_ready", MANAGER, "copies",
     "(self, timeout=None)", "0d732ad86fea3115"),
    ("jupyter_client.client:KernelClient._handle_kernel_info_reply", MANAGER, "calls", "(self, msg)", None),
    ("jupyter_client.client:KernelClient._async_is_alive", MANAGER, "calls", "(self)", None),
    # ForkProvisioner skips it for a forked kernel (it writes the connection file)
    ("jupyter_client.provisioning:LocalProvisioner.pre_launch", MANAGER, "overrides",
     "(self, **kwargs)", "2cb873ebeb4f5c1c"),
    # ForkProvisioner's copy sets what it sets, for a process it did not start
    ("jupyter_client.provisioning:LocalProvisioner.launch_kernel", MANAGER, "copies",
     "(self, cmd, **kwargs)", "5a5d3e639018fd53"),
    ("jupyter_client.provisioning:KernelProvisionerBase.pre_launch", MANAGER, "calls",
     "(self, **kwargs)", None),
    # the forked kernel's application: its key in memory, its ports reported on a pipe
    ("ipykernel.kernelapp:IPKernelApp.init_connection_file", SERVER, "overrides", "(self)",
     "926415a542e4cfd1"),
    ("ipykernel.kernelapp:IPKernelApp.write_connection_file", SERVER, "overrides", "(self, **kwargs)",
     "e4e8c8299fc0b18b"),
    ("ipykernel.kernelapp:IPKernelApp.load_connection_info", SERVER, "calls", "(self, info)", None),
]

# Upstream code that must still call what we override, in this order.
CALLERS = [
    ("jupyter_client.manager:KernelManager._async_start_kernel", MANAGER,
     ["self._async_pre_start_kernel("]),
    ("jupyter_client.manager:KernelManager._async_launch_kernel", MANAGER,
     ["self.provisioner.launch_kernel(", "self._reconcile_connection_info("]),
    ("jupyter_client.manager:KernelManager._async_shutdown_kernel", MANAGER,
     ["self._async_interrupt_kernel()"]),
    ("jupyter_client.manager:KernelManager._async_pre_start_kernel", MANAGER,
     ["if self.provisioner is None", "self.provisioner.pre_launch("]),
    ("ipykernel.kernelapp:IPKernelApp.initialize", SERVER,
     ["self.init_connection_file()", "self.init_sockets()", "self.init_heartbeat()",
      "self.write_connection_file()"]),
    # the client whose wait_for_ready it calls is ReadyClient
    ("nbclient.client:NotebookClient.async_start_new_kernel_client", MANAGER,
     ["self.km.client()", "self.kc.wait_for_ready("]),
]

# Attributes we read or set on upstream classes.
ATTRIBUTES = [
    ("jupyter_client.manager:KernelManager", MANAGER, ["_kernel_spec", "shutting_down"]),
    ("jupyter_client.provisioning:LocalProvisioner", MANAGER,
     ["process", "pid", "pgid", "cwd", "connection_info"]),
    ("ipykernel.kernelapp:IPKernelApp", SERVER,
     ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port", "parent_handle"]),
]


def _resolve(where: str):
    module, _, path = where.partition(":")
    found = importlib.import_module(module)
    for name in path.split("."):
        found = inspect.getattr_static(found, name) if inspect.isclass(found) else getattr(found, name)
    return found.fget if isinstance(found, property) else getattr(found, "__func__", found)


def _class_and_name(where: str) -> str:
    return where.partition(":")[2]


def _release(where: str) -> str:
    package = where.split(".")[0]
    return f"{package} {'.'.join(version(package).split('.')[:2])}"


def _parameters(function) -> str:
    signature = inspect.signature(function)
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
    return str(signature.replace(parameters=bare, return_annotation=inspect.Signature.empty))


def _found(where: str, ours: str, how: str):
    try:
        return _resolve(where)
    except AttributeError:
        pytest.fail(f"{_release(where)} no longer has {_class_and_name(where)}, which {ours} {how}: "
                    f"check the {_noun(how)} and update this test", pytrace=False)


def _noun(how: str) -> str:
    return {"overrides": "override", "copies": "copy", "calls": "call", "relies on": "use"}[how]


@pytest.mark.parametrize("where, ours, how, parameters, source", CHECKED,
                         ids=[entry[0].partition(":")[2] for entry in CHECKED])
def test_what_kernels_overrides_copies_or_calls_is_unchanged(where, ours, how, parameters, source):
    function = _found(where, ours, how)
    changed = (f"{_release(where)} changed {_class_and_name(where)}, which {ours} {how}: "
               f"check the {_noun(how)} and update this test")
    assert _parameters(function) == parameters, changed
    if source is not None:
        digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]
        assert digest == source, changed


@pytest.mark.parametrize("where, ours, calls", CALLERS,
                         ids=[entry[0].partition(":")[2] for entry in CALLERS])
def test_upstream_still_calls_what_kernels_overrides(where, ours, calls):
    text = inspect.getsource(_found(where, ours, "relies on"))
    places = [text.find(call) for call in calls]
    assert -1 not in places and places == sorted(places), (
        f"{_release(where)} changed {_class_and_name(where)}, which no longer calls {', '.join(calls)} "
        f"in that order, as {ours} relies on: check the overrides and update this test")


@pytest.mark.parametrize("where, ours, names", ATTRIBUTES,
                         ids=[entry[0].partition(":")[2] for entry in ATTRIBUTES])
def test_the_attributes_kernels_uses_are_still_there(where, ours, names):
    cls = _found(where, ours, "relies on")
    traits = cls.class_traits() if hasattr(cls, "class_traits") else {}
    missing = [name for name in names if name not in traits and not hasattr(cls, name)]
    assert not missing, (f"{_release(where)} no longer has {', '.join(missing)} on {cls.__name__}, "
                         f"which {ours} uses: check it and update this test")


def test_a_forked_kernel_offers_what_the_provisioner_uses_of_a_process():
    """ForkProvisioner hands LocalProvisioner a ForkedProcess where it expects a Popen."""
    from jupyter_client.provisioning import LocalProvisioner

    used = set(re.findall(r"self\.process\.(\w+)", inspect.getsource(LocalProvisioner)))
    used.discard("win32_interrupt_event")  # Windows only, where nothing is forked
    missing = sorted(name for name in used if not hasattr(ForkedProcess(0), name))
    assert not missing, (f"{_release('jupyter_client.provisioning')} LocalProvisioner now uses {', '.join(missing)} "
                         "of its process, which kernels/client.py's ForkedProcess lacks: add it and "
                         "update this test")


def test_the_bounds_in_pyproject_are_the_versions_checked_here():
    """The hashes above were taken from these releases; pyproject.toml allows no other minor."""
    from support import REPO

    declared = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for package in ("jupyter_client", "nbclient", "ipykernel"):
        major, minor = map(int, version(package).split(".")[:2])
        assert f'"{package}>={major}.{minor},<{major}.{minor + 1}"' in declared, package
