#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""^C on a terminal interrupts the foreground job, not the shell.

Runs BINDIR/sh -i on a pseudo-terminal, starts `sleep 30`, waits until the
shell has given the terminal to the job's process group (tcgetpgrp says
so), types ^C, and checks that the job died of SIGINT ($? is 130) while
the shell lives on and runs the next command.  Also checks that ^C at the
prompt discards the typed line.  Usage: sigint_pty.py BINDIR
"""
import os
import pty
import select
import sys
import time

DEADLINE = 20.0


def read_until(fd, want, start):
    buf = b""
    while want not in buf:
        if time.monotonic() - start > DEADLINE:
            sys.exit("FAIL: timed out waiting for %r; got %r" % (want, buf))
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            buf += data
    if want not in buf:
        sys.exit("FAIL: %r never came; got %r" % (want, buf))
    return buf


def main():
    bindir = sys.argv[1]
    env = {"PATH": bindir, "PS1": "PROMPT$ ", "HOME": "/", "ASAN_OPTIONS": "detect_leaks=0"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(os.path.join(bindir, "sh"), ["sh", "-i"], env)
    start = time.monotonic()
    read_until(fd, b"PROMPT$ ", start)
    shell_pgrp = os.tcgetpgrp(fd)
    # (1) ^C at the prompt: the half-typed line is forgotten.
    os.write(fd, b"echo typed-then-interrupted")
    time.sleep(0.2)
    os.write(fd, b"\x03")
    read_until(fd, b"PROMPT$ ", start)
    # (2) ^C while a job runs in the foreground.
    os.write(fd, b"sleep 30; echo status=$?\n")
    while os.tcgetpgrp(fd) == shell_pgrp:
        if time.monotonic() - start > DEADLINE:
            sys.exit("FAIL: the job never got the terminal (no job control?)")
        time.sleep(0.05)
    os.write(fd, b"\x03")
    out = read_until(fd, b"status=130", start)
    # (3) The shell is still there.
    os.write(fd, b"echo still-$((40+2))\n")
    out += read_until(fd, b"still-42", start)
    if b"typed-then-interrupted\r\n" in out:
        sys.exit("FAIL: the interrupted line ran")
    os.write(fd, b"exit 0\n")
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        sys.exit("FAIL: the shell ended with wait status %d" % status)
    print("PASS: ^C killed the foreground job (status 130); the shell went on")


if __name__ == "__main__":
    main()
