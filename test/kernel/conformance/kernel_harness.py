"""Shared helpers for the fault tests: one real feedbacklab kernel per test class, started by
jupyter_client with its stderr (the kernel's log) kept in a file, and raw zmq sockets on its
ports. Not a test module itself (the discover pattern is test_*.py)."""
import os
import tempfile
import time
import unittest

import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 60


def run_cell(kc, code, timeout=TIMEOUT):
    """Executes `code` on a blocking client: (reply content, execute_result texts, error contents)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
    errors = [m["content"] for m in outputs if m["msg_type"] == "error"]
    return reply["content"], results, errors


class KernelCase(unittest.TestCase):
    """Starts the kernel once for the class; `self.kc` is a blocking client."""

    @classmethod
    def setUpClass(cls):
        cls.log_file = tempfile.NamedTemporaryFile(prefix="fbl-kernel-log-", suffix=".txt", delete=False)
        cls.km = KernelManager(kernel_name="feedbacklab")
        cls.km.start_kernel(stderr=cls.log_file)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)
        cls.info = cls.km.get_connection_info()
        cls.session = Session(key=cls.info["key"], signature_scheme=cls.info["signature_scheme"])
        # The first cell waits for the compiler's warm-up; tests time nothing, but start warm.
        reply = cls.kc.execute_interactive("0", timeout=TIMEOUT, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)
        cls.log_file.close()
        if os.environ.get("FBL_KEEP_LOG"):  # for debugging a failure: the kernel's own log
            print("kernel log:", cls.log_file.name)
        else:
            os.unlink(cls.log_file.name)

    # --- reading the kernel -------------------------------------------------
    def kernel_log(self):
        with open(self.log_file.name, encoding="utf8", errors="replace") as f:
            return f.read()

    def wait_for_warm_up(self):
        """Until the compiler's background warm-up is done ("TypeScript ready" in the log): it
        parses feedbacklab's typings (~20 MiB of heap, seconds of CPU) while the kernel is idle."""
        deadline = time.time() + TIMEOUT
        while "TypeScript ready" not in self.kernel_log() and time.time() < deadline:
            time.sleep(0.2)
        self.assertIn("TypeScript ready", self.kernel_log())

    def flush(self):
        for get in (self.kc.get_iopub_msg, self.kc.get_shell_msg):
            while True:
                try:
                    get(timeout=0.05)
                except Exception:
                    break

    def wait_reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.time()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise AssertionError(f"no reply to {msg_id} within {timeout} s")

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        """Every iopub message of request `msg_id` up to and including its idle status."""
        seen = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return seen
        raise AssertionError(f"no idle for {msg_id} within {timeout} s; got {len(seen)} messages")

    def execute(self, code, timeout=TIMEOUT, **kw):
        """Executes `code`; returns (reply, iopub messages up to idle)."""
        msg_id = self.kc.execute(code, **kw)
        outputs = self.iopub_until_idle(msg_id, timeout)
        return self.wait_reply(msg_id, timeout), outputs

    def value(self, code):
        """The text/plain result of `code`, asserting the cell succeeded."""
        reply, outputs = self.execute(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        return results[0] if results else None

    # --- raw sockets ----------------------------------------------------------
    def raw_socket(self, channel, kind=zmq.DEALER):
        sock = zmq.Context.instance().socket(kind)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(f"{self.info['transport']}://{self.info['ip']}:{self.info[channel + '_port']}")
        return sock

    def recv_all(self, sock, seconds):
        """Messages that arrive on `sock` within `seconds`."""
        out = []
        poller = zmq.Poller()
        poller.register(sock, zmq.POLLIN)
        deadline = time.time() + seconds
        while time.time() < deadline:
            if poller.poll(100):
                _, frames = self.session.feed_identities(sock.recv_multipart())
                out.append(self.session.deserialize(frames))
        return out
