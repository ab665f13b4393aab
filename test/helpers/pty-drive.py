#!/usr/bin/env python3
"""Drives a command in a pseudo-terminal through a script and prints one JSON report.
SPEC: {"argv": [...], "cols": N, "rows": N, "env": {NAME: VALUE}, "script": [step, ...]} where a step is one of
  ["wait", REGEX, seconds]          until the output since the last step matches (after a wait or an
                                    enter-until, "since" starts at the last frame drawn, so two waits
                                    can match in one frame)
  ["send", TEXT]                    type it
  ["enter-until", REGEX, seconds, PROMPT?]
                                    press Enter until the output since the last step matches: again each
                                    time the screen shows PROMPT after the last press (a question or
                                    "press enter"), else every 0.8 s (the wizard ignores Enter while it works);
                                    a question's numbered options are answered with 1 instead
  ["press-until", KEY, REGEX, seconds]
                                    type KEY until the output since the first press matches: again when the
                                    last press drew nothing within 1.5 s (a key that reached a handler Ink had
                                    not yet re-subscribed after the last frame) or drew a frame that does not match
  ["files", REGEX, SUBPATH]         record the names of the files in SUBPATH under the first match of REGEX
  ["signal", NAME]                  send the process a signal (SIGHUP: the terminal closed)
  ["snapshot", REGEX]               record pids whose working folder is under the first match of REGEX
  ["observe", seconds]              keep reading the output for that long (a window the test measures over)
  ["frame", REGEX, seconds]         until the last whole frame drawn matches (Ink draws each frame between the
                                    synchronized-output marks ESC[?2026h and ESC[?2026l; a frame can come in one
                                    read with the one before it, or in two reads)
  ["mark", NAME]                    record how many bytes of output there are now, up to the last whole frame, and
                                    when (seconds since the start)
  ["exit", seconds]                 wait for the process to end
Output: {"code", "output" (base64), "ok", "failed_step", "pids", "files", "canonical", "times", "marks": {NAME: [bytes, seconds]}}
  times: seconds from the start to the end of each step done (a benchmark's figure; tests assert no time)"""
import base64, fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

spec = json.loads(sys.argv[1])
size = struct.pack("HHHH", spec.get("rows", 60), spec.get("cols", 120), 0, 0)
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, size)  # the child's own terminal: sized before the command can ask
    os.environ.update(spec.get("env", {}))
    os.execvp(spec["argv"][0], spec["argv"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, size)
output, mark, status, pids, files, marks, times, started = b"", 0, None, [], [], {}, [], time.time()

def pump(seconds):
    global output, status
    ready, _, _ = select.select([fd], [], [], seconds)
    if ready:
        try:
            output += os.read(fd, 65536)
        except OSError:
            pass
    if status is None:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = code

def since():
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output[mark:].decode("utf8", "replace"))

BEGIN, END = b"\x1b[?2026h", b"\x1b[?2026l"

def whole():
    """How many bytes of output end with a whole frame: a frame still being drawn is left out."""
    begun = output.rfind(BEGIN)
    return begun if begun > output.rfind(END) else len(output)

def last_frame():
    """The last whole frame, without escape sequences ("" before the first)."""
    end = output.rfind(END, 0, whole())
    if end < 0:
        return ""
    text = output[output.rfind(BEGIN, 0, end) + len(BEGIN):end]
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text.decode("utf8", "replace"))

def finish(ok, failed=None):
    if status is None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    code = None if status is None else (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
    try:
        canonical = bool(termios.tcgetattr(fd)[3] & termios.ICANON)
    except termios.error:
        canonical = None
    print(json.dumps({"code": code, "output": base64.b64encode(output).decode(), "ok": ok, "failed_step": failed, "pids": pids, "files": files, "canonical": canonical, "times": times, "marks": marks}))
    sys.exit(0)

for index, step in enumerate(spec["script"]):
    kind = step[0]
    if kind in ("wait", "enter-until"):
        deadline, last_enter, pressed_at = time.time() + step[2], 0, len(output)
        prompt = step[3] if kind == "enter-until" and len(step) > 3 else None
        while not re.search(step[1], since(), re.S):
            if time.time() > deadline or status is not None:
                finish(False, index)
            if kind == "enter-until":
                shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output[pressed_at:].decode("utf8", "replace"))
                if time.time() - last_enter > 0.8 or (prompt and re.search(prompt, shown, re.S)):
                    # A question has nothing preselected: answer it with its first option.
                    os.write(fd, b"1" if re.search(r"\n\s*1\. ", shown) else b"\r")
                    last_enter, pressed_at = time.time(), len(output)
            pump(0.05)
        # The next step reads from the start of the last frame drawn: what that frame shows
        # besides this match (it can hold the next step's text too) is not lost to it.
        begun = output.rfind(BEGIN)
        mark = begun if begun >= 0 else len(output)
    elif kind == "press-until":
        deadline, first = time.time() + step[3], len(output)
        while status is None:
            os.write(fd, step[1].encode())
            pressed, drawn = time.time(), len(output)
            while time.time() - pressed < 1.5 and len(output) == drawn and status is None:
                pump(0.05)
            quiet = time.time()
            while time.time() - quiet < 0.3 and status is None:  # the rest of the frame, if one came
                before = len(output)
                pump(0.05)
                if len(output) != before:
                    quiet = time.time()
            if re.search(step[2], re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output[first:].decode("utf8", "replace")), re.S):
                break
            if time.time() > deadline:
                finish(False, index)
        mark = len(output)
    elif kind == "frame":
        deadline = time.time() + step[2]
        while not re.search(step[1], last_frame(), re.S):
            if time.time() > deadline or status is not None:
                finish(False, index)
            pump(0.05)
        mark = whole()
    elif kind == "send":
        os.write(fd, step[1].encode())
        mark = len(output)
    elif kind == "signal":
        os.kill(pid, getattr(signal, step[1]))
    elif kind == "snapshot":
        folder = re.search(step[1], output.decode("utf8", "replace")).group(0)
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    if os.readlink(f"/proc/{name}/cwd").startswith(folder):
                        pids.append(int(name))
                except OSError:
                    pass
    elif kind == "files":
        folder = re.search(step[1], output.decode("utf8", "replace")).group(0)
        where = os.path.join(folder, step[2])
        files.extend(sorted(os.listdir(where)) if os.path.isdir(where) else [])
    elif kind == "mark":
        pump(0)
        marks[step[1]] = [whole(), time.time() - started]
    elif kind == "observe":
        deadline = time.time() + step[1]
        while time.time() < deadline and status is None:
            pump(0.05)
        mark = len(output)
    elif kind == "exit":
        deadline = time.time() + step[1]
        while status is None and time.time() < deadline:
            pump(0.05)
        if status is None:
            finish(False, index)
    times.append(round(time.time() - started, 3))
finish(True)
