#!/usr/bin/env python3
# Usage: scripts/bench-startup.py .build/release/gradstep [RUNS]
# Time from spawning `gradstep repl` on a pseudo-terminal to the first ">>> " prompt.
import os, pty, sys, time, statistics, select, tempfile
binary = sys.argv[1]
state = tempfile.mkdtemp()
times = []
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 15):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "repl"], {"PATH": "/usr/bin:/bin", "HOME": state, "XDG_STATE_HOME": state, "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    buf = b""
    while b">>> " not in buf:
        r, _, _ = select.select([fd], [], [], 10)
        if not r: raise SystemExit("no prompt")
        buf += os.read(fd, 4096)
    times.append((time.perf_counter() - t0) * 1000)
    os.write(fd, b"\x04")  # Ctrl-D
    os.waitpid(pid, 0)
    os.close(fd)
print("runs %d: median %.1f ms, min %.1f ms, max %.1f ms" % (len(times), statistics.median(times), min(times), max(times)))
