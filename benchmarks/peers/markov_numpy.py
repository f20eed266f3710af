#!/usr/bin/python3
"""What an analyst would write instead of pbrsim: a vectorised numpy microsimulation of the
6-state monthly reference chain (docs/reference-chain.md; the same chain as
scenarios/reference_chain.json). It is the peer that pbrsim's speed is measured against,
side by side on the same machine: benchmarks/bench_sim.cpp runs it (see
docs/performance.md).

Needs numpy (Debian package python3-numpy, used by /usr/bin/python3).
Usage: /usr/bin/python3 benchmarks/peers/markov_numpy.py [clients=100000] [months=60]
       [repeats=5] [seed=12345]
Last line: 'rate_client_months_per_s <median rate>'.
"""
import sys
import time

import numpy as np

P = np.array([
    # InTx   Compl  Drop   Relap  Dead   Sust
    [0.908, 0.040, 0.050, 0.000, 0.002, 0.000],  # in treatment
    [0.000, 0.930, 0.000, 0.030, 0.001, 0.039],  # completed, in the community
    [0.020, 0.000, 0.940, 0.035, 0.005, 0.000],  # dropped out
    [0.300, 0.000, 0.100, 0.595, 0.005, 0.000],  # relapsed / re-presenting
    [0.000, 0.000, 0.000, 0.000, 1.000, 0.000],  # died (absorbing)
    [0.000, 0.000, 0.000, 0.005, 0.001, 0.994],  # sustained recovery
])


def simulate(rng, clients, months):
    """Every client starts in treatment; one uniform per client-month, inverse CDF on a
    flattened cumulative table (the fastest plain-numpy form). Returns final states."""
    k = P.shape[0]
    cum = np.cumsum(P, axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(k)[:, None]).ravel()
    state = np.zeros(clients, dtype=np.int64)
    for _ in range(months):
        u = rng.random(clients)
        state = np.searchsorted(flat, state + u, side="right") - state * k
        np.minimum(state, k - 1, out=state)
    return state


def main():
    args = [int(a) for a in sys.argv[1:]]
    clients, months, repeats, seed = (args + [100_000, 60, 5, 12345][len(args):])[:4]
    rates = []
    for r in range(repeats):
        rng = np.random.default_rng(seed + r)
        t0 = time.perf_counter()
        final = simulate(rng, clients, months)
        rates.append(clients * months / (time.perf_counter() - t0))
    occupancy = np.bincount(final, minlength=P.shape[0]) / clients
    print("numpy", np.__version__, "clients", clients, "months", months)
    print("month", months, "occupancy", " ".join(f"{x:.4f}" for x in occupancy))
    print("rate_client_months_per_s", f"{sorted(rates)[len(rates) // 2]:.4g}")


if __name__ == "__main__":
    main()
