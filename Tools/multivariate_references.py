#!/usr/bin/env python3
"""High-precision reference values for the multivariate families and KL
divergences, as used in `MultivariateExtremeTests.swift`.

    python3 Tools/multivariate_references.py

Every input is a Double (Python float) converted to mpmath exactly, and each
value is evaluated from the defining formula (not the rearrangements the
Swift code uses) with enough working digits for its cancellation: 50
significant digits beyond the size of the largest term (the LKJ normaliser at
η = 1e300 sums terms of 1e300 to a few hundred). Needs only mpmath (1.3.0).
"""

import math

import mpmath as mp

from scalar_kl_references import beta, exponential, gamma, laplace, normal, poisson


def f(x):
    return mp.mpf(x)


def digits_for(largest):
    """Working digits that leave 50 significant ones after cancelling terms of size `largest`."""
    return 60 + max(0, int(math.log10(largest)))


def lkj_log_prob(d, eta, diagonal):
    """log p(L) = Σᵢ (2η − 3 + D − i) log Lᵢᵢ − log c_D(η) (rows i = 0…D−1), with
    log c_D(η) = Σₖ (2η − 2 + D − k)(D − k) log 2 + (D − k) log B(bₖ, bₖ), bₖ = η + (D − 1 − k)/2."""
    with mp.workdps(digits_for(eta)):
        eta = f(eta)
        normaliser = f(0)
        for k in range(1, d):
            b = eta + f(d - 1 - k) / 2
            normaliser += (2 * eta - 2 + d - k) * (d - k) * mp.log(2) + (d - k) * mp.log(mp.beta(b, b))
        powers = sum((2 * eta - 3 + d - i) * mp.log(f(diagonal[i])) for i in range(d))
        return +(powers - normaliser)


def lkj_diagonal(d, c):
    """The diagonal of the test's D×D factor whose rows are c, …, c, √(1 − i c²), in Double."""
    return [math.sqrt(1 - i * (c * c)) for i in range(d)]


def dirichlet_variance(alpha):
    """Var xₖ = αₖ(α₀ − αₖ)/(α₀²(α₀ + 1))."""
    a = [f(v) for v in alpha]
    a0 = sum(a)
    return [ak * (a0 - ak) / (a0 * a0 * (a0 + 1)) for ak in a]


def dirichlet_log_prob(alpha, x):
    """log p = log Γ(α₀) − Σ log Γ(αₖ) + Σ(αₖ − 1) log xₖ at the given x (not renormalised)."""
    with mp.workdps(digits_for(sum(alpha) * 40)):
        a, x = [f(v) for v in alpha], [f(v) for v in x]
        return +(mp.loggamma(sum(a)) - sum(mp.loggamma(v) for v in a) + sum((ak - 1) * mp.log(xk) for ak, xk in zip(a, x)))


def dirichlet_entropy(alpha):
    """H = log B(α) + (α₀ − K)ψ(α₀) − Σ(αₖ − 1)ψ(αₖ)."""
    with mp.workdps(digits_for(sum(alpha) * 40)):
        a = [f(v) for v in alpha]
        a0 = sum(a)
        log_b = sum(mp.loggamma(v) for v in a) - mp.loggamma(a0)
        return +(log_b + (a0 - len(a)) * mp.digamma(a0) - sum((ak - 1) * mp.digamma(ak) for ak in a))


DIRICHLET_POINTS = [
    ([1e8, 1e8, 1e8], [1 / 3, 1 / 3, 1 / 3]),
    ([1e8, 1e8, 1e8], [0.33332, 0.33334, 0.33334]),
    ([1e8, 2e8, 3e8], [1 / 6, 1 / 3, 0.5]),
    ([12.5, 40.0, 1e6], [0.25, 0.25, 0.5]),
    ([1e15, 1e15], [0.5, 0.5]),
]

def dirichlet_kl(alpha, beta):
    """KL(Dir(α)‖Dir(β)) = log B(β) − log B(α) + Σ(αₖ − βₖ)(ψ(αₖ) − ψ(α₀))."""
    with mp.workdps(digits_for(sum(alpha + beta) * 40)):
        a, b = [f(v) for v in alpha], [f(v) for v in beta]
        log_b = lambda v: sum(mp.loggamma(x) for x in v) - mp.loggamma(sum(v))
        return +(log_b(b) - log_b(a) + sum((x - y) * (mp.digamma(x) - mp.digamma(sum(a))) for x, y in zip(a, b)))


DIRICHLET_KLS = [
    ([1e8, 1e8, 1e8], [1e8 + 1, 1e8, 1e8]),
    ([1e8 + 1, 1e8, 1e8], [1e8, 1e8, 1e8]),
    ([1e8, 2e8, 3e8], [3e8, 2e8, 1e8]),
    ([12.5, 40.0, 1e6], [20.0, 40.0, 5e5]),
    ([1e15, 1e15], [1e15 + 2, 1e15]),
]

