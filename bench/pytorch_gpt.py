#!/usr/bin/env python3
"""PyTorch reference for the GPT benchmark: nanoGPT's CPU configuration.

A self-contained re-implementation of Karpathy's nanoGPT (model.py + train.py)
with the settings of the README's "I only have a macbook" CPU run on
config/train_shakespeare_char.py:

    char-level Tiny Shakespeare, 90/10 contiguous split, vocab 65
    block_size 64, batch_size 12, n_layer 4, n_head 4, n_embd 128
    dropout 0.0, bias False, tied wte/lm_head
    AdamW lr 1e-3, betas (0.9, 0.99), weight_decay 0.1 on 2-D params only
    linear warm-up 100 steps, cosine decay to 1e-4 at step 2000, grad clip 1.0

It times every training step (batch sampling, forward, backward, clipping,
optimizer step) and reports the median over the steps after --warmup-steps.
With 2000 steps and --eval the validation loss should come out near 1.88.

Usage:
    python3 bench/pytorch_gpt.py --data PATH [--steps 200] [--threads 2] [--eval] [--json]
    python3 bench/pytorch_gpt.py --golden DIR

--golden DIR writes a parity fixture instead of training, in the spirit of llm.c's test_gpt2:
a tiny model (vocab 17, block 8, n_embd 16, 4 heads, 2 layers, bias, tied head), one fixed
batch, its logits, loss and gradients, and the losses and weights of three AdamW steps, as raw
little-endian float32/int32 files plus index.json (see write_golden). The Java side reads it in
src/test/java/org/slmworkshop/model/GptParityTest.java.
"""

import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
from torch.nn import functional as F


# ----------------------------------------------------------------------------
# Model (nanoGPT model.py, minus the loading / generation / MFU helpers)

