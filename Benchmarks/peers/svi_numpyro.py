"""SVI steps per second in NumPyro for the workloads of `LatentBenchmarks svi`:
eight schools (non-centred) and Bayesian logistic regression with N = 10,000
rows and D = 20 (full batch, and minibatches of 100), each with AutoNormal,
Trace_ELBO with one particle and Adam, on the CPU. The step is NumPyro's
jitted `svi.update`; the figure is the best of several timed batches after a
warm-up that includes compilation.

Run: python3 Benchmarks/peers/svi_numpyro.py
"""
import sys
import time

try:
    import jax
    import jax.numpy as jnp
    import numpy as np
    import numpyro
    import numpyro.distributions as dist
    from numpyro.infer import SVI, Trace_ELBO
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


def steps_per_second(model, *args):
    svi = SVI(model, AutoNormal(model), Adam(0.01), Trace_ELBO())
    state = svi.init(jax.random.PRNGKey(0), *args)
    update = jax.jit(svi.update)

    def run(count):
        nonlocal state
        for _ in range(count):
            state, loss = update(state, *args)
        loss.block_until_ready()

    run(50)  # compile and warm up
    calls = 1
    while True:
        start = time.perf_counter()
        run(calls)
        if time.perf_counter() - start >= 0.05:
            break
        calls *= 2
    best = min(_timed(run, calls) for _ in range(7))
    return calls / best


def _timed(run, calls):
    start = time.perf_counter()
    run(calls)
    return time.perf_counter() - start


def main():
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, CPU, float64")
    print(f"SVI eight schools, 1 particle                {steps_per_second(eight_schools):12.1f} steps/s")
    rng = np.random.default_rng(2)
    n, d = 10_000, 20
    weights = rng.normal(size=d)
    x = rng.normal(size=(n, d))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x @ weights - 0.5)))).astype(np.float64)
    x, y = jnp.asarray(x), jnp.asarray(y)
    for batch in (n, 100):
        rate = steps_per_second(lambda: logistic(x, y, batch))
        print(f"SVI logistic N=10,000 D=20, batch {batch:<6}    {rate:12.1f} steps/s")


if __name__ == "__main__":
    main()
