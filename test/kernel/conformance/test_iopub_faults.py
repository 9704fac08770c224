"""iopub under load, against the real kernel through jupyter_client: nothing lost, updates
coalesced but the last one always sent, and busy / execute_input / output on the wire while a
synchronous cell still blocks the kernel's main thread."""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import TIMEOUT, KernelCase  # noqa: E402


def wait_for_file_cell(path, before=""):
    """A cell that blocks the main thread until `path` exists (at most 60 s)."""
    return (f'import {{ existsSync }} from "fs"\n{before}\nconst t0 = Date.now()\n'
            f'while (!existsSync({path!r}) && Date.now() - t0 < 60000) {{}}\nDate.now() - t0 < 60000')


class IopubLoadTests(KernelCase):
    def test_twenty_megabytes_of_stdout_arrive_complete_and_end_with_idle(self):
        lines = 209715
        reply, outputs = self.execute(f"for (let i = 0; i < {lines}; i++) console.log('x'.repeat(99))", timeout=300)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(outputs[-1]["content"], {"execution_state": "idle"})
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        self.assertEqual(len(text), lines * 100)
        self.assertEqual(text, ("x" * 99 + "\n") * lines)
        batches = sum(1 for m in outputs if m["msg_type"] == "stream")
        self.assertLess(batches, lines / 10)  # batched, not one message per write

    def test_ten_thousand_display_updates_end_on_the_last_value(self):
        code = ('import { display } from "feedbacklab"\nconst h = await display("start")\n'
                "for (let i = 1; i <= 10000; i++) await h.update(i)\n\"done\"")
        reply, outputs = self.execute(code, timeout=300)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(outputs[-1]["content"], {"execution_state": "idle"})
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertTrue(updates)
        ids = {m["content"]["transient"]["display_id"] for m in updates}
        self.assertEqual(ids, {shown[0]["content"]["transient"]["display_id"]})
        values = [int(m["content"]["data"]["text/plain"]) for m in updates]
        self.assertEqual(values[-1], 10000)
        self.assertEqual(values, sorted(set(values)))  # in order, none twice
        kinds = [m["msg_type"] for m in outputs]
        self.assertLess(kinds.index("display_data"), kinds.index("update_display_data"))


class BusyWhileBlockedTests(KernelCase):
    def blocked_cell(self, before=""):
        folder = tempfile.mkdtemp(prefix="fbl-busy-")
        flag = os.path.join(folder, "go")
        msg_id = self.kc.execute(wait_for_file_cell(flag, before))
        return msg_id, flag

    def next_of(self, msg_id, predicate):
        deadline = time.time() + TIMEOUT
        seen = []
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if predicate(msg):
                return seen
        raise AssertionError(f"not seen while the cell blocks; got {[m['msg_type'] for m in seen]}")

    def test_busy_and_execute_input_arrive_while_a_synchronous_cell_blocks(self):
        self.flush()
        msg_id, flag = self.blocked_cell()
        try:
            seen = self.next_of(msg_id, lambda m: m["msg_type"] == "execute_input")
            self.assertEqual([m["msg_type"] for m in seen], ["status", "execute_input"])
            self.assertEqual(seen[0]["content"]["execution_state"], "busy")
        finally:
            open(flag, "w").close()
        reply = self.wait_reply(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.iopub_until_idle(msg_id)

    def test_output_printed_before_a_blocking_loop_arrives_during_it(self):
        self.flush()
        msg_id, flag = self.blocked_cell('console.log("started")')
        try:
            seen = self.next_of(msg_id, lambda m: m["msg_type"] == "stream")
            self.assertEqual(seen[-1]["content"]["text"], "started\n")
        finally:
            open(flag, "w").close()
        outputs = self.iopub_until_idle(msg_id)
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["true"])  # the loop ended on the file, not on its time limit
