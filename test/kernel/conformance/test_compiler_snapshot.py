"""The compiler snapshot: a kernelspec written by `feedbacklab install` starts the kernel from a V8
startup snapshot holding TypeScript and the parsed typings; with a stamp that does not match (a
new Node.js binary, a damaged blob) it starts without one instead of failing. Real install, real
kernels through jupyter_client; run with /usr/bin/python3."""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import run_cell  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TIMEOUT = 120


class CompilerSnapshotTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.mkdtemp(prefix="fbl-snapshot-")
        subprocess.run(["node", os.path.join(ROOT, "kernel/bin/feedbacklab.js"), "install", "--prefix", cls.prefix, "--quiet", "--no-native"], check=True)
        cls.kernels = os.path.join(cls.prefix, "share", "jupyter", "kernels")
        cls.blob = os.path.join(cls.kernels, "feedbacklab", "compiler.blob")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def start(self, kernels_dir, env=None):
        log = tempfile.NamedTemporaryFile(prefix="fbl-snapshot-log-", suffix=".txt", delete=False)
        self.addCleanup(os.unlink, log.name)
        km = KernelManager(kernel_name="feedbacklab", kernel_spec_manager=KernelSpecManager(kernel_dirs=[kernels_dir]))
        km.start_kernel(stderr=log, cwd=ROOT, env={**os.environ, **(env or {})})
        self.addCleanup(km.shutdown_kernel, now=True)
        kc = km.client()
        kc.start_channels()
        self.addCleanup(kc.stop_channels)
        kc.wait_for_ready(timeout=TIMEOUT)
        return kc, log.name

    def read_log(self, path, needle):
        deadline = time.time() + 10
        while time.time() < deadline:
            with open(path, encoding="utf8", errors="replace") as f:
                text = f.read()
            if needle in text:
                return text
            time.sleep(0.1)
        return text

    def copy_kernels(self):
        d = tempfile.mkdtemp(prefix="fbl-snapshot-copy-")
        self.addCleanup(shutil.rmtree, d, ignore_errors=True)
        shutil.copytree(os.path.join(self.kernels, "feedbacklab"), os.path.join(d, "feedbacklab"))
        # The launcher names the blob by its absolute path: point the copy at its own.
        spec_file = os.path.join(d, "feedbacklab", "kernel.json")
        with open(spec_file) as f:
            spec = f.read()
        with open(spec_file, "w") as f:
            f.write(spec.replace(self.blob, os.path.join(d, "feedbacklab", "compiler.blob")))
        blob = os.path.join(d, "feedbacklab", "compiler.blob")
        # ...and restamp it (a copy is another file), so that only what a test breaks differs.
        with open(blob + ".stamp") as f:
            node_identity = f.readline().strip()
        st = os.stat(blob)
        with open(blob + ".stamp", "w") as f:
            f.write(f"{node_identity}\n{st.st_size}:{int(st.st_mtime)}:{st.st_ino}\n")
        return d, blob

    def test_install_builds_a_blob_with_its_stamp(self):
        self.assertGreater(os.path.getsize(self.blob), 10 * 2**20)
        with open(self.blob + ".stamp") as f:
            lines = f.read().split()
        self.assertEqual(len(lines), 2)  # the Node.js binary's identity and the blob's

    def test_kernel_from_the_snapshot_checks_types_and_shows_tsdoc(self):
        kc, log = self.start(self.kernels)
        reply, results, _ = run_cell(kc, "const n: number = 20 + 22\nn", TIMEOUT)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(results, ["42"])
        self.assertRegex(self.read_log(log, "compiler snapshot:"), r"compiler snapshot: \d+ typings files parsed and bound")
        # Types from the snapshot's standard library and @types/node.
        reply, _, errors = run_cell(kc, "const s: string = [1, 2].map((x) => x * 2)", TIMEOUT)
        self.assertEqual(reply["status"], "error")
        self.assertIn("not assignable to type 'string'", errors[0]["evalue"])
        reply, results, _ = run_cell(kc, "import { join } from 'node:path'\njoin('a', 'b')", TIMEOUT)
        self.assertEqual(results, ["'a/b'"])
        # TSDoc parsed into the snapshot is shown on inspect.
        code = "Math.max"
        msg_id = kc.inspect(code, len(code))
        inspected = kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(inspected["parent_header"]["msg_id"], msg_id)
        self.assertIn("Returns the larger of a set", inspected["content"]["data"]["text/plain"])
        # Packages outside the snapshot are still read and checked.
        reply, results, _ = run_cell(kc, "import * as aq from 'arquero'\naq.table({ a: [1, 2, 3] }).numRows()", TIMEOUT)
        self.assertEqual(results, ["3"])

    def test_stamp_of_another_node_binary_starts_without_the_snapshot(self):
        d, blob = self.copy_kernels()
        with open(blob + ".stamp", "w") as f:
            f.write("1:2:3\n4:5:6\n")
        kc, log = self.start(d)
        reply, results, _ = run_cell(kc, "const n: number = 1 + 1\nn", TIMEOUT)
        self.assertEqual((reply["status"], results), ("ok", ["2"]))
        self.assertIn("started without the compiler snapshot", self.read_log(log, "started without"))

    def test_v8_flags_in_node_options_start_without_the_snapshot(self):
        # Node.js refuses a snapshot made under other V8 flags: the kernel must start anyway.
        kc, log = self.start(self.kernels, env={"NODE_OPTIONS": "--max-old-space-size=3000"})
        reply, results, _ = run_cell(kc, "require('v8').getHeapStatistics().heap_size_limit > 2.5 * 2 ** 30", TIMEOUT)
        self.assertEqual((reply["status"], results), ("ok", ["true"]))
        self.assertIn("started without the compiler snapshot", self.read_log(log, "started without"))

    def test_no_snapshot_install_removes_an_earlier_blob(self):
        prefix = tempfile.mkdtemp(prefix="fbl-nosnap-")
        self.addCleanup(shutil.rmtree, prefix, ignore_errors=True)
        install = ["node", os.path.join(ROOT, "kernel/bin/feedbacklab.js"), "install", "--prefix", prefix, "--quiet", "--no-native"]
        subprocess.run(install, check=True)
        kernels = os.path.join(prefix, "share", "jupyter", "kernels")
        self.assertTrue(os.path.exists(os.path.join(kernels, "feedbacklab", "compiler.blob")))
        subprocess.run(install + ["--no-snapshot"], check=True)
        self.assertEqual(sorted(os.listdir(os.path.join(kernels, "feedbacklab"))), ["kernel.json", "logo-32x32.png", "logo-64x64.png"])
        kc, log = self.start(kernels)
        self.assertEqual(run_cell(kc, "2 * 21", TIMEOUT)[1], ["42"])
        self.assertIn("started without the compiler snapshot", self.read_log(log, "started without"))

    def test_damaged_blob_starts_without_the_snapshot(self):
        # Node.js crashes on a truncated snapshot: the stamp's size of the blob must catch it.
        d, blob = self.copy_kernels()
        with open(blob, "r+b") as f:
            f.truncate(os.path.getsize(blob) // 2)
        kc, log = self.start(d)
        reply, results, _ = run_cell(kc, "'still' + ' here'", TIMEOUT)
        self.assertEqual((reply["status"], results), ("ok", ["'still here'"]))
        self.assertIn("started without the compiler snapshot", self.read_log(log, "started without"))


if __name__ == "__main__":
    unittest.main()
