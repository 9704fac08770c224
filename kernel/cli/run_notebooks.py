"""Execute notebooks with the feedbacklab kernel through nbclient; write executed .ipynb,
HTML (charts inline as SVG) and each chart's PNG to the output folder. Exit 1 if any cell errors.
With --progress-fd N, writes a JSON line per executed cell to that file descriptor (the Node side
draws the progress bar)."""
import argparse, base64, json, os, sys, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    # Per cell. The tutorials' full settings (FEEDBACKLAB_FULL=1) train for tens of minutes in one
    # cell: no limit then.
    ap.add_argument("--timeout", type=int, default=None if os.environ.get("FEEDBACKLAB_FULL") == "1" else 900)
    ap.add_argument("--progress-fd", type=int)
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    progress = os.fdopen(args.progress_fd, "w", buffering=1) if args.progress_fd else None

    def report(**event):
        if progress:
            progress.write(json.dumps(event) + "\n")
    os.makedirs(args.out, exist_ok=True)
    failed = []
    for path in args.notebooks:
        name = os.path.splitext(os.path.basename(path))[0]
        nb = nbformat.read(path, as_version=4)
        code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
        done = [0]

        def on_cell_executed(cell, cell_index, execute_reply):
            done[0] += 1
            report(notebook=name, done=done[0], total=code_cells, failed=execute_reply["content"]["status"] != "ok")

        report(notebook=name, done=0, total=code_cells, failed=False)
        client = NotebookClient(nb, timeout=args.timeout, kernel_name="feedbacklab", on_cell_executed=on_cell_executed,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
        start = time.time()
        error = None
        try:
            client.execute()
        except CellExecutionError as e:
            error = e
        except Exception as e:  # kernel died, timeout: report and go on with the next notebook
            error = e
        seconds = time.time() - start
        nbformat.write(nb, os.path.join(args.out, name + ".ipynb"))
        html, _ = HTMLExporter().from_notebook_node(nb)
        with open(os.path.join(args.out, name + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        pngs = 0
        chart_dir = os.path.join(args.out, name + "_charts")
        for i, cell in enumerate(nb.cells):
            for j, output in enumerate(cell.get("outputs", [])):
                data = output.get("data", {})
                if "image/png" in data:
                    os.makedirs(chart_dir, exist_ok=True)
                    with open(os.path.join(chart_dir, f"cell{i:02d}_{j}.png"), "wb") as f:
                        f.write(base64.b64decode(data["image/png"]))
                    pngs += 1
        status = "FAILED" if error else "ok"
        print(f"{status:6s} {name}: {len(nb.cells)} cells, {pngs} charts, {seconds:.1f} s -> {args.out}/{name}.html", flush=True)
        if error:
            print(str(error)[-3000:], file=sys.stderr, flush=True)
            failed.append(name)
    if failed:
        print(f"notebooks with errors: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
