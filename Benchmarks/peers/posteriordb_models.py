"""The five posteriordb posteriors of issue 12, ported to NumPyro line for line
from their Stan programs (the data folder's README.md gives each one), with the
data reader and the Stan names of their parameters.

Stan's default prior on an unbounded or lower-bounded parameter is flat; here it
is `ImproperUniform` over the same support, so the posterior is Stan's. Stan's
`ordered[2] mu; mu ~ normal(0, 2);` is an improper uniform over ordered vectors
plus the normal density as a `factor`. Parameters are reported under Stan's
names, vector elements 1-based: `beta[1]`, `beta[2]`, ...

Imported by `posteriordb_numpyro.py` and `posteriordb_nuts_reference.py`; it
needs NumPyro, which those scripts check for before importing it.
"""
import json
import os
from pathlib import Path

import jax.numpy as jnp
import numpy as np
import numpyro
import numpyro.distributions as dist
from numpyro.distributions import constraints

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_DATA_FOLDER = REPOSITORY.parent / "shared" / "data" / "posteriordb"


def data_folder(argument=None):
    """The posteriordb data folder: the argument, else `LATENT_POSTERIORDB`,
    else ../shared/data/posteriordb beside the repository."""
    return Path(argument or os.environ.get("LATENT_POSTERIORDB") or DEFAULT_DATA_FOLDER)


def read_data(folder, name):
    """One posteriordb JSON file: named scalars and arrays, as float64 arrays."""
    with open(Path(folder) / f"{name}.json") as file:
        return {key: np.asarray(value, dtype=np.float64) for key, value in json.load(file).items()}


def flat(support, event_shape=()):
    """Stan's default prior: zero log density over `support`."""
    return dist.ImproperUniform(support, (), event_shape)


# eight_schools_noncentered: theta = mu + tau * theta_trans; y ~ N(theta, sigma).
def eight_schools(data):
    j = int(data["J"])
    theta_trans = numpyro.sample("theta_trans", dist.Normal(0.0, 1.0).expand([j]).to_event(1))
    mu = numpyro.sample("mu", dist.Normal(0.0, 5.0))
    tau = numpyro.sample("tau", dist.HalfCauchy(5.0))
    theta = mu + tau * theta_trans
    numpyro.sample("y", dist.Normal(theta, data["sigma"]).to_event(1), obs=data["y"])


# kidscore_momiq: beta flat; sigma ~ HalfCauchy(2.5); kid_score ~ N(beta1 + beta2 mom_iq, sigma).
def kidiq(data):
    beta = numpyro.sample("beta", flat(constraints.real, (2,)))
    sigma = numpyro.sample("sigma", dist.HalfCauchy(2.5))
    mean = beta[0] + beta[1] * data["mom_iq"]
    numpyro.sample("kid_score", dist.Normal(mean, sigma).to_event(1), obs=data["kid_score"])


# logmesquite: beta (7) flat, sigma > 0 flat; log(weight) ~ N(predictors . beta, sigma).
def mesquite(data):
    predictors = jnp.stack([
        jnp.ones_like(data["weight"]),
        jnp.log(data["diam1"]),
        jnp.log(data["diam2"]),
        jnp.log(data["canopy_height"]),
        jnp.log(data["total_height"]),
        jnp.log(data["density"]),
        data["group"],
    ], axis=-1)
    beta = numpyro.sample("beta", flat(constraints.real, (7,)))
    sigma = numpyro.sample("sigma", flat(constraints.positive))
    numpyro.sample("log_weight", dist.Normal(predictors @ beta, sigma).to_event(1),
                   obs=jnp.log(data["weight"]))


# blr: beta (D) ~ N(0, 10); sigma ~ HalfNormal(10); y ~ N(X beta, sigma).
def sblri(data):
    d = int(data["D"])
    beta = numpyro.sample("beta", dist.Normal(0.0, 10.0).expand([d]).to_event(1))
    sigma = numpyro.sample("sigma", dist.HalfNormal(10.0))
    numpyro.sample("y", dist.Normal(data["X"] @ beta, sigma).to_event(1), obs=data["y"])


# low_dim_gauss_mix: mu ordered ~ N(0, 2); sigma ~ HalfNormal(2); theta ~ Beta(5, 5);
# y_n ~ theta N(mu1, sigma1) + (1 - theta) N(mu2, sigma2).
def low_dim_gauss_mix(data):
    mu = numpyro.sample("mu", flat(constraints.ordered_vector, (2,)))
    numpyro.factor("mu_prior", dist.Normal(0.0, 2.0).log_prob(mu).sum())
    sigma = numpyro.sample("sigma", dist.HalfNormal(2.0).expand([2]).to_event(1))
    theta = numpyro.sample("theta", dist.Beta(5.0, 5.0))
    mixing = dist.Categorical(probs=jnp.stack([theta, 1.0 - theta]))
    components = dist.Normal(mu, sigma)
    numpyro.sample("y", dist.MixtureSameFamily(mixing, components).expand([int(data["N"])]).to_event(1),
                   obs=data["y"])


# (posterior name, data file, model, Stan parameter sites in Stan's order)
POSTERIORS = [
    ("eight_schools", "eight_schools", eight_schools, ["theta_trans", "mu", "tau"]),
    ("kidiq", "kidiq", kidiq, ["beta", "sigma"]),
    ("mesquite", "mesquite", mesquite, ["beta", "sigma"]),
    ("sblri", "sblri", sblri, ["beta", "sigma"]),
    ("low_dim_gauss_mix", "low_dim_gauss_mix", low_dim_gauss_mix, ["mu", "sigma", "theta"]),
]


def stan_named_draws(draws, sites, leading=1):
    """Draws keyed by Stan names: a vector site `beta` of draws with shape
    (*lead, k) becomes `beta[1]` ... `beta[k]`, each of shape `lead`."""
    named = {}
    for site in sites:
        values = np.asarray(draws[site])
        if values.ndim == leading:
            named[site] = values
        else:
            for index in range(values.shape[-1]):
                named[f"{site}[{index + 1}]"] = values[..., index]
    return named
