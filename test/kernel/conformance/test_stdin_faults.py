"""stdin answers of any size reach the cell whole, through input() and the blocking prompt()."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import TIMEOUT, KernelCase  # noqa: E402


class LargeStdinTests(KernelCase):
    def answer(self, code, answer):
        msg_id = self.kc.execute(code, allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input(answer)
        self.iopub_until_idle(msg_id)
        reply = self.wait_reply(msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))

    def test_two_megabyte_answer_to_input_arrives_whole(self):
        self.answer('const big = await input("big? ")', "ab" * 1_000_000)
        self.assertEqual(self.value("big.length"), "2000000")
        self.assertEqual(self.value('big === "ab".repeat(1_000_000)'), "true")

    def test_multibyte_answer_to_prompt_arrives_whole(self):
        self.answer('const euros = prompt("euros? ")', "€" * 400_000)
        self.assertEqual(self.value('euros.length + " " + /^€+$/.test(euros)'), "'400000 true'")

    def test_answer_of_exactly_one_mebibyte(self):
        self.answer('const mib = await input("")', "x" * 1_048_576)
        self.assertEqual(self.value("mib.length"), "1048576")
