"""Interrupts a running cell of the "Java (cmt)" kernel through the Jupyter protocol.

Run by InterruptTest with Debian's /usr/bin/python3 (jupyter_client) and JUPYTER_PATH pointing at the
kernelspec. Starts a kernel, runs a trace pass over an endless generated trace (it never ends by itself),
waits until the pass reports progress, sends interrupt_request (the kernelspec's interrupt_mode is
"message"), times the reply, then checks that the pass really stopped (its event counter stands still)
and that the kernel answers the next cell. Prints one JSON object on the last line of stdout.
"""
import json
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


def main():
    result = {}
    km, kc = start_new_kernel(kernel_name="cmt-java", startup_timeout=180)
    try:
        content, _ = run(kc, SETUP)
        result["setup"] = content["status"]

        msg_id = kc.execute(PASS)
        outputs = []
        deadline = time.monotonic() + 120
        # Running for real: the pass has shown its progress display at least once.
        while not any(o["type"] in ("display_data", "update_display_data") for o in outputs):
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in ("display_data", "update_display_data"):
                outputs.append({"type": msg["msg_type"], "text": msg["content"]["data"].get("text/plain", "")})
        time.sleep(2)
        started = time.monotonic()
        km.interrupt_kernel()
        content = reply(kc, msg_id, 60)
        result["interrupt_to_reply_seconds"] = time.monotonic() - started
        result["interrupted_status"] = content["status"]
        result["interrupted_ename"] = content.get("ename")
        wait_idle(kc, msg_id, 60, outputs)
        result["progress"] = [o["text"] for o in outputs if o["type"] in ("display_data", "update_display_data")]

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
