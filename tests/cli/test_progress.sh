#!/usr/bin/env bash
# The progress bar fits the terminal it is drawn on.
source "$(dirname "$0")/lib.sh"

# The progress bar on a 40-column terminal: every redraw fits in 39 columns
# (a longer line wraps and "\r" would then redraw only its tail).
python3 - "$WPROX" <<'PY' || fail "progress line wider than the terminal"
import fcntl, os, pty, re, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:  # the child's stdio is the terminal: size it before wprox starts
    fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    os.execv(sys.argv[1], [sys.argv[1], "run", "ula", "--set", "steps=3000", "--set", "particles=2000"])
data = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
os.waitpid(pid, 0)
text = data.decode(errors="replace").replace("\x1b[K", "")
bars = [seg for seg in re.split(r"[\r\n]+", text) if "%" in seg and "step" in seg]
assert bars, text[:400]
assert all(len(b) <= 39 for b in bars), [b for b in bars if len(b) > 39]
assert any(len(b) == 39 for b in bars), bars  # the full line is longer: it was cut
PY

finish
