"""Posterior means and standard deviations of five posteriordb posteriors,
computed in Python by routes independent of Latent's Swift references
(`Tests/LatentTestSupport/PosteriorReferences/`), to cross-check them:

- kidiq, mesquite: least squares by numpy's `lstsq` (SVD) and (XᵀX)⁻¹ from a
  QR factor; the moments of σ by `scipy.integrate.quad` over σ itself (the
  Swift code integrates over log σ); mesquite's closed form printed beside.
- sblri: p(y | σ) = N(y; 0, σ²I + 10²XXᵀ) and β | σ, y through the SVD of X
  (the Swift code uses Cholesky factors of D × D matrices), integrated over σ
  by `quad_vec`.
- eight schools: (μ, θ_trans, θ) | τ, y by conditioning the non-centred joint
  Gaussian on y (covariance form, well conditioned as τ → 0), p(y | τ) as
  N(y; 0, 5²11ᵀ + τ²I + diag σ²), integrated over τ by `quad_vec`.
- Gaussian mixture: the mode by BFGS, a Laplace scaling from a finite-difference
  Hessian, then a 10-node-per-axis Gauss–Hermite product rule over the
  unconstrained 5-d space, and, as a second route, self-normalised importance
  sampling from a multivariate t (ν = 7) around the mode, 400,000 draws, with
  its Monte Carlo standard error.

Data are read from $LATENT_POSTERIORDB or ../shared/data/posteriordb.
Run: python3 Benchmarks/peers/posteriordb_references.py   (needs numpy, scipy)
"""
import json
import math
import os
import sys

try:
    import numpy as np
    from scipy import integrate, optimize, special, stats
except ImportError as missing:
    print(f"numpy and scipy are needed ({missing.name} missing): `pip install numpy scipy`.")
    sys.exit(0)

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.environ.get("LATENT_POSTERIORDB",
                        os.path.normpath(os.path.join(HERE, "../../../shared/data/posteriordb")))


def load(name):
    path = os.path.join(FOLDER, name + ".json")
    if not os.path.exists(path):
        sys.exit(f"{path} is absent: set LATENT_POSTERIORDB to the posteriordb data folder.")
    with open(path) as file:
        return json.load(file)


def report(title, names, means, sds):
    print(f"== {title}")
    for name, mean, sd in zip(names, means, sds):
        print(f"{name:16s} mean {mean: .12e}   sd {sd: .12e}")


def normalised_moments(log_density, breakpoints, functions):
    """∫ f(x) p(x) dx for each f, p ∝ exp(log_density) on [0, ∞), by quad_vec
    over the intervals between breakpoints and a last one to ∞."""
    peak = max(log_density(x) for x in np.linspace(breakpoints[1], breakpoints[-1], 2001))

    def integrand(x):
        weight = math.exp(log_density(x) - peak) if x > 0 else 0.0
        return weight * np.concatenate(([1.0], functions(x)))

    total = sum(integrate.quad_vec(integrand, a, b, epsabs=0, epsrel=1e-13)[0]
                for a, b in zip(breakpoints[:-1], breakpoints[1:]))
    total += integrate.quad_vec(integrand, breakpoints[-1], np.inf, epsabs=0, epsrel=1e-13)[0]
    return total[1:] / total[0]


def regression(title, X, y, log_prior_sigma, names):
    n, p = X.shape
    beta_hat = np.linalg.lstsq(X, y, rcond=None)[0]
    rss = float(np.sum((y - X @ beta_hat) ** 2))
    r = np.linalg.qr(X, mode="r")
    r_inverse = np.linalg.inv(r)
    gram_inverse = r_inverse @ r_inverse.T

    def log_density(sigma):
        return log_prior_sigma(sigma) - (n - p) * math.log(sigma) - rss / (2 * sigma ** 2)

    centre = math.sqrt(rss / (n - p))
    breakpoints = [0.0, 0.5 * centre, centre, 2 * centre, 8 * centre]
    e_sigma, e_sigma2 = normalised_moments(log_density, breakpoints, lambda s: np.array([s, s * s]))
    sd_sigma = math.sqrt(e_sigma2 - e_sigma ** 2)
    sd_beta = np.sqrt(e_sigma2 * np.diag(gram_inverse))
    report(title, names + ["sigma"], list(beta_hat) + [e_sigma], list(sd_beta) + [sd_sigma])
    return rss, n - p, e_sigma, sd_sigma


