"""RTP convergence: simulate dice in growing batches and watch the measured RTP close in on the
exact one. Plots with matplotlib if it is installed (saves rtp_convergence.png), else prints the
table.

    python bindings/python/examples/rtp_convergence.py [--game dice] [--max-rounds 10000000] [--out FILE]
"""

import argparse
import json

import kingpin


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--game", default="dice")
    ap.add_argument("--bet", default='{"stake": 100, "params": {"target": "50", "condition": "over"}}')
    ap.add_argument("--config", default="{}")
    ap.add_argument("--max-rounds", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", default="rtp_convergence.png")
    args = ap.parse_args()
    bet, config = json.loads(args.bet), json.loads(args.config)

    exact = kingpin.exact_rtp(args.game, bet, config=config)
    rows = []
    n = 1_000
    while n <= args.max_rounds:
        # Each batch size is its own reproducible run from the same seed (the first n rounds of
        # a run are the same whatever its length, chunk by chunk).
        s = kingpin.simulate(args.game, bet, n, config=config, seed=args.seed)
        rows.append((n, s.rtp, *s.rtp_ci95))
        n *= 10 if n < 100_000 else 4

    print(f"{'rounds':>12} {'rtp':>10} {'ci95 low':>10} {'ci95 high':>10}   exact = {exact}")
    for n, rtp, lo, hi in rows:
        print(f"{n:>12,} {rtp:>10.6f} {lo:>10.6f} {hi:>10.6f}")

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: table only; `pip install matplotlib` for the plot)")
        return
    xs = [r[0] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.fill_between(xs, [r[2] for r in rows], [r[3] for r in rows], alpha=0.25, label="95 % interval")
    ax.plot(xs, [r[1] for r in rows], marker="o", label="measured RTP")
    if exact is not None:
        ax.axhline(exact, color="black", linestyle="--", label=f"exact RTP {exact:.6f}")
    ax.set_xscale("log")
    ax.set_xlabel("rounds")
    ax.set_ylabel("RTP")
    ax.set_title(f"{args.game}: RTP convergence (seed {args.seed})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.out, dpi=120)
    print(f"plot saved to {args.out}")


if __name__ == "__main__":
    main()
