#!/usr/bin/env python3
"""PyTorch GPU reference timings for the two nanoGPT Shakespeare-char configurations.

The reference that bench/gpu-check's speed step measures the Java CUDA backend against
(gpu_ratio = Java ms/step / PyTorch fp32 ms/step). bench/pytorch_gpt.py is CPU-only: it
has no --device option and its CONFIG is nanoGPT's CPU run. This wrapper imports its GPT
model, get_lr and load_data unchanged (from beside this file, as in the GPU kit, or from
bench/) and trains on CUDA the way nanoGPT's train.py does there: batches pinned and
copied non-blocking, fused AdamW, and (mode bf16) bfloat16 autocast with TF32 matmuls.
Adapted from ../shared/gpu-probe/torch_gpu_bench.py.

  gpu config: nanoGPT config/train_shakespeare_char.py: 6 layers, 6 heads, 384 dims,
              block 256, batch 64, dropout 0.2 (10.65M parameters)
  cpu config: the README's CPU overrides: 4 layers, 4 heads, 128 dims, block 64,
              batch 12, dropout 0 (0.80M parameters)

Modes: fp32 (TF32 off), tf32 (TF32 matmuls), bf16 (autocast bfloat16 + TF32; nanoGPT's
default on Ampere and newer). Each (config, mode) runs --warmup steps, then --steps timed
steps; a step is batch sampling, forward, backward, clipping, the optimizer step and
loss.item() (which synchronises). Prints ms/step (median) per run and one JSON line.

Usage: python3 torch_gpu_bench.py [--data PATH] [--steps 50] [--warmup 10]
           [--configs gpu] [--modes fp32] [--compile] [--device cuda]
The last line is "torch_gpu_bench: OK" or "torch_gpu_bench: FAILED ..."; the line before it
is "torch_gpu_bench: " and a JSON list with one object per (config, mode) run.
"""

import argparse
import contextlib
import json
import math
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import torch  # noqa: E402
except ImportError as e:
    sys.exit(f"torch_gpu_bench: FAILED PyTorch cannot be imported: {e}")

import pytorch_gpt as ref  # noqa: E402  (the project's reference model, unmodified, beside this file)

MODEL_CONFIGS = {
    "gpu": dict(block_size=256, batch_size=64, n_layer=6, n_head=6, n_embd=384, dropout=0.2,
                bias=False, lr_decay_iters=5000),
    "cpu": dict(block_size=64, batch_size=12, n_layer=4, n_head=4, n_embd=128, dropout=0.0,
                bias=False, lr_decay_iters=2000),
}
# the GPU kit carries the text in data/; in the repository it lies in ../shared/datasets
DEFAULT_DATA = next((p for p in (os.path.join(HERE, "data", "tinyshakespeare.txt"),
                                 os.path.join(HERE, "..", "..", "shared", "datasets", "tinyshakespeare.txt"))
                     if os.path.isfile(p)), os.path.join(HERE, "data", "tinyshakespeare.txt"))


def make_optimizer(model, c, device_type):
    """nanoGPT's configure_optimizers: decay 2-D parameters only, fused AdamW on CUDA."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": c["weight_decay"]},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    extra = {"fused": True} if device_type == "cuda" else {}
    return torch.optim.AdamW(groups, lr=c["learning_rate"], betas=(c["beta1"], c["beta2"]), **extra)


def set_tf32(enabled):
    """TF32 for fp32 matmuls/convolutions: the fp32_precision API (PyTorch >= 2.9) or allow_tf32."""
    mode = "tf32" if enabled else "ieee"
    matmul = torch.backends.cuda.matmul
    if hasattr(matmul, "fp32_precision"):
        matmul.fp32_precision = mode
        conv = getattr(torch.backends.cudnn, "conv", None)
        if conv is not None and hasattr(conv, "fp32_precision"):
            conv.fp32_precision = mode
    else:
        matmul.allow_tf32 = enabled
        torch.backends.cudnn.allow_tf32 = enabled


def get_batch(data, c, device):
    """nanoGPT's get_batch: random windows, pinned and copied asynchronously on CUDA."""
    x, y = ref.get_batch(data, c)
    if device.type == "cuda":
        return x.pin_memory().to(device, non_blocking=True), y.pin_memory().to(device, non_blocking=True)
    return x.to(device), y.to(device)


