"""Execution under faults, against the real kernel through jupyter_client: aborted cells,
early and late interrupts, loops after an await or in a timer, process.exit, out of memory."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import TIMEOUT, KernelCase  # noqa: E402


class AbortedCellTests(KernelCase):
    def test_aborted_cells_carry_and_consume_no_execution_count(self):
        self.flush()
        failing = self.kc.execute('const t0 = Date.now(); while (Date.now() - t0 < 300) {}\nthrow new Error("boom")')
        skipped = [self.kc.execute("1"), self.kc.execute("2")]
        failed = self.wait_reply(failing)["content"]
        self.assertEqual(failed["status"], "error")
        for msg_id in skipped:
            content = self.wait_reply(msg_id)["content"]
            self.assertEqual(content["status"], "aborted")
            self.assertIsNone(content.get("execution_count"), content)
            inputs = [m for m in self.iopub_until_idle(msg_id) if m["msg_type"] == "execute_input"]
            self.assertEqual(inputs, [])
        reply, _ = self.execute("3")
        self.assertEqual(reply["content"]["execution_count"], failed["execution_count"] + 1)
