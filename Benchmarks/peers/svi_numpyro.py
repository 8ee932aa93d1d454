"""SVI steps per second in NumPyro for the workloads of `LatentBenchmarks svi`:
eight schools (non-centred) and Bayesian logistic regression with N = 10,000
rows and D = 20 (full batch, and minibatches of 100 rows, the batch size
`LatentBenchmarks svi` uses), each with AutoNormal, Trace_ELBO with one
particle and Adam(0.01), on the CPU in float64.

Two figures per workload:
- jitted per call: NumPyro's `svi.update` under `jax.jit`, called once per
  step from a Python loop; the best of several timed batches of calls, after
  50 warm-up steps that include compilation.
- compiled lax.scan: NumPyro's fastest path, N steps of `svi.update` compiled
  as one jitted `lax.scan` that returns the final state and the N losses.
  `svi.run(..., progress_bar=False)` builds this same scan, but traces and
  compiles it again on every call. Steady state: the best of several calls of
  the already-compiled function, with N raised until one call takes at least
  0.2 s. Compile: the first call's extra time (tracing, lowering and XLA
  compilation) over a steady call, measured on the first scan built for the
  workload.

Run: python3 Benchmarks/peers/svi_numpyro.py

`python3 Benchmarks/peers/svi_numpyro.py fresh` instead times one complete
eight-schools fit as a user's fresh process runs it: import NumPyro and JAX,
`svi.init`, compile 10,000 steps as one lax.scan and run them, draw 4,000
times from the guide with `Predictive` and print each parameter's mean and sd.
The wall time is counted from the first line of this file (the interpreter's
own start-up, before it, is not included); each part is also shown apart.
"""
import time

PROCESS_START = time.perf_counter()  # before the imports, for the `fresh` wall time

import functools  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402

try:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import numpyro
    import numpyro.distributions as dist
    from jax import lax
    from numpyro.infer import SVI, Predictive, Trace_ELBO
    from numpyro.infer.autoguide import AutoNormal
    from numpyro.optim import Adam
except ImportError as missing:
    print(f"NumPyro is not installed ({missing.name} missing): no NumPyro figures. "
          "Install with `pip install numpyro` to compare.")
    sys.exit(0)

jax.config.update("jax_enable_x64", True)  # Latent's benchmark runs in Double
numpyro.set_platform("cpu")

EFFECTS = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
ERRORS = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])
REPEATS = 7
FIRST_SCAN_STEPS = 1_000
MIN_SCAN_CALL_SECONDS = 0.2
FRESH_STEPS = 10_000
GUIDE_DRAWS = 4_000
LABEL_WIDTH = 40


def eight_schools():
    mu = numpyro.sample("mu", dist.Normal(0.0, 5.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(5.0))
    with numpyro.plate("schools", 8):
        theta_trans = numpyro.sample("theta_trans", dist.Normal(0.0, 1.0))
        theta = mu + tau * theta_trans
        numpyro.sample("y", dist.Normal(theta, ERRORS), obs=EFFECTS)


def logistic(x, y, batch):
    n, d = x.shape
    w = numpyro.sample("weights", dist.Normal(jnp.zeros(d), 1.0).to_event(1))
    b = numpyro.sample("bias", dist.Normal(0.0, 1.0))
    with numpyro.plate("data", n, subsample_size=None if batch == n else batch) as rows:
        numpyro.sample("y", dist.Bernoulli(logits=x[rows] @ w + b), obs=y[rows])


def logistic_data():
    """The synthetic logistic-regression covariates and labels, N = 10,000, D = 20."""
    rng = np.random.default_rng(2)
    n, d = 10_000, 20
    weights = rng.normal(size=d)
    x = rng.normal(size=(n, d))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x @ weights - 0.5)))).astype(np.float64)
    return jnp.asarray(x), jnp.asarray(y)


def new_svi(model):
    """SVI of `model` (no arguments) with AutoNormal, Adam(0.01) and one-particle
    Trace_ELBO, and its initial state."""
    svi = SVI(model, AutoNormal(model), Adam(0.01), Trace_ELBO())
    return svi, jax.block_until_ready(svi.init(jax.random.PRNGKey(0)))


def per_call_rate(model):
    """Steps per second of the jitted `svi.update` called once per step from
    Python: the best of several timed batches of calls (each batch at least
    0.05 s), after 50 warm-up steps that include compilation."""
    svi, state = new_svi(model)
    update = jax.jit(svi.update)

    def run(count):
        nonlocal state
        for _ in range(count):
            state, loss = update(state)
        loss.block_until_ready()

    run(50)
    calls = 1
    while seconds(run, calls) < 0.05:
        calls *= 2
    return calls / min(seconds(run, calls) for _ in range(REPEATS))


