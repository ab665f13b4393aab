#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal, types keys after delays, and reports what a user's
terminal would be left with. Usage: pty-run.py SPEC_JSON; prints one JSON object.
SPEC: {"argv": [...], "keys": [[delay_seconds, "text"], ...], "timeout": seconds, "cols": N, "rows": N, "env": {NAME: VALUE}}"""
import json, os, pty, select, signal, struct, sys, termios, time, fcntl, base64

spec = json.loads(sys.argv[1])
size = struct.pack("HHHH", spec.get("rows", 50), spec.get("cols", 100), 0, 0)
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, size)  # the child's own terminal: sized before the command can ask
    os.environ.update(spec.get("env", {}))
    os.execvp(spec["argv"][0], spec["argv"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, size)
output = b""
start = time.time()
keys = list(spec["keys"])
status = None
while True:
    if keys and time.time() - start >= keys[0][0]:
        os.write(fd, keys.pop(0)[1].encode())
    ready, _, _ = select.select([fd], [], [], 0.05)
    if ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        output += chunk
    done, code = os.waitpid(pid, os.WNOHANG)
    if done:
        status = code
        break
    if time.time() - start > spec["timeout"]:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        break
attrs = termios.tcgetattr(fd)
lflag = attrs[3]
exit_code = None if status is None else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
print(json.dumps({
    "code": exit_code,
    "output": base64.b64encode(output).decode(),
    "canonical": bool(lflag & termios.ICANON),
    "echo": bool(lflag & termios.ECHO),
}))
