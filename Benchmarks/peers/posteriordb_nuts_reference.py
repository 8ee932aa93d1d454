"""Reference posteriors for the five posteriordb posteriors of issue 12, from
long NumPyro NUTS runs, written to `posteriordb_reference.json` beside this
script for `posteriordb_numpyro.py` (and Latent's own comparisons) to read.

Each posterior gets 4 chains of 2,000 warm-up and 20,000 kept draws (dense mass
matrix, target acceptance 0.95, float64). The draws are doubled until the Monte
Carlo standard error of every mean is below 0.02 posterior sd, that is until
every bulk effective sample size exceeds 2,500. For each parameter the file
holds the mean, the sd, the MCSE of the mean (sd / sqrt(ess)) and of the sd,
the ess and the split R-hat; for each posterior the draws, divergences and seconds.

mesquite has flat priors on beta and sigma, so beta's posterior is a
multivariate t in closed form: mean the least-squares fit b and covariance
SSE / (n - p - 3) (X'X)^-1 (integrate sigma out of sigma^-n exp(-S(beta) /
(2 sigma^2)): S(beta)^-(n-1)/2, a t with n - p - 1 degrees of freedom). The
script checks the NUTS means and sds of beta against it as a test of the ports
and of the sampler.

Run: nice python3 Benchmarks/peers/posteriordb_nuts_reference.py [DATA_FOLDER]
(data folder: the argument, else $LATENT_POSTERIORDB, else
../shared/data/posteriordb beside the repository). Takes some minutes.
"""
import json
import os
import sys
import time
from pathlib import Path

CHAINS = 4
WARMUP = 2_000
DRAWS = 20_000
MAX_DRAWS = 160_000
TARGET_MCSE_IN_SDS = 0.02

try:
    import numpyro
except ImportError as missing:
    print(f"NumPyro is not installed ({missing.name} missing): no reference posteriors. "
          "Install with `pip install numpyro` to compute them.")
    sys.exit(0)

numpyro.set_platform("cpu")
numpyro.set_host_device_count(CHAINS)  # one XLA device per chain, sharing the CPU's cores
numpyro.enable_x64()

import jax  # noqa: E402  (after the platform and device count are set)
import numpy as np  # noqa: E402
from numpyro.diagnostics import effective_sample_size, split_gelman_rubin  # noqa: E402
from numpyro.infer import MCMC, NUTS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from posteriordb_models import POSTERIORS, data_folder, read_data, stan_named_draws  # noqa: E402

OUTPUT = Path(__file__).resolve().parent / "posteriordb_reference.json"


def run_nuts(model, data, draws, seed):
    """Draws grouped by chain, the number of divergences and the seconds taken."""
    kernel = NUTS(model, dense_mass=True, target_accept_prob=0.95)
    mcmc = MCMC(kernel, num_warmup=WARMUP, num_samples=draws, num_chains=CHAINS,
                chain_method="parallel", progress_bar=False)
    start = time.perf_counter()
    mcmc.run(jax.random.PRNGKey(seed), data, extra_fields=("diverging",))
    samples = mcmc.get_samples(group_by_chain=True)
    jax.block_until_ready(samples)
    seconds = time.perf_counter() - start
    divergences = int(np.sum(mcmc.get_extra_fields()["diverging"]))
    return samples, divergences, seconds


def summary(chains):
    """Mean, sd, their MCSEs, bulk ess and split R-hat of one parameter's draws
    of shape (chains, draws). The sd's MCSE is the delta method on the variance:
    sd((x - mean)^2) / sqrt(ess of (x - mean)^2) / (2 sd)."""
    ess = float(effective_sample_size(chains))
    mean = float(np.mean(chains))
    sd = float(np.std(chains, ddof=1))
    squares = (chains - mean) ** 2
    mcse_variance = float(np.std(squares, ddof=1)) / np.sqrt(float(effective_sample_size(squares)))
    return {
        "mean": mean,
        "sd": sd,
        "mcse_mean": sd / np.sqrt(ess),
        "mcse_sd": mcse_variance / (2 * sd),
        "ess": ess,
        "rhat": float(split_gelman_rubin(chains)),
    }