def run_one(name, mode, args, train_data, vocab, device):
    c = dict(ref.CONFIG)
    c.update(MODEL_CONFIGS[name])
    c["vocab_size"] = vocab
    tf32 = mode in ("tf32", "bf16")
    if device.type == "cuda":
        set_tf32(tf32)
    torch.manual_seed(args.seed)
    model = ref.GPT(c).to(device)
    model.train()
    opt = make_optimizer(model, c, device.type)
    step_model = torch.compile(model) if args.compile else model
    if mode == "bf16":
        ctx = torch.autocast(device_type=device.type, dtype=torch.bfloat16)
    else:
        ctx = contextlib.nullcontext()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)

    times = []
    loss_val = float("nan")
    t_all = time.perf_counter()
    for it in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        lr = ref.get_lr(it, c)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = get_batch(train_data, c, device)
        with ctx:
            loss = step_model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), c["grad_clip"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        loss_val = loss.item()  # synchronises, as nanoGPT's logging does
        dt = (time.perf_counter() - t0) * 1000.0
        if it >= args.warmup:
            times.append(dt)
    wall = time.perf_counter() - t_all
    ms = statistics.median(times)
    tokens = c["batch_size"] * c["block_size"]
    peak = torch.cuda.max_memory_allocated(device) / 2**20 if device.type == "cuda" else None
    row = {
        "config": name, "mode": mode, "compile": bool(args.compile),
        "params_m": round(model.num_params() / 1e6, 2),
        "ms_per_step": round(ms, 3), "ms_mean": round(statistics.mean(times), 3),
        "ms_min": round(min(times), 3), "tokens_per_s": round(tokens / (ms / 1000.0)),
        "loss": round(loss_val, 4), "peak_mem_mib": None if peak is None else round(peak, 1),
        "wall_s": round(wall, 2),
        "timed_steps": len(times),
    }
    print(f"{name:4s} {mode:5s} params {row['params_m']:6.2f}M  ms/step {ms:8.2f} (mean {row['ms_mean']:.2f}, "
          f"min {row['ms_min']:.2f})  tokens/s {row['tokens_per_s']:>9}  loss {loss_val:.4f}  "
          f"peak {'-' if peak is None else f'{peak:.0f}'} MiB  wall {wall:.1f}s", flush=True)
    del model, opt, step_model
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("DATA", DEFAULT_DATA))
    ap.add_argument("--steps", type=int, default=50, help="timed steps per run")
    ap.add_argument("--warmup", type=int, default=10, help="untimed steps first")
    ap.add_argument("--configs", default="gpu", help="gpu, cpu or both, comma-separated")
    ap.add_argument("--modes", default="fp32", help="fp32, tf32, bf16, comma-separated")
    ap.add_argument("--compile", action="store_true", help="torch.compile the model (slow start)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--seed", type=int, default=1337)
    args = ap.parse_args()

    if not os.path.isfile(args.data):
        sys.exit(f"torch_gpu_bench.py: FAILED data file not found: {args.data}")
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("torch_gpu_bench.py: FAILED torch.cuda.is_available() is False")
    print(f"torch {torch.__version__}, cuda {torch.version.cuda}, python {sys.version.split()[0]}, device "
          + (torch.cuda.get_device_name(device) if device.type == "cuda" else str(device)), flush=True)
    train_data, _val, vocab = ref.load_data(args.data)
    print(f"data {os.path.normpath(args.data)}: {len(train_data)} train tokens, vocab {vocab}; "
          f"warmup {args.warmup}, timed {args.steps} steps per run", flush=True)

    rows = []
    for name in [s for s in args.configs.split(",") if s]:
        if name not in MODEL_CONFIGS:
            sys.exit(f"torch_gpu_bench.py: FAILED unknown config {name}")
        for mode in [s for s in args.modes.split(",") if s]:
            if mode not in ("fp32", "tf32", "bf16"):
                sys.exit(f"torch_gpu_bench.py: FAILED unknown mode {mode}")
            try:
                rows.append(run_one(name, mode, args, train_data, vocab, device))
            except Exception as e:  # report and go on with the next run
                print(f"{name} {mode}: FAILED {type(e).__name__}: {e}", flush=True)
                rows.append({"config": name, "mode": mode, "error": f"{type(e).__name__}: {e}"})
    print("torch_gpu_bench: " + json.dumps(rows), flush=True)
    ok = all("error" not in r for r in rows) and not any(math.isnan(r.get("loss", 0.0)) for r in rows)
    print("torch_gpu_bench: OK" if ok else "torch_gpu_bench: FAILED (see above)", flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