def scanned_fit(svi, steps):
    """`steps` SVI updates compiled as one jitted `lax.scan`: a function from
    the initial state to the final state and the `steps` losses."""
    def fit(state):
        return lax.scan(lambda carry, _: svi.update(carry), state, None, length=steps)

    return jax.jit(fit)


def scan_rate(model):
    """Steps per second of the compiled scan in steady state (the best of
    several calls of the already-compiled function, with the step count raised
    until one call takes at least 0.2 s), the compile seconds (the first call's
    extra time over a steady call, on the first scan built) and the step count."""
    svi, state = new_svi(model)
    steps, compile_seconds = FIRST_SCAN_STEPS, None
    while True:
        fit = scanned_fit(svi, steps)
        first = seconds(fit, state)
        best = min(seconds(fit, state) for _ in range(REPEATS))
        if compile_seconds is None:
            compile_seconds = first - best
        if best >= MIN_SCAN_CALL_SECONDS:
            return steps / best, compile_seconds, steps
        steps = 1_000 * math.ceil(1.5 * steps * MIN_SCAN_CALL_SECONDS / best / 1_000)


def seconds(function, *args):
    """Wall seconds of one call of `function`, until its result is computed."""
    start = time.perf_counter()
    jax.block_until_ready(function(*args))
    return time.perf_counter() - start


def report(workload, model):
    """Print the per-call and the compiled-scan figures of one workload."""
    per_call = per_call_rate(model)
    print(f"{workload:<{LABEL_WIDTH}} jitted per call   {per_call:12.1f} steps/s")
    rate, compile_seconds, steps = scan_rate(model)
    print(f"{workload:<{LABEL_WIDTH}} compiled lax.scan {rate:12.1f} steps/s "
          f"(compile {compile_seconds:.2f} s; {steps:,} steps per call)")


def benchmark():
    """Both figures for eight schools and for logistic regression, full batch and minibatch."""
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, CPU, float64")
    report("SVI eight schools, 1 particle", eight_schools)
    x, y = logistic_data()
    for batch in (len(y), 100):
        report(f"SVI logistic N=10,000 D=20, batch {batch}", functools.partial(logistic, x, y, batch))


def print_summary(draws):
    """Mean and sd of every element of every drawn site."""
    print(f"  {'parameter':<15} {'mean':>9} {'sd':>9}")
    for site, values in draws.items():
        values = np.asarray(values).reshape(len(values), -1)
        for index in range(values.shape[1]):
            name = site if values.shape[1] == 1 else f"{site}[{index}]"
            print(f"  {name:<15} {values[:, index].mean():9.3f} {values[:, index].std(ddof=1):9.3f}")


def fresh(imported):
    """One complete eight-schools fit as a fresh process runs it: `svi.init`
    (which also starts the XLA backend), compile 10,000 steps as one lax.scan
    ahead of time and run it, draw 4,000 times from the guide with
    `Predictive`, print the summary; then the seconds of each part and the wall
    seconds since this file's first line."""
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, CPU, float64")
    svi, state = new_svi(eight_schools)
    initialised = time.perf_counter()
    fit = scanned_fit(svi, FRESH_STEPS).lower(state).compile()
    compiled = time.perf_counter()
    state, losses = fit(state)
    params = jax.block_until_ready(svi.get_params(state))
    fitted = time.perf_counter()
    predictive = Predictive(eight_schools, guide=svi.guide, params=params, num_samples=GUIDE_DRAWS,
                            return_sites=["mu", "tau", "theta_trans"])
    print(f"eight schools, AutoNormal, {FRESH_STEPS:,} steps, {GUIDE_DRAWS:,} guide draws "
          f"(final loss, mean of last 100 steps: {float(jnp.mean(losses[-100:])):.3f})")
    print_summary(predictive(jax.random.PRNGKey(1)))
    done = time.perf_counter()
    label = "fresh eight schools, 10,000 steps"
    print(f"{label:<{LABEL_WIDTH}} imports           {imported - PROCESS_START:8.2f} s")
    print(f"{label:<{LABEL_WIDTH}} svi.init          {initialised - imported:8.2f} s")
    print(f"{label:<{LABEL_WIDTH}} compile           {compiled - initialised:8.2f} s")
    print(f"{label:<{LABEL_WIDTH}} run               {fitted - compiled:8.2f} s")
    print(f"{label:<{LABEL_WIDTH}} draws and summary {done - fitted:8.2f} s")
    print(f"{label:<{LABEL_WIDTH}} wall from start   {done - PROCESS_START:8.2f} s")


if __name__ == "__main__":
    if sys.argv[1:] == ["fresh"]:
        fresh(imported=time.perf_counter())
    elif sys.argv[1:] == []:
        benchmark()
    else:
        sys.exit(f"usage: {sys.argv[0]} [fresh]")
