"""A cell that exhausts the JavaScript heap (issue 12, item 7). A loop that allocates is stopped
near the heap limit with an OutOfMemoryError and the kernel keeps its variables; code that cannot
be stopped (a builtin such as Array.prototype.fill) gets the error and idle published before the
process ends, and the kernel restarts cleanly. Real kernel under a 256 MiB heap so that the limit
comes in seconds; run with /usr/bin/python3."""
import os
import sys
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import run_cell  # noqa: E402

TIMEOUT = 120
HEAP_MIB = 256


class OutOfMemoryTests(unittest.TestCase):
    def setUp(self):
        self.log = tempfile.NamedTemporaryFile(prefix="fbl-oom-log-", suffix=".txt", delete=False)
        self.addCleanup(os.unlink, self.log.name)
        self.km = KernelManager(kernel_name="feedbacklab")
        self.km.start_kernel(stderr=self.log, env={**os.environ, "NODE_OPTIONS": f"--max-old-space-size={HEAP_MIB}"})
        self.addCleanup(lambda: self.km.shutdown_kernel(now=True) if self.km.has_kernel else None)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.addCleanup(self.kc.stop_channels)
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def kernel_log(self):
        with open(self.log.name, encoding="utf8", errors="replace") as f:
            return f.read()

    def run_cell(self, code):
        return run_cell(self.kc, code, TIMEOUT)

    def test_allocating_loop_is_stopped_and_state_kept(self):
        self.assertEqual(self.run_cell("const keep = 42")[0]["status"], "ok")
        self.assertNotIn("heap guard not", self.kernel_log())
        t0 = time.time()
        reply, _, errors = self.run_cell("{\n  const a: object[] = []\n  while (true) a.push({ n: a.length })\n}")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "OutOfMemoryError")
        self.assertIn("heap limit", errors[0]["evalue"])
        self.assertIn("variables defined before are kept", errors[0]["traceback"][0])
        self.assertLess(time.time() - t0, 60)
        # The kernel goes on, with its state, and the memory no variable holds is given back.
        reply, results, _ = self.run_cell("keep + 1")
        self.assertEqual((reply["status"], results), ("ok", ["43"]))
        reply, results, _ = self.run_cell("process.memoryUsage().heapUsed < 128 * 2 ** 20")
        self.assertEqual(results, ["true"])
        # ...and a second exhaustion is stopped the same way.
        reply, _, _ = self.run_cell("const b: number[][] = []\nwhile (true) b.push(new Array(1000).fill(1))")
        self.assertEqual(reply.get("ename"), "OutOfMemoryError")
        self.assertEqual(self.run_cell("keep")[1], ["42"])

    def test_unstoppable_builtin_reports_the_error_then_restarts_cleanly(self):
        msg_id = self.kc.execute("new Array(1e9).fill(0)")
        seen = []
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Exception:
                if not self.km.is_alive():
                    break
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        errors = [m["content"] for m in seen if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, [m["msg_type"] for m in seen])
        self.assertEqual(errors[0]["ename"], "OutOfMemoryError")
        self.assertIn("Jupyter restarts it", errors[0]["traceback"][0])
        self.assertEqual(seen[-1]["msg_type"], "status")  # idle came: a client waiting for it is not left hanging
        deadline = time.time() + 30
        while self.km.is_alive() and time.time() < deadline:
            time.sleep(0.2)
        self.assertFalse(self.km.is_alive())
        self.assertIn("out of memory", self.kernel_log())
        self.km.restart_kernel(now=True)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        reply, results, _ = self.run_cell("1 + 1")
        self.assertEqual((reply["status"], results), ("ok", ["2"]))


if __name__ == "__main__":
    unittest.main()