def kidiq():
    data = load("kidiq")
    y = np.array(data["kid_score"], float)
    X = np.column_stack([np.ones_like(y), np.array(data["mom_iq"], float)])
    half_cauchy = lambda s: math.log(2 / (math.pi * 2.5)) - math.log1p((s / 2.5) ** 2)
    regression("kidiq (quad over sigma)", X, y, half_cauchy, ["beta[1]", "beta[2]"])


def mesquite():
    data = load("mesquite")
    column = lambda key: np.array(data[key], float)
    y = np.log(column("weight"))
    X = np.column_stack([np.ones_like(y), np.log(column("diam1")), np.log(column("diam2")),
                         np.log(column("canopy_height")), np.log(column("total_height")),
                         np.log(column("density")), column("group")])
    names = [f"beta[{k}]" for k in range(1, 8)]
    rss, k, e_sigma, sd_sigma = regression("mesquite (quad over sigma)", X, y, lambda s: 0.0, names)
    # Flat σ: p(σ | y) ∝ σ^(−k) exp(−RSS/2σ²), E σ^m = (RSS/2)^(m/2) Γ((k−m−1)/2) / Γ((k−1)/2).
    moment = lambda m: (rss / 2) ** (m / 2) * math.exp(special.gammaln((k - m - 1) / 2) - special.gammaln((k - 1) / 2))
    closed_sd = math.sqrt(moment(2) - moment(1) ** 2)
    print(f"mesquite closed form: sigma mean {moment(1):.12e} sd {closed_sd:.12e}; "
          f"relative differences from quad {abs(moment(1) / e_sigma - 1):.1e}, {abs(closed_sd / sd_sigma - 1):.1e}")


def sblri():
    data = load("sblri")
    X = np.array(data["X"], float)
    y = np.array(data["y"], float)
    n, d = X.shape
    prior_variance = 10.0 ** 2
    # X = U S Vᵀ: σ²I + 10²XXᵀ has eigenvalues σ² + 10²s² on U's columns and σ² elsewhere.
    u, s, vt = np.linalg.svd(X, full_matrices=False)
    projected = u.T @ y
    residual = float(y @ y - projected @ projected)

    def log_density(sigma):
        spread = sigma ** 2 + prior_variance * s ** 2
        log_determinant = (n - d) * math.log(sigma ** 2) + np.sum(np.log(spread))
        quadratic = residual / sigma ** 2 + np.sum(projected ** 2 / spread)
        half_normal = math.log(2) + stats.norm.logpdf(sigma, 0, 10)
        return half_normal - 0.5 * (log_determinant + quadratic + n * math.log(2 * math.pi))

    def conditional_moments(sigma):
        # β | σ, y: precision V (S²/σ² + 1/10²) Vᵀ, mean V diag(S/σ² / (S²/σ² + 1/10²)) Uᵀy.
        precision = s ** 2 / sigma ** 2 + 1 / prior_variance
        mean = vt.T @ (s / sigma ** 2 * projected / precision)
        variance = (vt.T ** 2) @ (1 / precision)
        return np.concatenate(([sigma, sigma * sigma], mean, variance + mean ** 2))

    mode = math.sqrt(residual / (n - d))
    breakpoints = [0.0, 0.5 * mode, 0.8 * mode, mode, 1.25 * mode, 2 * mode, 5 * mode]
    moments = normalised_moments(log_density, breakpoints, conditional_moments)
    e_sigma, e_sigma2 = moments[0], moments[1]
    mean_beta = moments[2:2 + d]
    sd_beta = np.sqrt(moments[2 + d:] - mean_beta ** 2)
    names = [f"beta[{k}]" for k in range(1, d + 1)] + ["sigma"]
    report("sblri (SVD of X, quad_vec over sigma)", names,
           list(mean_beta) + [e_sigma], list(sd_beta) + [math.sqrt(e_sigma2 - e_sigma ** 2)])


