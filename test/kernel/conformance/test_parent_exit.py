"""A kernel whose client dies ends too, as ipykernel's does (jupyter_client names itself in
JPY_PARENT_PID): a client process starts the kernel, runs a cell, and is killed with SIGKILL; the
kernel must be gone within seconds instead of running on, holding its memory, with nobody to
talk to; also when a busy cell holds its main thread. While the client lives, the kernel stays."""
import os
import signal
import subprocess
import time
import unittest

CLIENT = r'''
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="feedbacklab")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
reply = kc.execute_interactive("const kept = 41 + 1\nkept", timeout=60, output_hook=lambda m: None)
if sys.argv[1] == "busy":
    kc.execute("while (true) {}")
    time.sleep(0.5)
print(km.provisioner.process.pid, reply["content"]["status"], flush=True)
time.sleep(600)
'''


def alive(pid):
    """Running, not a zombie waiting for whoever adopted it."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(l for l in f if l.startswith("State:")).split()[1] != "Z"
    except FileNotFoundError:
        return False


class ParentExitTests(unittest.TestCase):
    def test_kernel_ends_when_its_client_is_killed(self):
        self.check_ends_with_client("idle")

    def test_busy_kernel_ends_when_its_client_is_killed(self):
        self.check_ends_with_client("busy")

    def check_ends_with_client(self, mode):
        client = subprocess.Popen(["/usr/bin/python3", "-c", CLIENT, mode], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        pid = None
        try:
            fields = client.stdout.readline().split()
            self.assertEqual(len(fields), 2, "the client did not start the kernel")
            pid = int(fields[0])
            self.assertEqual(fields[1], "ok")
            time.sleep(2.5)  # more than the kernel's check interval
            self.assertTrue(alive(pid), "the kernel ended while its client lived")
            client.send_signal(signal.SIGKILL)
            client.wait()
            deadline = time.time() + 10
            while alive(pid) and time.time() < deadline:
                time.sleep(0.1)
            self.assertFalse(alive(pid), "the kernel runs on after its client was killed")
        finally:
            if client.poll() is None:
                client.kill()
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)
