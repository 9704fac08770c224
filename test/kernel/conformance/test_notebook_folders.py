"""Notebooks outside this repository: a kernel started in a folder of the user's own (as Jupyter
starts it for a notebook there) imports what feedbacklab's API exposes, with types, and prefers
the folder's own node_modules. Real Jupyter client, real kernel; run with /usr/bin/python3."""
import json
import os
import sys
import tempfile
import unittest

from jupyter_client.manager import start_new_kernel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import run_cell  # noqa: E402

TIMEOUT = 120


def run(kc, code):
    return run_cell(kc, code, TIMEOUT)  # training in an empty folder may take longer than the harness's default


class OutsideRepositoryTests(unittest.TestCase):
    def start(self, folder):
        km, kc = start_new_kernel(kernel_name="feedbacklab", cwd=folder, startup_timeout=TIMEOUT)
        self.addCleanup(km.shutdown_kernel, now=True)
        self.addCleanup(kc.stop_channels)
        return kc

    def test_empty_folder_imports_tfjs_arquero_feedbacklab_with_types_and_trains(self):
        folder = tempfile.mkdtemp(prefix="fbl-outside-")
        kc = self.start(folder)
        content, _, _ = run(kc, "import * as tf from '@tensorflow/tfjs'\nimport * as aq from 'arquero'\nimport { mlp, fit, spirals } from 'feedbacklab'")
        self.assertEqual(content["status"], "ok", content.get("evalue"))
        # Types, not `any`: a wrong use of each package is a compile error.
        for bad, name in [("const n: number = tf.scalar(1)", "Scalar"), ("const s: string = aq.table({ a: [1] })", "ColumnTable")]:
            content, _, _ = run(kc, bad)
            self.assertEqual(content["status"], "error", bad)
            self.assertEqual(content["ename"], "TypeScriptError")
            self.assertIn(name, content["evalue"])
        code = (
            "const data = spirals({ perClass: 32, classes: 2, seed: 1 })\n"
            "const model = mlp({ inputDim: 2, hidden: [8], outputDim: 2, seed: 1 })\n"
            "const history = await fit(model, data.x, data.y, { epochs: 2, batchSize: 32, seed: 1 })\n"
            "history.numRows()"
        )
        content, results, errors = run(kc, code)
        self.assertEqual(content["status"], "ok", content.get("evalue"))
        self.assertEqual(results, ["2"])
        # The cell's declarations carried the arquero type into the next cell.
        content, results, _ = run(kc, "const rows: number = history.numRows()\nconst wrong: string = history")
        self.assertEqual(content["status"], "error")
        self.assertIn("ColumnTable", content["evalue"])

    def test_folder_node_modules_come_first(self):
        folder = tempfile.mkdtemp(prefix="fbl-own-modules-")
        pkg = os.path.join(folder, "node_modules", "arquero")
        os.makedirs(pkg)
        with open(os.path.join(pkg, "package.json"), "w") as f:
            json.dump({"name": "arquero", "version": "0.0.1-local", "main": "index.js", "types": "index.d.ts"}, f)
        with open(os.path.join(pkg, "index.js"), "w") as f:
            f.write("exports.whose = 'the notebook folder';\n")
        with open(os.path.join(pkg, "index.d.ts"), "w") as f:
            f.write("export declare const whose: string;\n")
        kc = self.start(folder)
        content, results, _ = run(kc, "import { whose } from 'arquero'\nwhose")
        self.assertEqual(content["status"], "ok", content.get("evalue"))
        self.assertEqual(results, ["'the notebook folder'"])


if __name__ == "__main__":
    unittest.main()
