"""NumPyro's `AutoMultivariateNormal` on the five posteriordb posteriors of
issue 12, fitted as a new user would from NumPyro's documentation, beside the
NUTS references in `posteriordb_reference.json`.

The fit: `AutoMultivariateNormal(model)` with its defaults (start
`init_to_uniform`, initial scale 0.1), `Trace_ELBO()` (one particle),
`numpyro.optim.Adam(0.01)` and `svi.run(key, steps, data, progress_bar=False)`
for a fixed 10,000 steps. Without the progress bar `svi.run` compiles the whole
loop as one `lax.scan`; with it, it compiles one step and loops in Python.
The step size 0.01 is the one NumPyro's API reference uses where it fits an
autoguide or a guide of its own with Adam (the examples of `vsbc_diagnostic`,
with `AutoNormal`, and of `cond`). The `SVI` class docstring's toy example uses
0.0005 for 2,000 steps, which moves a location by at most about 1 and cannot
reach kidiq's intercept (about 26) at all. Other values: --step-size, --steps.

Figures per posterior: wall seconds of `svi.run`, from building the guide to
the fitted parameters, including tracing and XLA compilation (backend start-up
excluded: it is paid once, before the first posterior), split three ways:
`svi.init` (tracing the model and finding the start; its eager JAX operations
each compile on first use), compile (tracing and compiling the loop: the rest
of `svi.run` less the steps) and steps (executing the identical scan over
`svi.update`, compiled ahead of time with `jit(...).lower(...).compile()` and
timed alone); and each parameter's mean and sd from 4,000 guide draws.
A fit is right, by issue 12's rule, when every mean is within 0.1 reference
sd of the reference mean and every sd within 20 % of the reference sd. With
4,000 draws the guide's own Monte Carlo error is about 0.016 sd on a mean and
1.1 % on an sd, small against those bounds.

float64 (Latent's benchmarks run in Double); --float32 for NumPyro's default.
XLA's CPU thread pool is left at its default, every core this process may use.

Run: python3 Benchmarks/peers/posteriordb_numpyro.py [DATA_FOLDER]
(data folder: the argument, else $LATENT_POSTERIORDB, else
../shared/data/posteriordb beside the repository).
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

try:
    import jax
    import numpy as np
    import numpyro
    from jax import lax
    from numpyro.infer import SVI, Trace_ELBO
    from numpyro.infer.autoguide import AutoMultivariateNormal
    from numpyro.optim import Adam
except ImportError as missing:
    print(f"NumPyro is not installed ({missing.name} missing): no NumPyro figures. "
          "Install with `pip install numpyro` to compare.")
    sys.exit(0)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from posteriordb_models import POSTERIORS, data_folder, read_data, stan_named_draws  # noqa: E402

REFERENCE = Path(__file__).resolve().parent / "posteriordb_reference.json"
GUIDE_DRAWS = 4_000
MEAN_TOLERANCE_IN_SDS = 0.1
SD_TOLERANCE = 0.2
CPU_FEATURES = ["avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni"]


def cpu_description():
    """The CPU model and which of the vector extensions that XLA can use it has."""
    model, flags = "unknown", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        return "CPU: /proc/cpuinfo unreadable"
    present = [f for f in CPU_FEATURES if f in flags]
    absent = [f for f in CPU_FEATURES if f not in flags]
    cores = len(os.sched_getaffinity(0))
    return (f"CPU: {model}, {cores} cores usable; has {' '.join(present) or 'none'}; "
            f"lacks {' '.join(absent) or 'none'}")


def fit(model, data, steps, step_size, seed):
    """The fitted guide, the `svi.run` result, and the seconds of `svi.init`
    and of the rest of `svi.run` (tracing, compiling and running the loop).
    `svi.run(key, ...)` is `svi.init(key, ...)` followed by
    `svi.run(..., init_state=...)`; the two are timed apart."""
    start = time.perf_counter()
    guide = AutoMultivariateNormal(model)
    svi = SVI(model, guide, Adam(step_size), Trace_ELBO())
    state = svi.init(jax.random.PRNGKey(seed), data)
    jax.block_until_ready(state)
    initialised = time.perf_counter()
    result = svi.run(jax.random.PRNGKey(seed), steps, data, progress_bar=False, init_state=state)
    jax.block_until_ready(result.params)
    return guide, svi, state, result, initialised - start, time.perf_counter() - initialised


def loop_seconds(svi, state, data, steps):
    """Seconds to execute the same `steps`-long scan over `svi.update` that
    `svi.run` builds, compiled ahead of time so that only the steps are timed."""
    def loop(state):
        return lax.scan(lambda s, _: svi.update(s, data), state, None, length=steps)

    compiled = jax.jit(loop).lower(state).compile()
    start = time.perf_counter()
    jax.block_until_ready(compiled(state))
    return time.perf_counter() - start


def guide_moments(guide, params, sites, seed):
    """Mean and sd of each Stan-named parameter over guide draws."""
    draws = guide.sample_posterior(jax.random.PRNGKey(seed + 1), params, sample_shape=(GUIDE_DRAWS,))
    return {name: (float(np.mean(values)), float(np.std(values, ddof=1)))
            for name, values in stan_named_draws(draws, sites).items()}


def compare(moments, reference):
    """Worst |mean - reference mean| / reference sd, the sd ratio farthest from 1,
    and whether both are inside issue 12's bounds."""
    errors = {name: abs(mean - reference[name]["mean"]) / reference[name]["sd"]
              for name, (mean, _) in moments.items()}
    ratios = {name: sd / reference[name]["sd"] for name, (_, sd) in moments.items()}
    if not np.all(np.isfinite(list(errors.values()) + list(ratios.values()))):
        return float("nan"), float("nan"), False, errors, ratios
    worst_error = max(errors.values())
    worst_ratio = max(ratios.values(), key=lambda ratio: abs(ratio - 1))
    right = worst_error <= MEAN_TOLERANCE_IN_SDS and abs(worst_ratio - 1) <= SD_TOLERANCE
    return worst_error, worst_ratio, bool(right), errors, ratios