def eight_schools():
    data = load("eight_schools")
    y = np.array(data["y"], float)
    s = np.array(data["sigma"], float)
    J = len(y)

    def covariance_y(tau):
        return 25.0 * np.ones((J, J)) + np.diag(tau ** 2 + s ** 2)

    def log_density(tau):
        half_cauchy = math.log(2 / (math.pi * 5)) - math.log1p((tau / 5) ** 2)
        return half_cauchy + stats.multivariate_normal.logpdf(y, np.zeros(J), covariance_y(tau))

    def conditional_moments(tau):
        # x = (μ, θ_trans, θ) = A (μ, θ_trans) with prior Cov(μ, θ_trans) = diag(25, 1, …, 1); y = θ + ε.
        A = np.zeros((2 * J + 1, J + 1))
        A[0, 0] = 1
        A[1:J + 1, 1:] = np.eye(J)
        A[J + 1:, 0] = 1
        A[J + 1:, 1:] = tau * np.eye(J)
        prior = A @ np.diag(np.concatenate(([25.0], np.ones(J)))) @ A.T
        cross = prior[:, J + 1:]
        gain = np.linalg.solve(covariance_y(tau), cross.T).T
        mean = gain @ y
        variance = np.diag(prior - gain @ cross.T)
        return np.concatenate(([tau, tau * tau], mean, variance + mean ** 2))

    breakpoints = [0.0, 1.0, 3.0, 7.0, 15.0, 40.0, 150.0]
    moments = normalised_moments(log_density, breakpoints, conditional_moments)
    e_tau, e_tau2 = moments[0], moments[1]
    means = moments[2:2 * J + 3]
    sds = np.sqrt(moments[2 * J + 3:] - means ** 2)
    names = ["mu"] + [f"theta_trans[{j}]" for j in range(1, J + 1)] + [f"theta[{j}]" for j in range(1, J + 1)]
    report("eight schools noncentered (conditioning given tau, quad_vec over tau)",
           names + ["tau"], list(means) + [e_tau], list(sds) + [math.sqrt(e_tau2 - e_tau ** 2)])


