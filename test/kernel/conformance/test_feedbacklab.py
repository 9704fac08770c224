"""Conformance of the feedbacklab kernel: the standard jupyter_kernel_test suite, plus
interrupts, stdin, stop_on_error, comms, error positions and hostile messages, all against the
real kernel over real sockets. Run with /usr/bin/python3 (Debian's Jupyter)."""
import json
import signal
import time
import unittest
from queue import Empty

import jupyter_kernel_test as jkt
import zmq
from jupyter_client.session import Session

TIMEOUT = 30


class FeedbacklabKernelTests(jkt.KernelTests):
    kernel_name = "feedbacklab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'
    completion_samples = [{"text": "Math.ma", "matches": {"max"}}, {"text": "const zebra = 1; zeb", "matches": {"zebra"}}]
    complete_code_samples = ["1 + 1", "const x = 2", "function f() { return 1 }"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {\n  let y = 2"]
    invalid_code_samples = ["const = 5", "1 +* 2", "let 3x = 1"]
    code_generate_error = 'throw new Error("bad")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"ab".toUpperCase()', "result": "'AB'"},
        {"code": 'import * as aq from "arquero"\naq.table({ a: [1, 2] })', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'import { display } from "feedbacklab"\nawait display({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>hi</b>" }) })', "mime": "text/html"},
        {"code": 'import { histogram } from "feedbacklab"\nimport { show } from "feedbacklab"\nawait show(histogram([1, 2, 2, 3]))', "mime": "image/png"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = 'import { clearOutput } from "feedbacklab"\nclearOutput()'

    # helpers -----------------------------------------------------------------
    def run_cell(self, code, timeout=TIMEOUT, **kw):
        self.flush_channels()
        reply, outputs = self.execute_helper(code, timeout=timeout, **kw)
        return reply, outputs

    def wait_reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_shell_msg(timeout=deadline - time.time())
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise AssertionError("no reply")

    # protocol extras ---------------------------------------------------------
    def test_kernel_info_details(self):
        reply = self.kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["language_info"]["mimetype"], "text/typescript")
        self.assertRegex(reply["language_info"]["version"], r"^\d+\.\d+\.\d+$")
        self.assertIn("TF.js backend", reply["banner"])
        self.assertTrue(reply["help_links"])

    def test_execute_input_is_broadcast(self):
        self.flush_channels()
        msg_id = self.kc.execute("1")
        seen = []
        while not (seen and seen[-1]["msg_type"] == "status" and seen[-1]["content"]["execution_state"] == "idle"):
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id:
                seen.append(msg)
        inputs = [m for m in seen if m["msg_type"] == "execute_input"]
        self.assertEqual(len(inputs), 1)
        self.assertEqual(inputs[0]["content"]["code"], "1")
        self.assertEqual(inputs[0]["content"]["execution_count"], self.wait_reply(msg_id)["content"]["execution_count"])

    def test_error_reply_has_traceback_with_cell_line(self):
        reply, outputs = self.run_cell('const ok = 1\n\nfunction g(): number {\n  throw new RangeError("too far")\n}\ng()')
        c = reply["content"]
        self.assertEqual(c["status"], "error")
        self.assertEqual(c["ename"], "RangeError")
        self.assertEqual(c["evalue"], "too far")
        self.assertTrue(any("In[" in line and ":4:" in line for line in c["traceback"]), c["traceback"])
        self.assertTrue([m for m in outputs if m["msg_type"] == "error"])

    def test_type_error_has_line_and_column(self):
        reply, _ = self.run_cell("const n: number = 1\nconst s: string = null")
        c = reply["content"]
        self.assertEqual(c["ename"], "TypeScriptError")
        self.assertTrue(c["evalue"].startswith("2:7"), c["evalue"])

    def test_redeclare_const_across_cells(self):
        self.run_cell("const k = 1")
        reply, outputs = self.run_cell('const k = "two"\nk')
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "'two'")

    def test_stop_on_error_aborts_only_queued_cells(self):
        self.flush_channels()
        first = self.kc.execute('const t0 = Date.now(); while (Date.now() - t0 < 300) {}\nthrow new Error("first")')
        queued = self.kc.execute("1 + 1")
        r1 = self.wait_reply(first)
        r2 = self.wait_reply(queued)
        self.assertEqual(r1["content"]["status"], "error")
        self.assertEqual(r2["content"]["status"], "aborted")
        later, _ = self.run_cell("2 + 2")
        self.assertEqual(later["content"]["status"], "ok")

    def test_interrupt_busy_loop_keeps_state(self):
        self.run_cell("const kept = 41")
        self.flush_channels()
        msg_id = self.kc.execute("while (true) {}")
        time.sleep(1.0)
        self.km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
        reply = self.wait_reply(msg_id)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        after, outputs = self.run_cell("kept + 1")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])

    def test_sigint_interrupts_pending_await(self):
        self.flush_channels()
        msg_id = self.kc.execute("await new Promise(() => {})")
        time.sleep(1.0)
        self.km.signal_kernel(signal.SIGINT)
        reply = self.wait_reply(msg_id)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        after, _ = self.run_cell("1")
        self.assertEqual(after["content"]["status"], "ok")

    def answer_input(self, code, answer):
        self.flush_channels()
        msg_id = self.kc.execute(code, allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input(answer)
        return request, self.wait_reply(msg_id)

    def test_stdin_input_and_prompt(self):
        request, reply = self.answer_input('const who = await input("name? ")', "Ada")
        self.assertEqual(request["content"]["prompt"], "name? ")
        self.assertFalse(request["content"]["password"])
        self.assertEqual(reply["content"]["status"], "ok")
        request, reply = self.answer_input('const secret = await input("pw: ", { password: true })', "hunter2")
        self.assertTrue(request["content"]["password"])
        request, reply = self.answer_input('const age = prompt("age? ")', "36")
        self.assertEqual(reply["content"]["status"], "ok")
        _, outputs = self.run_cell("`${who} ${secret.length} ${Number(age) + 1}`")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["'Ada 7 37'"])

    def test_stdin_refused_when_not_allowed(self):
        self.flush_channels()
        reply = self.wait_reply(self.kc.execute('await input("x")', allow_stdin=False))
        self.assertEqual(reply["content"]["ename"], "StdinNotAllowedError")

    def test_update_display_data(self):
        _, outputs = self.run_cell('import { display } from "feedbacklab"\nconst h = await display("v1")\nawait h.update("v2")')
        kinds = [m["msg_type"] for m in outputs]
        self.assertIn("display_data", kinds)
        self.assertIn("update_display_data", kinds)
        shown = [m for m in outputs if m["msg_type"] == "display_data"][0]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"][0]
        self.assertEqual(shown["content"]["transient"]["display_id"], updated["content"]["transient"]["display_id"])
        self.assertEqual(updated["content"]["data"]["text/plain"], "'v2'")

    def test_chart_bundle_has_four_mimetypes(self):
        _, outputs = self.run_cell('import { lineChart } from "feedbacklab"\nlineChart([{ x: 1, y: 2 }, { x: 2, y: 3 }], { x: "x", y: "y" })')
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertEqual(set(data), {"application/vnd.vegalite.v5+json", "image/svg+xml", "image/png", "text/plain"})
        self.assertIn("<svg", data["image/svg+xml"])

    def test_comm_round_trip_and_info(self):
        self.flush_channels()
        comm_id = "c0ffee"
        self.kc.shell_channel.send(self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "feedbacklab.echo", "data": {}}))
        time.sleep(0.3)
        info = self.kc.comm_info(reply=True, timeout=TIMEOUT) if hasattr(self.kc, "comm_info") else None
        msg_id = self.kc.shell_channel.send(self.kc.session.msg("comm_info_request", {"target_name": "feedbacklab.echo"})) if info is None else None
        if info is None:
            info = self.wait_reply(self.kc.session.msg_id)  # pragma: no cover
        self.assertEqual(info["msg_type"], "comm_info_reply")
        self.assertIn(comm_id, info["content"]["comms"])
        self.kc.shell_channel.send(self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"ping": 1}}))
        echoed = None
        deadline = time.time() + TIMEOUT
        while time.time() < deadline and echoed is None:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "comm_msg":
                echoed = msg
        self.assertEqual(echoed["content"]["data"], {"ping": 1})
        self.kc.shell_channel.send(self.kc.session.msg("comm_open", {"comm_id": "x1", "target_name": "no.such.target", "data": {}}))
        closed = None
        deadline = time.time() + TIMEOUT
        while time.time() < deadline and closed is None:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "comm_close":
                closed = msg
        self.assertEqual(closed["content"]["comm_id"], "x1")

    def test_async_exception_is_reported_not_fatal(self):
        self.run_cell('setTimeout(() => { throw new Error("later") }, 10)')
        time.sleep(0.3)
        reply, _ = self.run_cell("3")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_hostile_messages_are_dropped(self):
        info = self.km.get_connection_info()
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            good = Session(key=info["key"], signature_scheme=info["signature_scheme"])
            bad = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
            sock.send_multipart([b"garbage"])
            sock.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", b"{}"])  # unsigned
            bad.send(sock, "kernel_info_request", {})  # wrong key
            sock.send_multipart([b"<IDS|MSG>", b"sig", b"not json", b"{}", b"{}", b"{}"])
            # a valid message, then the same frames replayed: one reply only
            msg = good.msg("kernel_info_request", {})
            frames = good.serialize(msg)
            sock.send_multipart(frames)
            sock.send_multipart(frames)
            replies = []
            poller = zmq.Poller()
            poller.register(sock, zmq.POLLIN)
            deadline = time.time() + 3
            while time.time() < deadline:
                if poller.poll(200):
                    replies.append(good.deserialize(good.feed_identities(sock.recv_multipart())[1]))
            self.assertEqual([r["msg_type"] for r in replies], ["kernel_info_reply"])
        finally:
            sock.close(linger=0)
        ok = self.kc.kernel_info(reply=True, timeout=TIMEOUT)
        self.assertEqual(ok["content"]["status"], "ok")

    def test_unknown_request_gets_error_reply(self):
        msg = self.kc.session.msg("frobnicate_request", {})
        self.kc.shell_channel.send(msg)
        reply = self.wait_reply(msg["header"]["msg_id"])
        self.assertEqual(reply["msg_type"], "frobnicate_reply")
        self.assertEqual(reply["content"]["status"], "error")

    def test_inspect_shows_library_tsdoc(self):
        self.run_cell('import { lineChart } from "feedbacklab"')
        code = "lineChart"
        msg_id = self.kc.inspect(code, len(code))
        reply = self.wait_reply(msg_id)
        text = reply["content"]["data"]["text/plain"]
        self.assertIn("multi-series line chart", text)
        self.assertIn("@example", text)