DIRICHLET_ENTROPIES = [[1e8, 1e8, 1e8], [1e8, 2e8, 3e8], [12.5, 40.0, 1e6], [10.0, 10.0, 10.0, 10.0], [1e15, 1e15]]


def kl_cases():
    """(name, exact KL) from each registered pair's closed form, at scale ratios of 1e±150 and shapes of 1e-3 and 1e8."""
    mp.mp.dps = 400
    log = mp.log

    def isotropic(s, d=2):
        """KL(N(0, s²I)‖N(0, I)) in d dimensions."""
        s = f(s)
        return d * (s**2 / 2 - log(s) - f(1) / 2)

    def low_rank(s):
        """KL(N(0, WWᵀ + s²I)‖N(0, I)), W = (s, 0)ᵀ: Σ = diag(2s², s²)."""
        s = f(s)
        return (3 * s**2 - 2 - log(2 * s**4)) / 2

    cases = [
        ("Normal(0, 1e150)‖Normal(0, 1)", normal(0, 1e150, 0, 1)),
        ("Normal(0, 1e-150)‖Normal(0, 1)", normal(0, 1e-150, 0, 1)),
        ("Normal(0, 1e-150)‖Normal(1e-150, 1e-150)", normal(0, 1e-150, 1e-150, 1e-150)),
        ("Exponential(1e150)‖Exponential(1)", exponential(1e150, 1)),
        ("Exponential(1e-150)‖Exponential(1)", exponential(1e-150, 1)),
        ("Laplace(0, 1e150)‖Laplace(1, 1)", laplace(0, 1e150, 1, 1)),
        ("Laplace(0, 1e-150)‖Laplace(1, 1)", laplace(0, 1e-150, 1, 1)),
        ("Laplace(0, 1e-150)‖Laplace(1e-150, 1e-150)", laplace(0, 1e-150, 1e-150, 1e-150)),
        ("Gamma(2, 1e150)‖Gamma(2, 1e-150)", gamma(2, 1e150, 2, 1e-150)),
        ("Gamma(2, 1e-150)‖Gamma(2, 1e150)", gamma(2, 1e-150, 2, 1e150)),
        ("Gamma(1e-3, 1)‖Gamma(1e8, 1)", gamma(1e-3, 1, 1e8, 1)),
        ("Gamma(1e8, 1)‖Gamma(1e-3, 1)", gamma(1e8, 1, 1e-3, 1)),
        ("Beta(1e-3, 1e-3)‖Beta(1, 1)", beta(1e-3, 1e-3, 1, 1)),
        ("Beta(1, 1)‖Beta(1e-3, 1e-3)", beta(1, 1, 1e-3, 1e-3)),
        ("Poisson(1e-150)‖Poisson(1e150)", poisson(1e-150, 1e150)),
        ("Poisson(1e150)‖Poisson(1e-150)", poisson(1e150, 1e-150)),
        ("MVN(0, 1e150²I)‖MVN(0, I)", isotropic(1e150)),
        ("MVN(0, 1e-150²I)‖MVN(0, I)", isotropic(1e-150)),
        ("LowRank(1e150)‖MVN(0, I)", low_rank(1e150)),
        ("LowRank(1e-150)‖MVN(0, I)", low_rank(1e-150)),
    ]
    mp.mp.dps = 50
    return cases


def main():
    mp.mp.dps = 50
    print("// LKJCholesky log p, (D, η, off-diagonal c) → value")
    for d in (2, 10):
        for eta in (1e-3, 1.0, 1e6, 1e300):
            for c in (0.0, 0.1):
                value = lkj_log_prob(d, eta, lkj_diagonal(d, c))
                print(f"({d}, {eta!r}, {c!r}, {mp.nstr(value, 17)}),")
    print("// Dirichlet variance, α → Var xₖ")
    for alpha in ([1e-300] * 3, [1e-3] * 3, [1e200] * 3, [1e8] * 3, [1e-3, 1e6]):
        print(f"({alpha!r}, [{', '.join(mp.nstr(v, 17) for v in dirichlet_variance(alpha))}]),")
    print("// Dirichlet log p, (α, x) → value")
    for alpha, x in DIRICHLET_POINTS:
        print(f"({alpha!r}, {x!r}, {mp.nstr(dirichlet_log_prob(alpha, x), 17)}),")
    print("// Dirichlet entropy, α → value")
    for alpha in DIRICHLET_ENTROPIES:
        print(f"({alpha!r}, {mp.nstr(dirichlet_entropy(alpha), 17)}),")
    print("// Dirichlet KL, (α, β) → value")
    for alpha, beta in DIRICHLET_KLS:
        print(f"({alpha!r}, {beta!r}, {mp.nstr(dirichlet_kl(alpha, beta), 17)}),")
    print("// KL divergences, name → value")
    for name, value in kl_cases():
        print(f'("{name}", {mp.nstr(value, 17)}),')


if __name__ == "__main__":
    main()