class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (PyTorch's has no bias=False before 2.1)."""

    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):

    def __init__(self, cfg):
        super().__init__()
        assert cfg["n_embd"] % cfg["n_head"] == 0
        self.n_head = cfg["n_head"]
        self.n_embd = cfg["n_embd"]
        self.dropout = cfg["dropout"]
        # query, key, value projections for all heads, fused in one matmul
        self.c_attn = nn.Linear(self.n_embd, 3 * self.n_embd, bias=cfg["bias"])
        self.c_proj = nn.Linear(self.n_embd, self.n_embd, bias=cfg["bias"])
        self.attn_dropout = nn.Dropout(self.dropout)
        self.resid_dropout = nn.Dropout(self.dropout)
        # fused SDPA exists from torch 2.0 on; fall back to the explicit version
        self.flash = hasattr(F, "scaled_dot_product_attention")
        if not self.flash:
            t = cfg["block_size"]
            self.register_buffer("mask", torch.tril(torch.ones(t, t)).view(1, 1, t, t))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        if self.flash:
            y = F.scaled_dot_product_attention(
                q, k, v, attn_mask=None,
                dropout_p=self.dropout if self.training else 0.0, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf"))
            att = F.softmax(att, dim=-1)
            att = self.attn_dropout(att)
            y = att @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble heads
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):

    def __init__(self, cfg):
        super().__init__()
        self.c_fc = nn.Linear(cfg["n_embd"], 4 * cfg["n_embd"], bias=cfg["bias"])
        self.gelu = nn.GELU()  # exact (erf) GELU, as in nanoGPT
        self.c_proj = nn.Linear(4 * cfg["n_embd"], cfg["n_embd"], bias=cfg["bias"])
        self.dropout = nn.Dropout(cfg["dropout"])

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    """Pre-LN transformer block."""

    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = LayerNorm(cfg["n_embd"], bias=cfg["bias"])
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = LayerNorm(cfg["n_embd"], bias=cfg["bias"])
        self.mlp = MLP(cfg)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg["vocab_size"], cfg["n_embd"]),
            wpe=nn.Embedding(cfg["block_size"], cfg["n_embd"]),
            drop=nn.Dropout(cfg["dropout"]),
            h=nn.ModuleList([Block(cfg) for _ in range(cfg["n_layer"])]),
            ln_f=LayerNorm(cfg["n_embd"], bias=cfg["bias"]),
        ))
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight tying

        self.apply(self._init_weights)
        # scaled init of the residual projections, per GPT-2
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg["n_layer"]))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self):
        """Parameter count without the position embeddings (nanoGPT's convention)."""
        return sum(p.numel() for p in self.parameters()) - self.transformer.wpe.weight.numel()

    def logits(self, idx):
        """(B, T, V) logits at every position, as nanoGPT's forward computes them when given targets."""
        b, t = idx.size()
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        return self.lm_head(x)

    def forward(self, idx, targets):
        logits = self.logits(idx)
        return F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))

    def configure_optimizer(self, weight_decay, learning_rate, betas, **extra):
        # every 2-D parameter (matmul weights, embeddings) is decayed; gains/biases are not
        params = [p for p in self.parameters() if p.requires_grad]  # tied weight counted once
        decay = [p for p in params if p.dim() >= 2]
        no_decay = [p for p in params if p.dim() < 2]
        groups = [
            {"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ]
        return torch.optim.AdamW(groups, lr=learning_rate, betas=betas, **extra)


# ----------------------------------------------------------------------------
# Training (nanoGPT train.py, single process, no gradient accumulation)

CONFIG = dict(
    block_size=64, batch_size=12, n_layer=4, n_head=4, n_embd=128,
    dropout=0.0, bias=False,
    learning_rate=1e-3, min_lr=1e-4, warmup_iters=100, lr_decay_iters=2000,
    weight_decay=0.1, beta1=0.9, beta2=0.99, grad_clip=1.0,
    eval_iters=20,
)


def get_lr(it, c):
    """Linear warm-up, then cosine decay to min_lr (nanoGPT's get_lr)."""
    if it < c["warmup_iters"]:
        return c["learning_rate"] * (it + 1) / (c["warmup_iters"] + 1)
    if it > c["lr_decay_iters"]:
        return c["min_lr"]
    ratio = (it - c["warmup_iters"]) / (c["lr_decay_iters"] - c["warmup_iters"])
    coeff = 0.5 * (1.0 + math.cos(math.pi * ratio))
    return c["min_lr"] + coeff * (c["learning_rate"] - c["min_lr"])


def load_data(path):
    with open(path, "r", encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    data = torch.tensor([stoi[ch] for ch in text], dtype=torch.long)
    n = int(0.9 * len(data))
    return data[:n], data[n:], len(chars)


def get_batch(data, c):
    ix = torch.randint(len(data) - c["block_size"], (c["batch_size"],))
    x = torch.stack([data[i:i + c["block_size"]] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + c["block_size"]] for i in ix])
    return x, y


@torch.no_grad()
def estimate_loss(model, splits, c):
    model.eval()
    out = {}
    for name, data in splits.items():
        losses = torch.zeros(c["eval_iters"])
        for k in range(c["eval_iters"]):
            losses[k] = model(*get_batch(data, c)).item()
        out[name] = losses.mean().item()
    model.train()
    return out


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


# ----------------------------------------------------------------------------
# Golden parity fixture (--golden DIR), in the spirit of llm.c's test_gpt2

GOLDEN_CONFIG = dict(
    vocab_size=17, block_size=8, n_embd=16, n_head=4, n_layer=2,
    dropout=0.0, bias=True,  # lm_head is always tied to wte in this GPT, as in nanoGPT
)
GOLDEN_SEED = 1337           # torch.manual_seed before building the model (nanoGPT's init)
GOLDEN_PERTURB_SEED = 1338   # generator for the perturbation added after the init
GOLDEN_PERTURB_STD = 0.1     # every parameter += N(0, 0.1²), so gradients sit far above float32 noise
GOLDEN_BATCH_SEED = 42       # generator for the token ids
GOLDEN_B, GOLDEN_T = 3, 8
GOLDEN_OPT = dict(lr=1e-2, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.1, grad_clip=1.0, steps=3)


def write_golden(out_dir, command):
    """Writes the tiny-model fixture into out_dir: one raw little-endian file per tensor plus index.json."""
    import numpy as np

    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(out_dir, exist_ok=True)
    c = dict(GOLDEN_CONFIG)

    # nanoGPT's init from seed 1337 (normal 0.02, residual projections 0.02/sqrt(2·n_layer),
    # zero biases, unit LayerNorm gains), then every parameter (tied weight once, in
    # named_parameters order) gets N(0, 0.1²) noise from its own generator: biases and gains
    # move off 0 and 1 and the weights grow, so no gradient is a rounding residue.
    torch.manual_seed(GOLDEN_SEED)
    model = GPT(c)
    model.train()  # dropout is 0.0, so train and eval forwards agree
    noise = torch.Generator().manual_seed(GOLDEN_PERTURB_SEED)
    with torch.no_grad():
        for _, p in model.named_parameters():
            p.add_(torch.randn(p.shape, generator=noise) * GOLDEN_PERTURB_STD)

    # one fixed batch: a (B, T+1) window of ids, inputs = [:, :T], targets = [:, 1:]
    gen = torch.Generator().manual_seed(GOLDEN_BATCH_SEED)
    window = torch.randint(0, c["vocab_size"], (GOLDEN_B, GOLDEN_T + 1), generator=gen)
    x, y = window[:, :-1].contiguous(), window[:, 1:].contiguous()

    entries = []

    def save(kind, name, tensor, dtype):
        sub = {"inputs": "", "targets": "", "logits": ""}.get(kind, kind + "/")
        ext = "i32" if dtype == "int32" else "f32"
        rel = f"{sub}{name}.{ext}"
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        arr = tensor.detach().cpu().numpy().astype("<i4" if dtype == "int32" else "<f4")
        with open(path, "wb") as f:
            f.write(np.ascontiguousarray(arr).tobytes())
        entries.append({"kind": kind, "name": name, "file": rel, "shape": list(arr.shape), "dtype": dtype})

    # named_parameters() yields the tied wte/lm_head tensor once, as transformer.wte.weight
    named = list(model.named_parameters())
    assert named[0][0] == "transformer.wte.weight" and model.lm_head.weight is model.transformer.wte.weight
    assert "lm_head.weight" not in dict(named)

    save("inputs", "inputs", x, "int32")
    save("targets", "targets", y, "int32")
    for name, p in named:
        save("param", name, p, "float32")

    logits = model.logits(x)
    loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
    loss.backward()
    save("logits", "logits", logits, "float32")
    grad_norm = math.sqrt(sum(float(p.grad.double().pow(2).sum()) for _, p in named))
    for name, p in named:
        save("grad", name, p.grad, "float32")

    o = GOLDEN_OPT
    extra = {"foreach": False}
    if "fused" in torch.optim.AdamW.__init__.__code__.co_varnames:
        extra["fused"] = False
    opt = model.configure_optimizer(o["weight_decay"], o["lr"], o["betas"], eps=o["eps"], **extra)
    step_losses = []
    for _ in range(o["steps"]):
        opt.zero_grad(set_to_none=True)
        step_loss = model(x, y)
        step_loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), o["grad_clip"])
        opt.step()
        step_losses.append(step_loss.item())
    for name, p in named:
        save("after_adamw", name, p, "float32")

    index = {
        "description": "Parity fixture for the GPT: nanoGPT model.py in PyTorch, float32, one thread. "
                       "Raw little-endian float32 (.f32) / int32 (.i32), row-major in the given shape, "
                       "PyTorch layouts (nn.Linear weight is (out, in)), nanoGPT state-dict names.",
        "command": command,
        "torch_version": torch.__version__,
        "config": dict(c, tied_weights=True),
        "init": {
            "seed": GOLDEN_SEED,
            "scheme": "nanoGPT _init_weights: Linear/Embedding weights N(0, 0.02^2), biases 0, LayerNorm gains 1, "
                      "*.c_proj.weight N(0, (0.02/sqrt(2*n_layer))^2); torch.manual_seed(seed) before GPT(config)",
            "perturbation": f"then every parameter in named_parameters() order += N(0, {GOLDEN_PERTURB_STD}^2) "
                            f"drawn with torch.Generator().manual_seed({GOLDEN_PERTURB_SEED}), "
                            "so that every gradient is well above float32 noise",
        },
        "batch": {
            "B": GOLDEN_B, "T": GOLDEN_T, "seed": GOLDEN_BATCH_SEED,
            "scheme": "window = torch.randint(0, vocab, (B, T+1), generator=torch.Generator().manual_seed(seed)); "
                      "inputs = window[:, :T], targets = window[:, 1:]",
        },
        "tied_weights": {
            "transformer.wte.weight": "lm_head.weight",
            "note": "lm_head.weight is the same tensor as transformer.wte.weight (nanoGPT's weight tying); it is "
                    "written once, as transformer.wte.weight, and its gradient is the sum of both uses",
        },
        "loss": loss.item(),
        "loss_note": "mean cross-entropy over all B*T positions of the logits, before any optimizer step",
        "grad_norm": grad_norm,
        "grad_norm_note": "global L2 norm of the recorded gradients (before clipping); above grad_clip, so the "
                          "first AdamW step clips",
        "zero_gradient_note": "the key third [n_embd, 2*n_embd) of every attn.c_attn.bias has an exactly zero "
                              "gradient (softmax ignores a shift shared by all keys): the recorded gradient there "
                              "is float32 rounding noise (below 1e-9), and AdamW turns noise into moves of up to "
                              "O(lr), so after_adamw values in that slice differ between any two float32 "
                              "implementations (this PyTorch in float32 vs float64: 4e-4); compare it as zero "
                              "gradient, not after the steps",
        "optimizer": {
            "type": "torch.optim.AdamW", "lr": o["lr"], "lr_schedule": "constant", "betas": list(o["betas"]),
            "eps": o["eps"], "weight_decay": o["weight_decay"],
            "weight_decay_groups": "weight_decay on parameters with dim >= 2, 0.0 on the others "
                                   "(nanoGPT configure_optimizers)",
            "grad_clip": o["grad_clip"], "steps": o["steps"], "options": extra,
            "step": "zero_grad; loss = model(inputs, targets); loss.backward(); "
                    "clip_grad_norm_(params, grad_clip); optimizer.step()  -- on the same fixed batch every time",
        },
        "step_losses": step_losses,
        "step_losses_note": "the loss computed in each step's forward, before that step's update "
                            "(step_losses[0] == loss)",
        "kinds": {
            "inputs": "token ids (B, T)", "targets": "next-token ids (B, T)",
            "logits": "(B, T, V) from the forward with targets, every position",
            "param": "initial parameters", "grad": "gradients of loss w.r.t. the initial parameters",
            "after_adamw": "parameters after the third AdamW step",
        },
        "tensors": entries,
    }
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(out_dir, e["file"])) for e in entries)
    print(f"wrote {len(entries)} tensors ({total} bytes) and index.json to {out_dir}; "
          f"loss {loss.item():.6f}, grad norm {grad_norm:.4f}, step losses "
          + ", ".join(f"{v:.6f}" for v in step_losses))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("DATA", "../shared/datasets/tinyshakespeare.txt"))
    ap.add_argument("--steps", type=int, default=200, help="training steps in total")
    ap.add_argument("--warmup-steps", type=int, default=20,
                    help="first steps left out of the timing (not the LR warm-up)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--eval-every", type=int, default=0,
                    help="estimate train/val loss every N steps (0: never during training)")
    ap.add_argument("--eval", action="store_true",
                    help="estimate train/val loss (eval_iters=20 batches) after the last step")
    ap.add_argument("--json", action="store_true", help="print one JSON summary line at the end")
    ap.add_argument("--golden", metavar="DIR",
                    help="write the tiny-model parity fixture (weights, logits, loss, gradients, three AdamW "
                         "steps) into DIR and exit, without training")
    args = ap.parse_args()

    if args.golden:
        write_golden(args.golden, "python3 bench/pytorch_gpt.py --golden " + args.golden)
        return

    if not os.path.isfile(args.data):
        sys.exit(f"pytorch_gpt.py: data file not found: {args.data}")
    if args.steps <= args.warmup_steps:
        sys.exit("pytorch_gpt.py: --steps must exceed --warmup-steps")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    c = dict(CONFIG)

    train_data, val_data, vocab = load_data(args.data)
    c["vocab_size"] = vocab
    model = GPT(c)
    model.train()
    opt = model.configure_optimizer(c["weight_decay"], c["learning_rate"], (c["beta1"], c["beta2"]))
    log = sys.stderr if args.json else sys.stdout
    print(f"pytorch {torch.__version__}, threads {torch.get_num_threads()}, vocab {vocab}, "
          f"params {model.num_params() / 1e6:.2f}M, steps {args.steps}", file=log)

    step_ms = []
    loss_val = float("nan")
    evals = {}
    t_start = time.perf_counter()
    for it in range(args.steps):
        if args.eval_every > 0 and it > 0 and it % args.eval_every == 0:
            evals = estimate_loss(model, {"train": train_data, "val": val_data}, c)
            print(f"step {it}: train loss {evals['train']:.4f}, val loss {evals['val']:.4f}", file=log)

        t0 = time.perf_counter()
        lr = get_lr(it, c)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = get_batch(train_data, c)
        loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), c["grad_clip"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        loss_val = loss.item()
        dt = (time.perf_counter() - t0) * 1000.0
        if it >= args.warmup_steps:
            step_ms.append(dt)
        if it % 100 == 0 or it == args.steps - 1:
            print(f"iter {it}: loss {loss_val:.4f}, time {dt:.1f}ms", file=log)
    wall_s = time.perf_counter() - t_start

    if args.eval or args.eval_every > 0:
        evals = estimate_loss(model, {"train": train_data, "val": val_data}, c)
        print(f"final: train loss {evals['train']:.4f}, val loss {evals['val']:.4f}", file=log)

    ms = statistics.median(step_ms)
    tokens_per_s = c["batch_size"] * c["block_size"] / (ms / 1000.0)
    summary = {
        "engine": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "params": model.num_params(),
        "steps": args.steps,
        "timed_steps": len(step_ms),
        "ms_per_step": round(ms, 3),
        "tokens_per_s": round(tokens_per_s, 1),
        "train_loss": round(loss_val, 4),  # last mini-batch
        "train_loss_est": round(evals["train"], 4) if evals else None,
        "val_loss": round(evals["val"], 4) if evals else None,
        "wall_s": round(wall_s, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    print(f"ms/step (median of {len(step_ms)}): {ms:.2f}   tokens/s: {tokens_per_s:.0f}   "
          f"train loss: {loss_val:.4f}" + (f"   val loss: {evals['val']:.4f}" if evals else ""),
          file=log)
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