class NotebookFolderTests(unittest.TestCase):
    """A kernel started in a notebook's folder: local modules, tsconfig.json."""

    def test_local_typescript_module_and_tsconfig(self):
        import os, tempfile
        from jupyter_client.manager import start_new_kernel
        folder = tempfile.mkdtemp(prefix="fbl-nb-")
        with open(os.path.join(folder, "helper.ts"), "w") as f:
            f.write("export function square(x: number): number { return x * x }\n")
        with open(os.path.join(folder, "tsconfig.json"), "w") as f:
            json.dump({"compilerOptions": {"strictNullChecks": False}}, f)
        km, kc = start_new_kernel(kernel_name="feedbacklab", cwd=folder)
        try:
            reply = kc.execute_interactive('import { square } from "./helper"\nconst s: string = null\nsquare(7)', timeout=TIMEOUT, output_hook=lambda m: None)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
            outputs = []
            kc.execute_interactive("square(8)", timeout=TIMEOUT, output_hook=outputs.append)
            results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
            self.assertEqual(results, ["64"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


class ShutdownTests(unittest.TestCase):
    def test_shutdown_request_with_restart_replies_and_exits(self):
        from jupyter_client.manager import start_new_kernel
        km, kc = start_new_kernel(kernel_name="feedbacklab")
        try:
            msg_id = kc.shutdown(restart=True)
            reply = kc.get_control_msg(timeout=TIMEOUT) if hasattr(kc, "get_control_msg") else kc.get_shell_msg(timeout=TIMEOUT)
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            self.assertTrue(reply["content"]["restart"])
            deadline = time.time() + 10
            while km.is_alive() and time.time() < deadline:
                time.sleep(0.1)
            self.assertFalse(km.is_alive())
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
