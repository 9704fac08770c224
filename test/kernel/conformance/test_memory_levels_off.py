"""The kernel's memory levels off over many cells (no leak per cell). A memory assertion, no
timing: the kernel runs 900 cells that declare, print and compute. The measure is the JavaScript
heap after a full collection, read by a cell: the resident size moves by ±100 MiB with the heap's
growth steps and the garbage each cell's type checker leaves (seen between 236 and 370 MiB)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import TIMEOUT, KernelCase  # noqa: E402

HEAP_AFTER_GC = (
    "import { setFlagsFromString } from 'node:v8'\nimport { runInNewContext } from 'node:vm'\n"
    "setFlagsFromString('--expose-gc')\n;(runInNewContext('gc') as () => void)()\n"
    "JSON.stringify({ heap: process.memoryUsage().heapUsed / 2 ** 20, rss: process.memoryUsage().rss / 2 ** 20 })"
)


class MemoryLevelsOffTests(KernelCase):
    def measure(self):
        outputs = []
        reply = self.kc.execute_interactive(HEAP_AFTER_GC, timeout=TIMEOUT, output_hook=outputs.append)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
        text = next(m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result")
        return json.loads(text.strip()[1:-1])  # the string's inspect form: '{...}'

    def test_heap_levels_off_over_900_cells(self):
        # The compiler's background warm-up (feedbacklab's typings, ~20 MiB of heap) waits while
        # cells come back to back: let it finish first, or it lands between two samples.
        self.wait_for_warm_up()
        samples = []
        for i in range(900):
            code = f"const v{i} = [{i}, {i} * 2].map((x) => x + 1)\nconsole.log(v{i}.length)\nv{i}[0]"
            reply = self.kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda m: None)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"].get("evalue"))
            if i % 300 == 299:
                samples.append(self.measure())
        # After 300 cells the compiler is warm; the 600 cells after hold a few KiB each of real
        # state (a declaration, a history entry, an error map): growth must stay under 20 MiB
        # (a leak of 100 KiB a cell would show 60 MiB).
        growth = samples[-1]["heap"] - samples[0]["heap"]
        self.assertLess(growth, 20, f"heap / RSS after 300, 600, 900 cells (MiB): {[(round(s['heap']), round(s['rss'])) for s in samples]}")