def print_fit(name, moments, reference, errors, ratios):
    print(f"\n{name}")
    print(f"  {'parameter':<15} {'mean':>11} {'sd':>10}   {'ref mean':>11} {'ref sd':>10}   "
          f"{'|err|/sd':>8} {'sd ratio':>8}")
    for parameter, (mean, sd) in moments.items():
        if reference is None:
            print(f"  {parameter:<15} {mean:11.4f} {sd:10.4f}")
            continue
        ref = reference[parameter]
        print(f"  {parameter:<15} {mean:11.4f} {sd:10.4f}   {ref['mean']:11.4f} {ref['sd']:10.4f}   "
              f"{errors[parameter]:8.3f} {ratios[parameter]:8.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", help="posteriordb data folder")
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--step-size", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--float32", action="store_true")
    args = parser.parse_args()

    numpyro.set_platform("cpu")
    if not args.float32:
        numpyro.enable_x64()
    folder = data_folder(args.data)
    references = json.loads(REFERENCE.read_text())["posteriors"] if REFERENCE.exists() else None
    if references is None:
        print(f"No {REFERENCE.name}: run posteriordb_nuts_reference.py first for right/wrong.")

    jax.block_until_ready(jax.numpy.zeros(1) + 1)  # start the backend before timing
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, "
          f"{'float32' if args.float32 else 'float64'}, data {folder}")
    print(cpu_description())
    print(f"AutoMultivariateNormal, Trace_ELBO(), Adam({args.step_size}), "
          f"svi.run({args.steps} steps, progress_bar=False), seed {args.seed}, {GUIDE_DRAWS} guide draws")

    rows = []
    for name, file, model, sites in POSTERIORS:
        data = read_data(folder, file)
        fitted = fit(model, data, args.steps, args.step_size, args.seed)
        guide, svi, state, result, initialising, running = fitted
        stepping = loop_seconds(svi, state, data, args.steps)
        seconds = (initialising + running, initialising, running - stepping, stepping)
        moments = guide_moments(guide, result.params, sites, args.seed)
        reference = references[name]["parameters"] if references else None
        if reference is None:
            print_fit(name, moments, None, None, None)
            rows.append((name, "?", seconds, float("nan"), float("nan")))
            continue
        worst_error, worst_ratio, right, errors, ratios = compare(moments, reference)
        print_fit(name, moments, reference, errors, ratios)
        print(f"  final loss (mean of last 100 steps) {float(np.mean(result.losses[-100:])):.3f}")
        rows.append((name, "right" if right else "WRONG", seconds, worst_error, worst_ratio))

    print(f"\n{'posterior':<18} {'fit':<6} {'wall s':>7} {'init s':>7} {'compile s':>9} {'steps s':>8} "
          f"{'worst |mean err|/sd':>19} {'worst sd ratio':>14}")
    for name, verdict, seconds, worst_error, worst_ratio in rows:
        timings = " ".join(f"{value:{width}.2f}" for value, width in zip(seconds, (7, 7, 9, 8)))
        print(f"{name:<18} {verdict:<6} {timings} {worst_error:19.3f} {worst_ratio:14.3f}")
    print(f"right: {sum(row[1] == 'right' for row in rows)} of {len(rows)}  "
          f"(mean within {MEAN_TOLERANCE_IN_SDS} sd, sd within {100 * SD_TOLERANCE:.0f} % of the NUTS reference)")


if __name__ == "__main__":
    main()
