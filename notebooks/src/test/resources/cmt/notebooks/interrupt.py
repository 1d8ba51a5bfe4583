"""Interrupts a running cell of the "Java (cmt)" kernel through the Jupyter protocol.

Run by InterruptTest with Debian's /usr/bin/python3 (jupyter_client) and JUPYTER_PATH pointing at the
kernelspec, as `interrupt.py pass` or `interrupt.py replay FILE`. Starts a kernel, runs a long cell, waits
until it reports progress, sends interrupt_request (the kernelspec's interrupt_mode is "message"), times the
reply, checks that the work really stopped and that the kernel answers the next cell. Prints one JSON
object on the last line of stdout.

- pass: a trace pass over an endless generated trace; stopped means its event counter stands still.
- replay: a replay (in its child process) of a trace of 655 million events written to FILE, a gzip file
  of one compressed chunk repeated; stopped means the replay's child process is gone.
"""
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

SETUP = r"""
var seen = new java.util.concurrent.atomic.AtomicLong();
byte[] chunk = "malloc(16) = 1000\nfree(1000)\n".repeat(4096).getBytes();
InputStream endless = new InputStream() {
    int pos;
    @Override public int read() { int b = chunk[pos]; pos = (pos + 1) % chunk.length; return b; }
    @Override public int read(byte[] b, int off, int len) {
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos = (pos + n) % chunk.length;
        return n;
    }
};
"""

PASS = r"""
try (TraceReader r = TraceReader.open(endless, "endless", Leniency.STRICT)) {
    r.onProgress(progress("endless trace"));
    r.forEach(e -> seen.incrementAndGet());
}
"""

# A gzip file may hold several members, decompressed one after the other. One chunk of 131,072 events is
# compressed once (4.7 KB) and written 5,000 times: 23 MB on disk for 655 million events, minutes of replay.
REPLAY_SETUP = r"""
Path big = Path.of("%s");
byte[] member;
try (var bytes = new ByteArrayOutputStream(); var gz = new java.util.zip.GZIPOutputStream(bytes)) {
    gz.write("malloc(16) = 1000\nfree(1000)\n".repeat(65536).getBytes());
    gz.finish();
    member = bytes.toByteArray();
}
try (var out = new BufferedOutputStream(Files.newOutputStream(big))) {
    for (int i = 0; i < 5000; i++) out.write(member);
}
Files.size(big)
"""

REPLAY = r"""
Replay.of("glibc").onProgress(progress("replay")).run(big)
"""

STILL = r"""
long before = seen.get();
Thread.sleep(1000);
seen.get() - before
"""


def wait_idle(kc, msg_id, timeout, outputs):
    """Collects a request's iopub outputs until the kernel goes idle for it."""
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            return
        if kind in ("execute_result", "display_data", "update_display_data", "stream", "error"):
            outputs.append({"type": kind, "text": content.get("data", {}).get("text/plain", content.get("text", "")),
                            "ename": content.get("ename"), "evalue": content.get("evalue")})


def reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def run(kc, code, timeout=120):
    msg_id = kc.execute(code)
    outputs = []
    content = reply(kc, msg_id, timeout)
    wait_idle(kc, msg_id, timeout, outputs)
    return content, outputs


def descendants(pid):
    """Process ids of every descendant of pid, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def replay_children(kernel_pid):
    """The replay child processes (java ... cmt.replay.Child) below the kernel."""
    pids = []
    for pid in descendants(kernel_pid):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                if b"cmt.replay.Child" in f.read():
                    pids.append(pid)
        except OSError:
            pass
    return pids


def alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    mode = sys.argv[1]
    result = {"mode": mode}
    km, kc = start_new_kernel(kernel_name="cmt-java", startup_timeout=180)
    kernel_pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid
    try:
        content, _ = run(kc, SETUP if mode == "pass" else REPLAY_SETUP % sys.argv[2])
        result["setup"] = content["status"]

        msg_id = kc.execute(PASS if mode == "pass" else REPLAY)
        outputs = []
        deadline = time.monotonic() + 120
        # Running for real: the pass has shown its progress display at least once.
        while not any(o["type"] in ("display_data", "update_display_data") for o in outputs):
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("display_data", "update_display_data"):
                outputs.append({"type": msg["msg_type"], "text": msg["content"]["data"].get("text/plain", "")})
        time.sleep(2)
        children = replay_children(kernel_pid)
        result["replay_children_before"] = children
        started = time.monotonic()
        km.interrupt_kernel()
        content = reply(kc, msg_id, 60)
        result["interrupt_to_reply_seconds"] = time.monotonic() - started
        result["interrupted_status"] = content["status"]
        result["interrupted_ename"] = content.get("ename")
        result["interrupted_evalue"] = content.get("evalue")
        # The kernel answers as soon as the cell is interrupted; the cell's thread then kills the child.
        gone_by = time.monotonic() + 5
        while any(alive(pid) for pid in children) and time.monotonic() < gone_by:
            time.sleep(0.02)
        result["children_gone_seconds"] = time.monotonic() - started
        result["replay_children_alive_after"] = [pid for pid in children if alive(pid)]
        wait_idle(kc, msg_id, 60, outputs)
        result["progress"] = [o["text"] for o in outputs if o["type"] in ("display_data", "update_display_data")]

        if mode == "pass":
            started = time.monotonic()
            content, outputs = run(kc, STILL)
            result["counter_moved_after_interrupt"] = [o["text"] for o in outputs if o["type"] == "execute_result"]
            result["next_cell_seconds"] = time.monotonic() - started

        content, outputs = run(kc, "1 + 1")
        result["next_cell_status"] = content["status"]
        result["next_cell"] = [o["text"] for o in outputs if o["type"] == "execute_result"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