def gaussian_mixture():
    y = np.array(load("low_dim_gauss_mix")["y"], float)

    def log_density(z):
        """Unnormalised log posterior over the unconstrained
        z = (μ₁, log(μ₂ − μ₁), log σ₁, log σ₂, logit θ), batched over rows,
        including the Jacobian of the map to (μ, σ, θ)."""
        z = np.atleast_2d(z)
        mu1, mu2 = z[:, 0], z[:, 0] + np.exp(z[:, 1])
        sigma1, sigma2 = np.exp(z[:, 2]), np.exp(z[:, 3])
        theta = special.expit(z[:, 4])
        prior = (stats.norm.logpdf(mu1, 0, 2) + stats.norm.logpdf(mu2, 0, 2)
                 + stats.norm.logpdf(sigma1, 0, 2) + stats.norm.logpdf(sigma2, 0, 2)
                 + stats.beta.logpdf(theta, 5, 5))
        jacobian = z[:, 1] + z[:, 2] + z[:, 3] + np.log(theta) + np.log1p(-theta)
        first = np.log(theta)[:, None] + stats.norm.logpdf(y[None, :], mu1[:, None], sigma1[:, None])
        second = np.log1p(-theta)[:, None] + stats.norm.logpdf(y[None, :], mu2[:, None], sigma2[:, None])
        return prior + jacobian + np.logaddexp(first, second).sum(axis=1)

    def constrained(z):
        return np.column_stack([z[:, 0], z[:, 0] + np.exp(z[:, 1]), np.exp(z[:, 2]), np.exp(z[:, 3]),
                                special.expit(z[:, 4])])

    start = np.array([-2.0, math.log(4.0), 0.0, 0.0, 0.0])
    mode = optimize.minimize(lambda z: -log_density(z)[0], start, method="BFGS", options={"gtol": 1e-9}).x
    h = 1e-4
    hessian = np.zeros((5, 5))
    for i in range(5):
        for j in range(5):
            ei, ej = np.eye(5)[i] * h, np.eye(5)[j] * h
            hessian[i, j] = (log_density(mode + ei + ej)[0] - log_density(mode + ei - ej)[0]
                             - log_density(mode - ei + ej)[0] + log_density(mode - ei - ej)[0]) / (4 * h * h)
    scale = np.linalg.cholesky(np.linalg.inv(-hessian))
    peak = log_density(mode)[0]

    # Gauss–Hermite (probabilists'): ∫ f(z) dz = |L| ∫ f(mode + L u) e^{|u|²/2} e^{−|u|²/2} du.
    nodes, weights = special.roots_hermitenorm(10)
    grid = np.array(np.meshgrid(*[nodes] * 5, indexing="ij")).reshape(5, -1).T
    grid_weights = np.prod(np.array(np.meshgrid(*[weights] * 5, indexing="ij")).reshape(5, -1).T, axis=1)
    totals = np.zeros(11)
    for chunk in range(0, len(grid), 2000):
        u = grid[chunk:chunk + 2000]
        z = mode + u @ scale.T
        w = grid_weights[chunk:chunk + 2000] * np.exp(log_density(z) - peak + 0.5 * np.sum(u * u, axis=1))
        x = constrained(z)
        totals += np.concatenate(([w.sum()], w @ x, w @ (x * x)))
    means = totals[1:6] / totals[0]
    sds = np.sqrt(totals[6:] / totals[0] - means ** 2)
    names = ["mu[1]", "mu[2]", "sigma[1]", "sigma[2]", "theta"]
    report("gaussian mixture (Gauss-Hermite 10^5 nodes around the mode)", names, means, sds)

    # Importance sampling from a multivariate t (ν = 7) with the Laplace scale.
    rng = np.random.default_rng(20261129)
    draws, nu = 400_000, 7.0
    u = rng.standard_normal((draws, 5)) / np.sqrt(rng.chisquare(nu, draws) / nu)[:, None]
    log_proposal = -0.5 * (nu + 5) * np.log1p(np.sum(u * u, axis=1) / nu)
    log_weights = np.concatenate([log_density(mode + u[c:c + 2000] @ scale.T) - peak
                                  for c in range(0, draws, 2000)]) - log_proposal
    w = np.exp(log_weights - log_weights.max())
    w /= w.sum()
    x = constrained(mode + u @ scale.T)
    is_means = w @ x
    is_sds = np.sqrt(w @ (x - is_means) ** 2)
    # Delta-method standard error of a self-normalised estimate: sqrt(Σ w² (x − x̄)²).
    errors = np.sqrt((w ** 2) @ (x - is_means) ** 2)
    print(f"== gaussian mixture (importance sampling, {draws} t draws, ESS {1 / np.sum(w * w):.0f})")
    for name, mean, sd, error, gh_mean, gh_sd in zip(names, is_means, is_sds, errors, means, sds):
        print(f"{name:16s} mean {mean: .8f} ± {error:.1e} (GH {gh_mean: .8f})   sd {sd:.8f} (GH {gh_sd:.8f})")


kidiq()
mesquite()
sblri()
eight_schools()
gaussian_mixture()
