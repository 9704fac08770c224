"""What a user sees in the notebook: display calls that do not echo their plumbing, TSDoc on
inspect rendered as text, a kernelspec with logos and a help link that exists. Real Jupyter
client, real kernel; run with /usr/bin/python3."""
import json
import os
import unittest

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


class DisplayEchoTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="feedbacklab", startup_timeout=TIMEOUT)
        cls.run_cell("import { show, display, histogram, liveChart, lineChart } from 'feedbacklab'")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    @classmethod
    def run_cell(cls, code):
        outputs = []
        reply = cls.kc.execute_interactive(code, timeout=TIMEOUT, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return [m for m in outputs if m["msg_type"] in ("display_data", "execute_result", "stream", "error")]

    def kinds(self, code):
        return [m["msg_type"] for m in self.run_cell(code)]

    def test_awaited_show_draws_once_and_echoes_nothing(self):
        self.assertEqual(self.kinds("await show(histogram([1, 2, 2, 3]))"), ["display_data"])

    def test_show_without_await_draws_in_its_cell_and_prints_no_promise(self):
        outputs = self.run_cell("show(histogram([1, 2, 3]))")
        self.assertEqual([m["msg_type"] for m in outputs], ["display_data"])

    def test_handles_are_not_shown_as_values(self):
        self.assertEqual(self.kinds("const h = await display({ [Symbol.for('Jupyter.display')]: () => ({ 'text/plain': 'hi' }) })\nh"), ["display_data"])
        self.assertEqual(self.kinds("const live = await liveChart(lineChart([{ s: 1, l: 2 }], { x: 's', y: 'l' }))\nlive"), ["display_data"])
        # An ordinary object that happens to look alike is still shown.
        self.assertEqual(self.kinds("({ displayId: 'x', update: async () => {} })"), ["execute_result"])

    def test_interrupting_a_pending_display_promise_stops_that_cell_only(self):
        import time
        self.kc.execute_interactive("import { quiet } from 'feedbacklab'", timeout=TIMEOUT, output_hook=lambda m: None)
        msg_id = self.kc.execute("quiet(new Promise<void>(() => {}))")
        time.sleep(1.0)  # the cell is waiting on the promise
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        outputs = []
        after = self.kc.execute_interactive("40 + 2", timeout=TIMEOUT, output_hook=outputs.append)
        self.assertEqual(after["content"]["status"], "ok", after["content"])
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])


if __name__ == "__main__":
    unittest.main()
