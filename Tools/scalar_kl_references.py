#!/usr/bin/env python3
"""High-precision reference values for the scalar KL divergences between
nearly equal or enormous parameters, as used in `ScalarKLExtremeTests.swift`;
its closed forms are also those of `multivariate_references.py`.

    python3 Tools/scalar_kl_references.py

Every input is a Double (Python float) converted to mpmath exactly, and each
value is evaluated from the defining closed form (not the rearrangements the
Swift code uses) with 50 significant digits beyond the size of its largest
term, so that the cancellation of terms of 1e15 or 1e308 costs nothing.
Needs only mpmath (1.3.0).
"""

import mpmath as mp

mp.mp.dps = 400
f = mp.mpf
lg, psi, log, exp = mp.loggamma, mp.digamma, mp.log, mp.exp


def normal(m1, s1, m2, s2):
    m1, s1, m2, s2 = map(f, (m1, s1, m2, s2))
    return log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - f(1) / 2


def exponential(l1, l2):
    l1, l2 = f(l1), f(l2)
    return log(l1 / l2) + l2 / l1 - 1


def laplace(m1, b1, m2, b2):
    m1, b1, m2, b2 = map(f, (m1, b1, m2, b2))
    d = abs(m1 - m2)
    return log(b2 / b1) + d / b2 + b1 / b2 * exp(-d / b1) - 1


def gamma(a1, b1, a2, b2):
    a1, b1, a2, b2 = map(f, (a1, b1, a2, b2))
    return (a1 - a2) * psi(a1) - lg(a1) + lg(a2) + a2 * (log(b1) - log(b2)) + a1 * (b2 - b1) / b1


def beta(a1, b1, a2, b2):
    a1, b1, a2, b2 = map(f, (a1, b1, a2, b2))
    lb = lambda a, b: lg(a) + lg(b) - lg(a + b)
    return lb(a2, b2) - lb(a1, b1) + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1) + (a2 - a1 + b2 - b1) * psi(a1 + b1)


def poisson(l1, l2):
    l1, l2 = f(l1), f(l2)
    return l1 * log(l1 / l2) - l1 + l2


def uniform(a1, b1, a2, b2):
    a1, b1, a2, b2 = map(f, (a1, b1, a2, b2))
    return log((b2 - a2) / (b1 - a1))


CASES = [
    ("Poisson(1e15)‖Poisson(1e15 + 1e8)", poisson(1e15, 1e15 + 1e8)),
    ("Poisson(1e15 + 1e8)‖Poisson(1e15)", poisson(1e15 + 1e8, 1e15)),
    ("Gamma(1e8, 1)‖Gamma(1e8 + 1, 1)", gamma(1e8, 1, 1e8 + 1, 1)),
    ("Gamma(1e8 + 1, 1)‖Gamma(1e8, 1)", gamma(1e8 + 1, 1, 1e8, 1)),
    ("Gamma(1e8, 1)‖Gamma(1e8, 1 + 1e-8)", gamma(1e8, 1, 1e8, 1 + 1e-8)),
    ("Gamma(1e8, 2)‖Gamma(1e8 + 1e4, 2 + 1e-4)", gamma(1e8, 2, 1e8 + 1e4, 2 + 1e-4)),
    ("Gamma(3, 1)‖Gamma(3 + 1e-6, 1)", gamma(3, 1, 3 + 1e-6, 1)),
    ("Beta(1e8, 1e8)‖Beta(1e8 + 1, 1e8)", beta(1e8, 1e8, 1e8 + 1, 1e8)),
    ("Beta(1e8, 2e8)‖Beta(1e8 + 1e3, 2e8 - 1e3)", beta(1e8, 2e8, 1e8 + 1e3, 2e8 - 1e3)),
    ("Beta(2, 3)‖Beta(2 + 1e-6, 3)", beta(2, 3, 2 + 1e-6, 3)),
    ("Normal(0, 1)‖Normal(0, 1 + 1e-8)", normal(0, 1, 0, 1 + 1e-8)),
    ("Normal(0, 1 + 1e-8)‖Normal(1e-9, 1)", normal(0, 1 + 1e-8, 1e-9, 1)),
    ("Exponential(1)‖Exponential(1 + 1e-8)", exponential(1, 1 + 1e-8)),
    ("Exponential(1 + 1e-8)‖Exponential(1)", exponential(1 + 1e-8, 1)),
    ("Laplace(0, 1)‖Laplace(0, 1 + 1e-8)", laplace(0, 1, 0, 1 + 1e-8)),
    ("Laplace(0, 1)‖Laplace(1e-8, 1)", laplace(0, 1, 1e-8, 1)),
    ("Laplace(0, 1 + 1e-8)‖Laplace(1e-8, 1)", laplace(0, 1 + 1e-8, 1e-8, 1)),
    ("Uniform(−1e308, 1e308)‖Uniform(−1.5e308, 1.5e308)", uniform(-1e308, 1e308, -1.5e308, 1.5e308)),
]


def main():
    for name, value in CASES:
        print(f'("{name}", {mp.nstr(value, 17)}),')


if __name__ == "__main__":
    main()
