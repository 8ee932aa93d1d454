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


def main():
    mp.mp.dps = 50
    print("// LKJCholesky log p, (D, η, off-diagonal c) → value")
    for d in (2, 10):
        for eta in (1e-3, 1.0, 1e6, 1e300):
            for c in (0.0, 0.1):
                value = lkj_log_prob(d, eta, lkj_diagonal(d, c))
                print(f"({d}, {eta!r}, {c!r}, {mp.nstr(value, 17)}),")
    print("// Dirichlet variance, α → Var xₖ")
    for alpha in ([1e-300] * 3, [1e-3] * 3, [1e200] * 3, [1e8] * 3):
        print(f"({alpha!r}, [{', '.join(mp.nstr(v, 17) for v in dirichlet_variance(alpha))}]),")


if __name__ == "__main__":
    main()
