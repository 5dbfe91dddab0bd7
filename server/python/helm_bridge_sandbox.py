"""The helper's sandbox: no network (sockets, DNS), no subprocess, no write outside its own folder.

The helper only builds RunSpecs (for checking, hover and previews), and building one must never have a
side effect: a run spec function that would download its data set, start a program or write a file is
stopped at that point, and the attempt is recorded so that the editor can say what it would have done.
Python's audit hooks (PEP 578) see every such operation, from Python code and from C extensions that
go through the interpreter; the socket functions are also wrapped at module level, in front of any
wrapper installed earlier (a sitecustomize that blocks the network its own way, for example).
Standard library only.
"""

import os
import socket
import sys
import tempfile
import threading

# Operations that write to a path given as their first argument, with the position of the folder
# descriptor (`dir_fd`) a relative path is resolved against, when the event has one.
_WRITE_PATH_EVENTS = {
    "os.mkdir": 2, "os.rmdir": 1, "os.remove": 1, "os.truncate": None, "os.chmod": 2, "os.chown": 3,
    "os.utime": 3, "os.chflags": None, "os.lchflags": None, "os.setxattr": None, "os.removexattr": None,
    "shutil.rmtree": 1, "shutil.chown": None,
}
# Operations that write to their second argument (the target), likewise.
_WRITE_TARGET_EVENTS = {"os.rename": 3, "os.link": 3, "os.symlink": 2, "shutil.copyfile": None, "shutil.copymode": None,
                        "shutil.copystat": None, "shutil.copytree": None, "shutil.move": None}
_PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                   "os.forkpty", "os.startfile", "pty.spawn"}
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr", "socket.getnameinfo", "socket.sendto", "socket.sendmsg",
                   "socket.bind", "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect",
                   "imaplib.open", "poplib.connect", "nntplib.connect", "telnetlib.Telnet.open"}
_DOWNLOADERS = {"wget", "curl", "gdown", "git", "aria2c"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class SandboxRefused(PermissionError):
    """Raised where HELM would have had a side effect while building a RunSpec."""


class Sandbox:
    """Installed once per process (audit hooks cannot be removed); `attempts` lists what was refused
    since the last `begin()`, as {kind: 'download' | 'process' | 'write', what}."""

    def __init__(self, folder):
        self.folder = os.path.realpath(folder)
        self.attempts = []
        # Set while the hook itself runs (per thread): what it calls must not be judged again.
        self._local = threading.local()

    def install(self):
        # Temporary files of HELM and its libraries land in the sandbox folder, where writing is allowed.
        tempfile.tempdir = self.folder
        for name in ("TMPDIR", "TEMP", "TMP"):
            os.environ[name] = self.folder
        self._wrap_socket_functions()
        sys.addaudithook(self._hook)

    def begin(self):
        self.attempts = []

    def _refuse(self, kind, what, message):
        self.attempts.append({"kind": kind, "what": what})
        raise SandboxRefused("refused while building RunSpecs (the editor tooling never has side effects): %s" % message)

    def _allowed_path(self, path, dir_fd=None):
        if isinstance(path, int):
            return True  # an open file descriptor: whatever opened it was checked then
        try:
            text = os.fsdecode(os.fspath(path))
        except TypeError:
            return False
        if text == os.devnull:
            return True
        base = os.getcwd()
        if isinstance(dir_fd, int) and dir_fd >= 0:
            try:
                base = os.readlink("/proc/self/fd/%d" % dir_fd)
            except OSError:
                return False  # a folder descriptor we cannot place: refuse rather than guess
        full = os.path.realpath(os.path.join(base, text))
        return full == self.folder or full.startswith(self.folder + os.sep)

    def _hook(self, event, args):
        if getattr(self._local, "inside", False):
            return
        self._local.inside = True
        try:
            self._judge(event, args)
        finally:
            self._local.inside = False

    def _judge(self, event, args):
        if event == "open":
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            mode = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
            if (flags & _WRITE_FLAGS or any(c in mode for c in "wax+")) and not self._allowed_path(args[0]):
                self._refuse_write(args[0])
        elif event in _WRITE_PATH_EVENTS:
            if args and not self._allowed_path(args[0], _arg(args, _WRITE_PATH_EVENTS[event])):
                self._refuse_write(args[0])
        elif event in _WRITE_TARGET_EVENTS:
            if len(args) > 1 and not self._allowed_path(args[1], _arg(args, _WRITE_TARGET_EVENTS[event])):
                self._refuse_write(args[1])
        elif event == "sqlite3.connect":
            database = args[0] if args else ""
            if database not in ("", ":memory:") and not self._allowed_path(database):
                self._refuse_write(database)
        elif event in _PROCESS_EVENTS:
            self._refuse_process(event, args)
        elif event in _NETWORK_EVENTS:
            self._refuse_network(event, args)

    def _refuse_write(self, path):
        try:
            shown = os.fsdecode(os.fspath(path)) if not isinstance(path, int) else str(path)
        except TypeError:
            shown = repr(path)
        self._refuse("write", shown, "writing %s" % shown)

    def _refuse_process(self, event, args):
        argv = []
        if event == "subprocess.Popen" and len(args) > 1:
            argv = args[1] if isinstance(args[1], (list, tuple)) else [args[1]]
        elif event in ("os.exec", "os.posix_spawn") and len(args) > 1:
            argv = list(args[1])
        elif event == "os.system" and args:
            argv = [args[0]]
        words = [os.fsdecode(a) if isinstance(a, (bytes, str)) else str(a) for a in argv]
        command = " ".join(words) if words else event
        program = os.path.basename(words[0].split()[0]) if words and words[0].split() else ""
        url = next((w for w in words if "://" in w), None)
        if program in _DOWNLOADERS and url:
            self._refuse("download", url, "downloading %s with %s" % (url, program))
        self._refuse("process", command[:300], "running `%s`" % command[:300])

    def _refuse_network(self, event, args):
        if event == "urllib.Request" and args:
            what = str(args[0])
        elif event == "http.client.connect" and len(args) > 2:
            what = "%s:%s" % (args[1], args[2])
        elif event in ("socket.connect", "socket.sendto", "socket.bind") and len(args) > 1:
            what = _address_text(args[1])
        elif args:
            what = _address_text(args[0]) if not isinstance(args[0], str) else args[0]
        else:
            what = event
        self._refuse("download", what, "network access to %s (%s)" % (what, event))

    def _wrap_socket_functions(self):
        """Module-level wrappers in front of whatever the socket module holds now: the audit hook alone
        would come after a Python-level wrapper installed earlier."""
        sandbox = self

        def guard(event, original, where):
            def wrapper(*args, **kwargs):
                # The socket methods get the socket first; the functions get the host or address first.
                target = args[1] if where == "method" and len(args) > 1 else (args[0] if args else None)
                what = target if isinstance(target, str) else _address_text(target)
                sandbox._refuse("download", what, "network access to %s (%s)" % (what, event))
                return original(*args, **kwargs)

            wrapper.__name__ = getattr(original, "__name__", event)
            return wrapper

        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
            original = getattr(socket, name, None)
            if original is not None:
                setattr(socket, name, guard("socket." + name, original, "function"))
        for name in ("connect", "connect_ex"):
            original = getattr(socket.socket, name, None)
            if original is not None:
                setattr(socket.socket, name, guard("socket." + name, original, "method"))


def _arg(args, index):
    return args[index] if index is not None and len(args) > index else None


def _address_text(address):
    if isinstance(address, tuple) and len(address) >= 2:
        return "%s:%s" % (address[0], address[1])
    return str(address)
