"""Where --output writes, as a Unix tool would.

* A regular file (or a new one) is written to a temporary file beside it and renamed over
  it at the end: a crash or ``kill -9`` never leaves a torn report in place of the
  previous one. The replacement keeps the old file's mode (and owner, where allowed); a
  new file gets 0666 under the umask, like any file a shell redirection creates.
* A symbolic link is written through: its target is replaced atomically, the link stays.
* ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write to that descriptor as it is
  (so ``>> log`` keeps appending); pipes, FIFOs, terminals and other non-regular files are
  written directly: they cannot be replaced, and renaming over them would be wrong.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import IO

_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STD = {"/dev/stdout": 1, "/dev/stderr": 2}


class Output:
    """A report being written; ``commit`` makes it the file at PATH."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file

    def commit(self) -> None:
        self.file.close()

    def discard(self) -> None:
        self.file.close()


class AtomicFile(Output):
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            old: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            old = None
        while True:
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            try:
                # 0o666 & ~umask, as a shell redirection would create the file.
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
                break
            except FileExistsError:
                continue
        self.tmp = tmp
        if old is not None:
            _keep_owner_and_mode(fd, old)
        super().__init__(os.fdopen(fd, "w", encoding="utf-8", newline=""))

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        # The rename itself must survive a power cut too.
        with contextlib.suppress(OSError):
            dfd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    def discard(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


def _keep_owner_and_mode(fd: int, old: os.stat_result) -> None:
    # Owner first: chown clears set-id bits, chmod restores them.
    if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(fd, old.st_uid, old.st_gid)
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


def open_output(path: str) -> Output:
    """The report's destination; OSError (with strerror) when it cannot be written."""
    fd = _STD.get(path)
    m = _FD_PATH.match(path)
    if fd is None and m:
        fd = int(m.group(1))
    if fd is not None:
        # The descriptor as the shell set it up: its offset, O_APPEND, the pipe itself.
        return Output(os.fdopen(os.dup(fd), "w", encoding="utf-8", newline=""))
    real = Path(os.path.realpath(path))
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, os.strerror(21), path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        return Output(open(real, "w", encoding="utf-8", newline=""))  # noqa: SIM115 - closed by commit/discard
    return AtomicFile(real)
