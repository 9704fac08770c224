"""The bench's PyTorch side: the same models as feedbacklab's bench, one thread, OpenBLAS.
Prints one JSON line {"model", "steps", "steps_per_s"} per request on stdin (one model name per line)."""
import json, os, sys, time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
try:
    import torch
except ImportError:
    print(json.dumps({"error": "PyTorch is not installed. Debian: apt-get install python3-torch libopenblas0-pthread"}), flush=True)
    sys.exit(0)

torch.set_num_threads(1)
torch.manual_seed(0)


def mlp(sizes):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def bench_mlp(steps):
    model = mlp([784, 400, 400, 10])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(128 * steps, 784)
    y = torch.randint(0, 10, (128 * steps,))
    loss_fn = torch.nn.CrossEntropyLoss()
    t = time.perf_counter()
    for s in range(steps):
        xb, yb = x[s * 128:(s + 1) * 128], y[s * 128:(s + 1) * 128]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        loss.item()
    return steps / (time.perf_counter() - t)


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


for line in sys.stdin:
    req = json.loads(line)
    fn = bench_mlp if req["model"] == "mlp" else bench_bt
    fn(3)  # warm-up
    print(json.dumps({"model": req["model"], "steps": req["steps"], "steps_per_s": fn(req["steps"])}), flush=True)
