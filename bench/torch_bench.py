"""The bench's PyTorch side: the same models as feedbacklab's bench, on the thread count of
OMP_NUM_THREADS (training-bench.ts starts one process per count; OPENBLAS_CORETYPE is left as the
user has it). First prints one JSON line naming PyTorch, its BLAS and its threads, then one line
{"model", "steps", "steps_per_s"} per request on stdin."""
import json, os, sys, time

threads = int(os.environ.setdefault("OMP_NUM_THREADS", "1"))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))
try:
    import torch
except ImportError:
    print(json.dumps({"error": f"PyTorch is not installed for {sys.executable}. Debian: apt-get install python3-torch libopenblas0-pthread; or set FEEDBACKLAB_PYTHON to a Python that has it"}), flush=True)
    sys.exit(0)

torch.set_num_threads(threads)
torch.manual_seed(0)


def blas_libraries():
    """The BLAS and oneDNN libraries this process has loaded (after a product ran)."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    names = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                base = os.path.basename(os.path.realpath(path)) if path.startswith("/") else ""
                if any(k in base for k in ("blas", "mkl", "dnnl", "blis")):
                    names.add(os.path.realpath(path).replace("/usr/lib/x86_64-linux-gnu/", ""))
    except OSError:
        pass
    return sorted(names) or ["unknown"]


def mlp(sizes):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def bench_mlp(steps, sizes=(784, 400, 400, 10), batch=128):
    model = mlp(list(sizes))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch * steps, sizes[0])
    y = torch.randint(0, sizes[-1], (batch * steps,))
    loss_fn = torch.nn.CrossEntropyLoss()
    t = time.perf_counter()
    for s in range(steps):
        xb, yb = x[s * batch:(s + 1) * batch], y[s * batch:(s + 1) * batch]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        loss.item()
    return steps / (time.perf_counter() - t)


def bench_big(steps):
    return bench_mlp(steps, (784, 2048, 2048, 10), 512)


def bench_bt(steps):
    model = mlp([64, 128, 128, 1])
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    items = torch.randn(4000, 64)
    a = torch.randint(0, 4000, (256 * steps,))
    b = torch.randint(0, 4000, (256 * steps,))
    label = torch.randint(0, 2, (256 * steps,)).float()
    t = time.perf_counter()
    for s in range(steps):
        sl = slice(s * 256, (s + 1) * 256)
        opt.zero_grad()
        ra = model(items[a[sl]]).squeeze(1)
        rb = model(items[b[sl]]).squeeze(1)
        sign = 2 * label[sl] - 1
        loss = torch.nn.functional.softplus(-sign * (ra - rb)).mean()
        loss.backward()
        opt.step()
        loss.item()
    return steps / (time.perf_counter() - t)


BENCHES = {"mlp": bench_mlp, "bradley-terry": bench_bt, "big-mlp": bench_big}
print(json.dumps({"torch": torch.__version__, "python": sys.executable, "blas": blas_libraries(), "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    fn = BENCHES[req["model"]]
    fn(2)  # warm-up
    print(json.dumps({"model": req["model"], "steps": req["steps"], "steps_per_s": fn(req["steps"])}), flush=True)
