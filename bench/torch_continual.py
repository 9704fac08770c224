"""The continual bench's PyTorch side: the same loop as feedbacklab's trainContinual with replay at the
paper's settings (Split Fashion-MNIST 5 x 2 classes, MLP 784-400-400-10, SGD lr 0.01 momentum 0.9,
batch 256 new + 256 from a 2000-example reservoir, loss weight 0.3 on new data, evaluation of every
seen task after every iteration on 1000 test images each), one thread.
Reads one JSON request per line on stdin ({"iterations": N}) and prints {"seconds", "cpu_seconds"} per
request (CPU time of this process: steadier than wall time on a shared machine)."""
import gzip, json, os, random, sys, time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
try:
    import numpy as np
    import torch
except ImportError:
    print(json.dumps({"error": "PyTorch is not installed. Debian: apt-get install python3-torch libopenblas0-pthread"}), flush=True)
    sys.exit(0)

torch.set_num_threads(1)
DATA = "/usr/share/datasets/fashion-mnist"


def idx(name, offset):
    with gzip.open(os.path.join(DATA, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load():
    xtr = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    ytr = idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)
    xte = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
    yte = idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    tasks = []
    for t in range(5):
        tr = np.isin(ytr, [2 * t, 2 * t + 1])
        te = np.nonzero(np.isin(yte, [2 * t, 2 * t + 1]))[0][:1000]
        tasks.append((torch.from_numpy(xtr[tr]), torch.from_numpy(ytr[tr]), torch.from_numpy(xte[te]), torch.from_numpy(yte[te])))
    return tasks


def run(tasks, iterations, batch=256, memory_size=2000, new_weight=0.3, seed=0):
    torch.manual_seed(seed)
    rand = random.Random(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 400), torch.nn.ReLU(), torch.nn.Linear(400, 400), torch.nn.ReLU(), torch.nn.Linear(400, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    # global row numbers into one tensor of all training images, so a memory batch is one index
    all_x = torch.cat([t[0] for t in tasks])
    all_y = torch.cat([t[1] for t in tasks])
    starts = np.cumsum([0] + [len(t[1]) for t in tasks])
    memory, seen = [], 0
    accuracies = []
    t0, c0 = time.perf_counter(), time.process_time()
    for k, (x, y, _, _) in enumerate(tasks):
        test_x = torch.cat([t[2] for t in tasks[: k + 1]])
        test_y = torch.cat([t[3] for t in tasks[: k + 1]])
        counts = [len(t[3]) for t in tasks[: k + 1]]
        for _ in range(iterations):
            idx_new = [rand.randrange(len(y)) for _ in range(batch)]
            xb, yb = x[idx_new], y[idx_new]
            loss = loss_fn(model(xb), yb)
            if k > 0 and memory:
                rows = torch.tensor([memory[rand.randrange(len(memory))] for _ in range(batch)])
                xm, ym = all_x[rows], all_y[rows]
                loss = new_weight * loss + (1 - new_weight) * loss_fn(model(xm), ym)
            opt.zero_grad()
            loss.backward()
            opt.step()
            for i in idx_new:  # reservoir sampling
                seen += 1
                if len(memory) < memory_size:
                    memory.append(int(starts[k]) + i)
                else:
                    j = rand.randrange(seen)
                    if j < memory_size:
                        memory[j] = int(starts[k]) + i
            with torch.no_grad():
                hits = (model(test_x).argmax(1) == test_y).float()
                accuracies.append([float(h.mean()) for h in torch.split(hits, counts)])
    return time.perf_counter() - t0, time.process_time() - c0, accuracies


def main():
    tasks = load()
    for line in sys.stdin:
        req = json.loads(line)
        seconds, cpu_seconds, acc = run(tasks, req["iterations"])
        print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "final_accuracy": acc[-1]}), flush=True)


if __name__ == "__main__":
    main()