def reference(name, file, model, sites, folder, seed):
    data = read_data(folder, file)
    draws = DRAWS
    while True:
        samples, divergences, seconds = run_nuts(model, data, draws, seed)
        parameters = {key: summary(value)
                      for key, value in stan_named_draws(samples, sites, leading=2).items()}
        worst = max(p["mcse_mean"] / p["sd"] for p in parameters.values())
        print(f"{name:<18} {CHAINS} x {draws} draws  {seconds:7.1f} s  divergences {divergences}  "
              f"worst MCSE/sd {worst:.4f}  min ess {min(p['ess'] for p in parameters.values()):.0f}  "
              f"max R-hat {max(p['rhat'] for p in parameters.values()):.4f}", flush=True)
        if worst < TARGET_MCSE_IN_SDS or draws >= MAX_DRAWS:
            break
        draws *= 2
    return {
        "chains": CHAINS,
        "warmup_per_chain": WARMUP,
        "draws_per_chain": draws,
        "divergences": divergences,
        "seconds": round(seconds, 1),
        "worst_mcse_in_sds": worst,
        "parameters": parameters,
    }, data


def mesquite_exact_check(result, data):
    """Largest |NUTS mean - exact| / exact sd and largest |NUTS sd / exact sd - 1| over beta."""
    x = np.stack([np.ones_like(data["weight"]), np.log(data["diam1"]), np.log(data["diam2"]),
                  np.log(data["canopy_height"]), np.log(data["total_height"]),
                  np.log(data["density"]), data["group"]], axis=-1)
    y = np.log(data["weight"])
    n, p = x.shape
    b, *_ = np.linalg.lstsq(x, y, rcond=None)
    sse = float(np.sum((y - x @ b) ** 2))
    sd = np.sqrt(np.diag(np.linalg.inv(x.T @ x)) * sse / (n - p - 3))
    nuts = result["parameters"]
    mean_error = max(abs(nuts[f"beta[{i + 1}]"]["mean"] - b[i]) / sd[i] for i in range(p))
    sd_error = max(abs(nuts[f"beta[{i + 1}]"]["sd"] / sd[i] - 1) for i in range(p))
    return mean_error, sd_error


def main():
    folder = data_folder(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"NumPyro {numpyro.__version__}, JAX {jax.__version__}, CPU, float64, "
          f"{len(jax.devices())} devices on {os.cpu_count()} cores; data {folder}")
    results = {}
    for seed, (name, file, model, sites) in enumerate(POSTERIORS):
        results[name], data = reference(name, file, model, sites, folder, seed)
        if name == "mesquite":
            mean_error, sd_error = mesquite_exact_check(results[name], data)
            print(f"  mesquite beta against the closed form: worst mean error {mean_error:.4f} sd, "
                  f"worst sd error {100 * sd_error:.2f} %")
    document = {
        "description": "Reference posteriors for issue 12 from NumPyro NUTS "
                       "(Benchmarks/peers/posteriordb_nuts_reference.py): per parameter the mean, "
                       "sd, MCSE of the mean (sd / sqrt(ess)) and of the sd, bulk ess and split R-hat.",
        "sampler": {"numpyro": numpyro.__version__, "jax": jax.__version__, "dense_mass": True,
                    "target_accept_prob": 0.95, "dtype": "float64"},
        "posteriors": results,
    }
    OUTPUT.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {OUTPUT}")
    print(f"\n{'posterior':<18} {'parameter':<15} {'mean':>12} {'sd':>11} {'MCSE mean':>10} "
          f"{'MCSE sd':>9} {'ess':>8}")
    for name, result in results.items():
        for parameter, values in result["parameters"].items():
            print(f"{name:<18} {parameter:<15} {values['mean']:12.5f} {values['sd']:11.5f} "
                  f"{values['mcse_mean']:10.5f} {values['mcse_sd']:9.5f} {values['ess']:8.0f}")


if __name__ == "__main__":
    main()
