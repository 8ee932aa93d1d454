#!/usr/bin/env python3
"""High-precision reference values for the distribution families.

Evaluates logProb, cdf, icdf, mean, variance and entropy of every scalar family
at tails and extreme parameters with mpmath at 50 significant digits, and
writes them as Swift source (a CSV table in a raw string literal) that
`HighPrecisionReferenceTests` reads:

    python3 Tools/high_precision_references.py \
        > Tests/LatentDistributionsTests/HighPrecisionReferenceTable.swift

Rerun it after changing a case below; it needs only mpmath (1.3.0 was used)
and takes half an hour or more on one core (the Beta, Student t and von Mises
quadratures and series).
To regenerate some families only and splice their rows into the table:

    python3 Tools/high_precision_references.py --only Gamma,ChiSquared TABLE > NEW

or one parameter setting of a family only, written as in the test's names:

    python3 Tools/high_precision_references.py --only "Beta[1000000.0, 1000000.0]" TABLE > NEW
 Every input is a Double (Python float), converted
to mpmath exactly, so that the reference is the exact function at the same
argument the Swift code sees; each result is rounded once to the nearest
Double (or written as inf/-inf/nan).

Where mpmath's own incomplete gamma/beta functions do not converge (gamma
shapes beyond 1e7, beta shapes beyond 1e3 that are not whole numbers, Student
t beyond ν = 1e6), the CDF is the adaptive tanh-sinh integral of the density
(mpmath.quad, 50 digits) over breakpoints placed at the mode ± multiples of
the standard deviation and near both ends. Beta shapes that are whole numbers
use the binomial tail sum instead, the Student t quantile beyond ν = 1e12
the asymptotic series in 1/ν about the normal quantile, and the von Mises
CDF up to κ = 1e3 the Bessel series of its density. Entropies of discrete families are exact sums over
the support where it is short enough, and otherwise the Gaussian-limit series
H = ½ log(2πe v) − γ₁²/12 with v the variance and γ₁ the skewness, whose
next term is O(1/v²) (below 1e-20 relative at the variances used, ≥ 1e10).
"""

import math
import re
import sys

import mpmath as mp

mp.mp.dps = 50

ROWS = []
# `--only A,B TABLE`: regenerate families A and B only (or settings such as
# "Beta[1.0, 2.0]"), splicing their rows into the existing TABLE (the others
# take minutes of quadrature).
ONLY = set(re.split(r",(?![^\[]*\])", sys.argv[2])) if len(sys.argv) > 3 and sys.argv[1] == "--only" else set()
ONLY_TABLE = sys.argv[3] if ONLY else None
PROBABILITIES = [0.0, 1e-300, 1e-100, 1e-20, 1e-16, 1e-10, 0.1, 0.5, 0.9, 1 - 1e-10, 1 - 1e-16, 1.0]


def f(x):
    """mpmath number from a Double, exactly."""
    return mp.mpf(x)


def emit(family, parameters, function, argument, value):
    value = mp.mpf(value) if not isinstance(value, mp.mpf) else value
    if mp.isnan(value):
        text = "nan"
    elif mp.isinf(value):
        text = "inf" if value > 0 else "-inf"
    else:
        text = repr(float(value))
    parameter_text = " ".join(repr(float(p)) for p in parameters)
    ROWS.append(f"{family};{parameter_text};{function};{repr(float(argument))};{text}")


def setting(family, parameter_text):
    """A parameter setting's name, as the test names it: `Beta[1.0, 2.0]`."""
    return f"{family}[{', '.join(parameter_text.split())}]"


def selection(family, parameters):
    """The `--only` entry that selects a setting (its family or the setting itself), or None."""
    if family in ONLY:
        return family
    name = setting(family, " ".join(repr(float(p)) for p in parameters))
    return name if name in ONLY else None


def solve_quantile(p, cdf, survival, low, high, tail=False, geometric=False, width=mp.mpf(10) ** -45):
    """x with F(x) = p (S(x) = p when `tail`), by bisection on log F (log S
    above the median) in a bracket [low, high] down to a relative `width`;
    `geometric` bisects a positive bracket at √(ab), for roots far below 1e-300."""
    p = f(p)
    if p == 0 or p == 1:
        return None
    upper = tail or p > 0.5
    target = mp.log(p) if tail else mp.log(1 - p) if upper else mp.log(p)

    def residual(x):
        value = survival(x) if upper else cdf(x)
        if value <= 0:
            return mp.mpf(-10) ** 6 if not upper else mp.mpf(10) ** 6
        r = mp.log(value) - target
        return -r if upper else r

    # Halving a bracket of width 1e308 down to a relative width of 1e-45 at
    # a root near 1e-300 takes about 2,200 steps; the cap leaves room above.
    a, b = f(low), f(high)
    for _ in range(4000):
        m = mp.sqrt(a * b) if geometric else (a + b) / 2
        if m == a or m == b:
            break
        if residual(m) < 0:
            a = m
        else:
            b = m
        floor = 0 if geometric else mp.mpf(10) ** -300
        if abs(b - a) <= width * max(abs(a), abs(b), floor):
            break
    return (a + b) / 2


def newton_quantile(p, cdf, survival, density, low, high):
    """x with F(x) = p in [low, high]: 40 bisections, then Newton on F − p
    (on 1 − p − S above the median, for its relative accuracy) kept inside
    the bracket, to a relative step of 1e-45."""
    upper = p > 0.5
    target = 1 - f(p) if upper else f(p)

    def rising(x):
        return target - survival(x) if upper else cdf(x) - target

    a, b = f(low), f(high)
    for _ in range(40):
        m = (a + b) / 2
        a, b = (m, b) if rising(m) < 0 else (a, m)
    x = (a + b) / 2
    for _ in range(100):
        r = rising(x)
        if r == 0:
            return x
        a, b = (x, b) if r < 0 else (a, x)
        slope = density(x)
        step = x - r / slope if slope > 0 else (a + b) / 2
        following = step if a < step < b else (a + b) / 2
        if abs(following - x) <= mp.mpf(10) ** -45 * max(abs(following), mp.mpf(10) ** -300):
            return following
        x = following
    return x


class Family:
    """A family's exact functions at one parameter setting (None: not defined)."""

    name = ""
    support = (-mp.inf, mp.inf)

    def __init__(self, *parameters):
        self.parameters = parameters
        self.p = [f(x) for x in parameters]

    def logpdf(self, x):
        raise NotImplementedError

    cdf = survival = None
    mean = variance = entropy = None
    bracket = None

    def quantile(self, p):
        return solve_quantile(p, self.cdf, self.survival, *self.bracket)

    def emit_all(self, xs, probabilities=PROBABILITIES, quantiles=True, cdfs=True):
        if ONLY and selection(self.name, self.parameters) is None:
            return
        print(self.name, self.parameters, file=sys.stderr, flush=True)
        for x in xs:
            emit(self.name, self.parameters, "logProb", x, self.logpdf(f(x)))
            if cdfs and self.cdf is not None:
                emit(self.name, self.parameters, "cdf", x, self.cdf(f(x)))
        if quantiles and self.cdf is not None:
            low, high = self.support
            for p in probabilities:
                q = low if p == 0 else high if p == 1 else self.quantile(p)
                emit(self.name, self.parameters, "icdf", p, q)
        for function in ("mean", "variance", "entropy"):
            method = getattr(self, function)
            value = method() if method is not None else None
            if value is not None:
                emit(self.name, self.parameters, function, 0.0, value)


def exp(x):
    """eˣ, with mpmath's exponent overflow beyond |x| = 1e18 taken as its limit (+∞ or 0)."""
    if x > 1e18:
        return mp.inf
    if x < -1e18:
        return mp.mpf(0)
    return mp.exp(x)


def expm1(x):
    """eˣ − 1, with the same limits as `exp`."""
    if x > 1e18:
        return mp.inf
    if x < -1e18:
        return mp.mpf(-1)
    return mp.expm1(x)


def ncdf(z):
    """Φ(z); beyond |z| = 1e4 it is 0 or 1 to far below Double's range (mpmath overflows there)."""
    if abs(z) > 10000:
        return mp.mpf(0) if z < 0 else mp.mpf(1)
    return mp.ncdf(z)


def integral(logpdf, a, b, points=()):
    """∫ₐᵇ exp(logpdf) with breakpoints inside (a, b)."""
    if a >= b:
        return mp.mpf(0)
    nodes = [a] + sorted(t for t in points if a < t < b) + [b]
    return mp.quad(lambda t: exp(logpdf(t)), nodes)


# MARK: - Continuous families


class Normal(Family):
    name = "Normal"

    def logpdf(self, x):
        m, s = self.p
        if mp.isinf(x):
            return -mp.inf
        z = (x - m) / s
        return -z * z / 2 - mp.log(s) - mp.log(2 * mp.pi) / 2

    def cdf(self, x):
        m, s = self.p
        return ncdf((x - m) / s)

    def survival(self, x):
        m, s = self.p
        return ncdf(-(x - m) / s)

    def quantile(self, p):
        m, s = self.p
        # The median of a symmetric law is its centre exactly; bisection
        # would stop at a residue near 1e-52 that no relative tolerance meets.
        if p == 0.5:
            return m
        return m + s * solve_quantile(p, mp.ncdf, lambda z: ncdf(-z), -60, 60)

    def mean(self):
        return self.p[0]

    def variance(self):
        return self.p[1] ** 2

    def entropy(self):
        return mp.mpf(1) / 2 + mp.log(2 * mp.pi) / 2 + mp.log(self.p[1])


class LogNormal(Family):
    name = "LogNormal"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        m, s = self.p
        if x <= 0 or mp.isinf(x):
            return -mp.inf
        z = (mp.log(x) - m) / s
        return -z * z / 2 - mp.log(x) - mp.log(s) - mp.log(2 * mp.pi) / 2

    def cdf(self, x):
        return mp.mpf(0) if x <= 0 else ncdf((mp.log(x) - self.p[0]) / self.p[1])

    def quantile(self, p):
        m, s = self.p
        return exp(m + s * Normal(0.0, 1.0).quantile(p))

    def mean(self):
        m, s = self.p
        return exp(m + s * s / 2)

    def variance(self):
        m, s = self.p
        return expm1(s * s) * exp(2 * m + s * s)

    def entropy(self):
        m, s = self.p
        return m + mp.mpf(1) / 2 + mp.log(s * mp.sqrt(2 * mp.pi))


class HalfNormal(Family):
    name = "HalfNormal"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        s = self.p[0]
        if x < 0 or mp.isinf(x):
            return -mp.inf
        z = x / s
        return -z * z / 2 - mp.log(s) + mp.log(2 / mp.pi) / 2

    def cdf(self, x):
        return mp.mpf(0) if x <= 0 else mp.erf(x / (self.p[0] * mp.sqrt(2)))

    def quantile(self, p):
        # F(x) = erf(x/(σ√2)) = p: (1 − p)/2 would round p = 1e-100 away.
        return self.p[0] * mp.sqrt(2) * mp.erfinv(f(p))

    def mean(self):
        return self.p[0] * mp.sqrt(2 / mp.pi)

    def variance(self):
        return self.p[0] ** 2 * (1 - 2 / mp.pi)

    def entropy(self):
        return mp.log(mp.pi * self.p[0] ** 2 / 2) / 2 + mp.mpf(1) / 2


class Cauchy(Family):
    name = "Cauchy"

    def logpdf(self, x):
        m, s = self.p
        if mp.isinf(x):
            return -mp.inf
        z = (x - m) / s
        return -mp.log1p(z * z) - mp.log(s) - mp.log(mp.pi)

    def cdf(self, x):
        # atan2(1, −z)/π = ½ + atan(z)/π without the cancellation that
        # leaves 0 of a lower tail of 1e-201 at 50 digits.
        m, s = self.p
        return mp.atan2(1, -(x - m) / s) / mp.pi

    def quantile(self, p):
        # tan(π(p − ½)) = −cot(πp) = cot(π(1 − p)): p − ½ would round a
        # tail probability of 1e-300 away.
        m, s = self.p
        p = f(p)
        if p == mp.mpf(1) / 2:
            return m
        return m - s / mp.tan(mp.pi * p) if p < mp.mpf(1) / 2 else m + s / mp.tan(mp.pi * (1 - p))

    def entropy(self):
        return mp.log(4 * mp.pi * self.p[1])


class HalfCauchy(Family):
    name = "HalfCauchy"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        s = self.p[0]
        if x < 0 or mp.isinf(x):
            return -mp.inf
        z = x / s
        return -mp.log1p(z * z) - mp.log(s) + mp.log(2 / mp.pi)

    def cdf(self, x):
        return mp.mpf(0) if x <= 0 else 2 * mp.atan(x / self.p[0]) / mp.pi

    def quantile(self, p):
        return self.p[0] * mp.tan(mp.pi * f(p) / 2)

    def entropy(self):
        return mp.log(2 * mp.pi * self.p[0])


class Laplace(Family):
    name = "Laplace"

    def logpdf(self, x):
        m, b = self.p
        return -abs(x - m) / b - mp.log(2 * b)

    def cdf(self, x):
        m, b = self.p
        z = (x - m) / b
        return exp(z) / 2 if z < 0 else 1 - exp(-z) / 2

    def quantile(self, p):
        m, b = self.p
        p = f(p)
        return m + b * (mp.log(2 * p) if p < 0.5 else -mp.log(2 - 2 * p))

    def mean(self):
        return self.p[0]

    def variance(self):
        return 2 * self.p[1] ** 2

    def entropy(self):
        return mp.log(2 * self.p[1]) + 1


class Logistic(Family):
    name = "Logistic"

    def logpdf(self, x):
        m, s = self.p
        if mp.isinf(x):
            return -mp.inf
        # Symmetric in z: exp(|z|) would overflow at z = −1e200.
        z = abs((x - m) / s)
        return -z - mp.log(s) - 2 * mp.log1p(exp(-z))

    def cdf(self, x):
        m, s = self.p
        if x == -mp.inf:
            return mp.mpf(0)
        return 1 / (1 + exp(-(x - m) / s))

    def quantile(self, p):
        m, s = self.p
        p = f(p)
        return m + s * (mp.log(p) - mp.log1p(-p))

    def mean(self):
        return self.p[0]

    def variance(self):
        return self.p[1] ** 2 * mp.pi ** 2 / 3

    def entropy(self):
        return mp.log(self.p[1]) + 2


class Gumbel(Family):
    name = "Gumbel"

    def logpdf(self, x):
        m, b = self.p
        if mp.isinf(x):
            return -mp.inf
        z = (x - m) / b
        return -(z + exp(-z)) - mp.log(b)

    def cdf(self, x):
        m, b = self.p
        if x == -mp.inf:
            return mp.mpf(0)
        return exp(-exp(-(x - m) / b))

    def quantile(self, p):
        m, b = self.p
        return m - b * mp.log(-mp.log(f(p)))

    def mean(self):
        return self.p[0] + self.p[1] * mp.euler

    def variance(self):
        return self.p[1] ** 2 * mp.pi ** 2 / 6

    def entropy(self):
        return mp.log(self.p[1]) + mp.euler + 1


class Uniform(Family):
    name = "Uniform"

    def logpdf(self, x):
        a, b = self.p
        return -mp.log(b - a) if a <= x <= b else -mp.inf

    def cdf(self, x):
        a, b = self.p
        return min(max((x - a) / (b - a), 0), 1)

    def quantile(self, p):
        a, b = self.p
        return a + f(p) * (b - a)

    def emit_all(self, xs, **kwargs):
        self.support = tuple(self.parameters)
        super().emit_all(xs, **kwargs)

    def mean(self):
        return (self.p[0] + self.p[1]) / 2

    def variance(self):
        return (self.p[1] - self.p[0]) ** 2 / 12

    def entropy(self):
        return mp.log(self.p[1] - self.p[0])


class Exponential(Family):
    name = "Exponential"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        r = self.p[0]
        return mp.log(r) - r * x if x >= 0 and not mp.isinf(x) else -mp.inf

    def cdf(self, x):
        return -expm1(-self.p[0] * x) if x > 0 else mp.mpf(0)

    def quantile(self, p):
        return -mp.log1p(-f(p)) / self.p[0]

    def mean(self):
        return 1 / self.p[0]

    def variance(self):
        return 1 / self.p[0] ** 2

    def entropy(self):
        return 1 - mp.log(self.p[0])


class Weibull(Family):
    name = "Weibull"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        lam, k = self.p
        if x < 0 or mp.isinf(x):
            return -mp.inf
        if x == 0:
            return mp.inf if k < 1 else (-mp.log(lam) if k == 1 else -mp.inf)
        return mp.log(k / lam) + (k - 1) * mp.log(x / lam) - (x / lam) ** k

    def cdf(self, x):
        lam, k = self.p
        return -expm1(-(x / lam) ** k) if x > 0 else mp.mpf(0)

    def quantile(self, p):
        lam, k = self.p
        return lam * (-mp.log1p(-f(p))) ** (1 / k)

    def mean(self):
        lam, k = self.p
        return lam * mp.gamma(1 + 1 / k)

    def variance(self):
        lam, k = self.p
        return lam ** 2 * (mp.gamma(1 + 2 / k) - mp.gamma(1 + 1 / k) ** 2)

    def entropy(self):
        lam, k = self.p
        return mp.euler * (1 - 1 / k) + mp.log(lam / k) + 1


class Pareto(Family):
    name = "Pareto"

    def logpdf(self, x):
        xm, a = self.p
        if x < xm or mp.isinf(x):
            return -mp.inf
        return mp.log(a) + a * mp.log(xm) - (a + 1) * mp.log(x)

    def cdf(self, x):
        xm, a = self.p
        return -expm1(a * (mp.log(xm) - mp.log(x))) if x > xm else mp.mpf(0)

    def quantile(self, p):
        xm, a = self.p
        return xm * exp(-mp.log1p(-f(p)) / a)

    def emit_all(self, xs, **kwargs):
        self.support = (self.parameters[0], mp.inf)
        super().emit_all(xs, **kwargs)

    def mean(self):
        xm, a = self.p
        return a * xm / (a - 1) if a > 1 else mp.inf

    def variance(self):
        xm, a = self.p
        return xm ** 2 * a / ((a - 1) ** 2 * (a - 2)) if a > 2 else mp.inf

    def entropy(self):
        xm, a = self.p
        return mp.log(xm / a) + 1 + 1 / a


def gamma_log_density(a, x):
    """log of the Gamma(a, 1) density, with its limits at 0 and ∞."""
    if x < 0 or mp.isinf(x):
        return -mp.inf
    if x == 0:
        return mp.inf if a < 1 else (mp.mpf(0) if a == 1 else -mp.inf)
    return (a - 1) * mp.log(x) - x - mp.loggamma(a)


def gamma_lower(a, x):
    """P(a, x); by quadrature of the density beyond a = 1e7, where mpmath's
    series would need more than 1e4 terms a digit."""
    if x <= 0:
        return mp.mpf(0)
    if mp.isinf(x):
        return mp.mpf(1)
    if a > 1000 and x > a:
        return 1 - gamma_upper(a, x)
    if a <= 1e7:
        # 30 guard digits: the series loses log10(a) digits near x = a.
        with mp.workdps(80):
            return +mp.gammainc(a, 0, x, regularized=True)
    s = mp.sqrt(a)
    return integral(lambda t: gamma_log_density(a, t), max(mp.mpf(0), a - 60 * s), x,
                    [a - k * s for k in (40, 20, 10, 5, 2, 1)])


def gamma_upper(a, x):
    """Q(a, x)."""
    if x <= 0:
        return mp.mpf(1)
    if mp.isinf(x):
        return mp.mpf(0)
    if a > 1000 and x < a:
        return 1 - gamma_lower(a, x)
    if a <= 1e7:
        with mp.workdps(80):
            return +mp.gammainc(a, x, mp.inf, regularized=True)
    s = mp.sqrt(a)
    return integral(lambda t: gamma_log_density(a, t), x, a + 80 * s,
                    [a + k * s for k in (1, 2, 5, 10, 20, 40)])


class Gamma(Family):
    name = "Gamma"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        a, b = self.p
        return gamma_log_density(a, b * x) + mp.log(b)

    def cdf(self, x):
        a, b = self.p
        return gamma_lower(a, b * x)

    def survival(self, x):
        a, b = self.p
        return gamma_upper(a, b * x)

    def quantile(self, p, tail=False):
        a, b = self.p
        s = mp.sqrt(a)
        if a >= 1e7:
            return solve_quantile(p, lambda z: gamma_lower(a, z), lambda z: gamma_upper(a, z), a - 60 * s, a + 60 * s, tail) / b
        # P(a, z) < zᵃ/Γ(a + 1), so the lower quantile is at least
        # (p·Γ(a + 1))^(1/a), which may be far below 1e-300 (1e-300000 at
        # a = 0.001): bisect geometrically from there (or from 1e-5000 for
        # an upper-tail probability, where the root is near 1 or above).
        lower = 1 - f(p) if tail else f(p)
        low = (lower * mp.gamma(a + 1)) ** (1 / a) if 0 < lower < mp.mpf(1) / 2 else mp.mpf(10) ** -5000
        return solve_quantile(p, lambda z: gamma_lower(a, z), lambda z: gamma_upper(a, z), low * (1 - mp.mpf(10) ** -40),
                              800 + 40 * a, tail, geometric=True) / b

    def mean(self):
        a, b = self.p
        return a / b

    def variance(self):
        a, b = self.p
        return a / b ** 2

    def entropy(self):
        a, b = self.p
        return a - mp.log(b) + mp.loggamma(a) + (1 - a) * mp.digamma(a)


class ChiSquared(Gamma):
    name = "ChiSquared"

    def __init__(self, nu):
        super().__init__(nu)
        self.p = [f(nu) / 2, mp.mpf(1) / 2]


class InverseGamma(Family):
    name = "InverseGamma"
    support = (0.0, mp.inf)

    def logpdf(self, x):
        a, b = self.p
        if x <= 0 or mp.isinf(x):
            return -mp.inf
        return a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(x) - b / x

    def cdf(self, x):
        a, b = self.p
        return gamma_upper(a, b / x) if x > 0 else mp.mpf(0)

    def survival(self, x):
        a, b = self.p
        return gamma_lower(a, b / x) if x > 0 else mp.mpf(1)

    def quantile(self, p):
        a, b = self.p
        return b / Gamma(self.parameters[0], 1.0).quantile(p, tail=True)

    def mean(self):
        a, b = self.p
        return b / (a - 1) if a > 1 else mp.inf

    def variance(self):
        a, b = self.p
        return b ** 2 / ((a - 1) ** 2 * (a - 2)) if a > 2 else mp.inf

    def entropy(self):
        a, b = self.p
        return a + mp.log(b) + mp.loggamma(a) - (1 + a) * mp.digamma(a)


def beta_log_density(a, b, x):
    if x < 0 or x > 1:
        return -mp.inf
    if x == 0:
        return mp.inf if a < 1 else (-mp.log(mp.beta(a, b)) if a == 1 else -mp.inf)
    if x == 1:
        return mp.inf if b < 1 else (-mp.log(mp.beta(a, b)) if b == 1 else -mp.inf)
    return (a - 1) * mp.log(x) + (b - 1) * mp.log1p(-x) - mp.log(mp.beta(a, b))


def binomial_upper_tail(n, k, x):
    """P(Binomial(n, x) ≥ k) = I_x(k, n − k + 1) for whole k ≤ n, summed from
    the term at k up; for x below k/(n + 1) the terms fall at least
    geometrically, and the sum stops once a term is below 1e-60 of it."""
    n, k = mp.mpf(n), mp.mpf(k)
    with mp.workdps(80):
        term = exp(log_choose(n, k) + k * mp.log(x) + (n - k) * mp.log1p(-x))
        total, j = mp.mpf(0), k
        while term > 0 and j <= n:
            total += term
            if term < total * mp.mpf(10) ** -60:
                break
            term *= (n - j) / (j + 1) * x / (1 - x)
            j += 1
        return +total


class Beta(Family):
    name = "Beta"
    support = (0.0, 1.0)

    def logpdf(self, x):
        return beta_log_density(*self.p, x)

    def _large(self):
        a, b = self.p
        return a + b > 1000

    def _breakpoints(self):
        a, b = self.p
        m = a / (a + b)
        s = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        return [m + k * s for k in (-40, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 40)]

    def cdf(self, x):
        a, b = self.p
        if x <= 0:
            return mp.mpf(0)
        if x >= 1:
            return mp.mpf(1)
        if not self._large():
            return mp.betainc(a, b, 0, x, regularized=True)
        if x > a / (a + b):
            return 1 - self.survival(x)
        if a == int(a) and b == int(b):
            return binomial_upper_tail(a + b - 1, a, x)
        return integral(lambda t: beta_log_density(a, b, t), mp.mpf(0), x, self._breakpoints())

    def survival(self, x):
        a, b = self.p
        if x <= 0:
            return mp.mpf(1)
        if x >= 1:
            return mp.mpf(0)
        if not self._large():
            return mp.betainc(a, b, x, 1, regularized=True)
        if x <= a / (a + b):
            return 1 - self.cdf(x)
        if a == int(a) and b == int(b):
            return binomial_upper_tail(a + b - 1, b, 1 - x)
        return integral(lambda t: beta_log_density(a, b, t), x, mp.mpf(1), self._breakpoints())

    def quantile(self, p):
        return solve_quantile(p, self.cdf, self.survival, mp.mpf(0), mp.mpf(1))

    def mean(self):
        a, b = self.p
        return a / (a + b)

    def variance(self):
        a, b = self.p
        return a * b / ((a + b) ** 2 * (a + b + 1))

    def entropy(self):
        a, b = self.p
        return (mp.log(mp.beta(a, b)) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b)
                + (a + b - 2) * mp.digamma(a + b))


def student_quantile_series(nu, z):
    """The Student t quantile as a series in 1/ν about the normal quantile z
    (Abramowitz & Stegun 26.7.5, four terms): at ν ≥ 1e12 and |z| ≤ 40 the
    first term left out is below 1e-55 of t."""
    g = [(z ** 3 + z) / 4,
         (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96,
         (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384,
         (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160]
    return z + sum(term / nu ** (i + 1) for i, term in enumerate(g))


class StudentT(Family):
    name = "StudentT"

    def logpdf(self, x):
        nu, m, s = self.p
        if mp.isinf(x):
            return -mp.inf
        z = (x - m) / s
        return (mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - mp.log(s)
                - (nu + 1) / 2 * mp.log1p(z * z / nu))

    def _tail(self, z):
        """P(T > z) for z ≥ 0 = ½ I_{ν/(ν+z²)}(ν/2, ½)."""
        nu = self.p[0]
        if mp.isinf(z):
            return mp.mpf(0)
        if nu <= 1e6:
            return mp.betainc(nu / 2, mp.mpf(1) / 2, 0, nu / (nu + z * z), regularized=True) / 2
        standard = lambda t: self.logpdf(self.p[1] + self.p[2] * t) + mp.log(self.p[2])
        return integral(standard, z, mp.mpf(80), [z + k for k in (1, 2, 5, 10, 20, 40)])

    def cdf(self, x):
        nu, m, s = self.p
        z = (x - m) / s
        return self._tail(-z) if z < 0 else 1 - self._tail(z)

    def survival(self, x):
        nu, m, s = self.p
        z = (x - m) / s
        return 1 - self._tail(-z) if z < 0 else self._tail(z)

    def quantile(self, p):
        nu, m, s = self.p
        if p == 0.5:
            return m
        if nu >= 1e12:
            return m + s * student_quantile_series(nu, Normal(0.0, 1.0).quantile(p))
        limit = mp.mpf(10) ** 308 if nu < 1e6 else mp.mpf(60)
        # Beyond ±1.8e308 the Double quantile is ∓∞.
        if self.cdf(m - s * limit) > p:
            return -mp.inf
        if self.survival(m + s * limit) > 1 - f(p):
            return mp.inf
        return solve_quantile(p, self.cdf, self.survival, m - s * limit, m + s * limit)

    def mean(self):
        nu, m, s = self.p
        return m if nu > 1 else mp.nan

    def variance(self):
        nu, m, s = self.p
        return s * s * nu / (nu - 2) if nu > 2 else (mp.inf if nu > 1 else mp.nan)

    def entropy(self):
        nu, m, s = self.p
        return ((nu + 1) / 2 * (mp.digamma((nu + 1) / 2) - mp.digamma(nu / 2)) + mp.log(nu) / 2
                + mp.log(mp.beta(nu / 2, mp.mpf(1) / 2)) + mp.log(s))


class ContinuousBernoulli(Family):
    """p(x) = λˣ(1 − λ)^(1−x)/Z on [0, 1], moments and entropy by quadrature."""

    name = "ContinuousBernoulli"
    support = (0.0, 1.0)

    def _kernel_log(self, x):
        lam = self.p[0]
        return x * mp.log(lam) + (1 - x) * mp.log1p(-lam)

    def _log_z(self):
        if not hasattr(self, "log_z"):
            self.log_z = mp.log(mp.quad(lambda t: exp(self._kernel_log(t)), [0, 1]))
        return self.log_z

    def logpdf(self, x):
        if x < 0 or x > 1:
            return -mp.inf
        return self._kernel_log(x) - self._log_z()

    def cdf(self, x):
        if x <= 0:
            return mp.mpf(0)
        if x >= 1:
            return mp.mpf(1)
        return mp.quad(lambda t: exp(self._kernel_log(t)), [0, x]) / exp(self._log_z())

    def survival(self, x):
        if x >= 1:
            return mp.mpf(0)
        return mp.quad(lambda t: exp(self._kernel_log(t)), [x, 1]) / exp(self._log_z())

    def quantile(self, p):
        lam = self.p[0]
        r = mp.log(lam) - mp.log1p(-lam)
        return mp.log1p(f(p) * expm1(r)) / r

    def _moment(self, g):
        return mp.quad(lambda t: g(t) * exp(self.logpdf(t)), [0, 1])

    def mean(self):
        return self._moment(lambda t: t)

    def variance(self):
        m = self.mean()
        return self._moment(lambda t: (t - m) ** 2)

    def entropy(self):
        return -self._moment(lambda t: self.logpdf(t))


class VonMises(Family):
    name = "VonMises"
    support = (-mp.pi, mp.pi)

    def logpdf(self, x):
        m, k = self.p
        if abs(x) > mp.pi:
            return -mp.inf
        return k * mp.cos(x - m) - mp.log(2 * mp.pi * mp.besseli(0, k))

    def _nodes(self, a, b):
        m = self.p[0]
        inner = [m + t for t in (-mp.pi / 2, -0.1, -0.01, 0, 0.01, 0.1, mp.pi / 2)] + [m - mp.pi, m + mp.pi]
        # In a tail the integrand peaks at an end of the interval, steeply at
        # κ = 500: nodes close to both ends keep the quadrature exact there.
        ends = [e + sign * mp.mpf(10) ** -d for e, sign in ((a, 1), (b, -1)) for d in range(1, 6)]
        return [a] + sorted(t for t in inner + ends if a < t < b) + [b]

    def _arc(self, a, b):
        """The mass of the arc [a, b]: up to κ = 1000 by the Bessel series
        ∫ e^(κ cos u) du = I₀(κ)(b − a) + 2 Σⱼ Iⱼ(κ)(sin jb − sin ja)/j over
        u = t − μ (terms to below 1e-60 of I₀, with 2κ/ln 10 guard digits
        for the cancellation down to the antimode's e^(−2κ)), beyond that
        by quadrature."""
        m, k = self.p
        if k > 1000:
            return mp.quad(lambda t: exp(self.logpdf(t)), self._nodes(a, b))
        with mp.workdps(60 + int(2 * k / mp.log(10))):
            ratios = self._bessel_ratios()
            u, v = f(a) - m, f(b) - m
            total = (v - u) + 2 * mp.fsum(r * (mp.sin(j * v) - mp.sin(j * u)) / j for j, r in enumerate(ratios, 1))
            return +(total / (2 * mp.pi))

    def _bessel_ratios(self):
        """Iⱼ(κ)/I₀(κ) for j = 1, 2, … while above 1e-60 of the digits at hand."""
        if not hasattr(self, "ratios"):
            k = self.p[1]
            zero, ratios = mp.besseli(0, k), []
            floor = mp.mpf(10) ** -(mp.mp.dps + 10)
            while not ratios or ratios[-1] > floor or len(ratios) < k:
                ratios.append(mp.besseli(len(ratios) + 1, k) / zero)
            self.ratios = ratios
        return self.ratios

    def cdf(self, x):
        low = -mp.pi
        if x <= low:
            return mp.mpf(0)
        if x >= mp.pi:
            return mp.mpf(1)
        return self._arc(low, x)

    def survival(self, x):
        if x >= mp.pi:
            return mp.mpf(0)
        return self._arc(x, mp.pi)

    def quantile(self, p):
        # Centred at 0, the law is symmetric about the cut's midpoint: its
        # median is 0 exactly, where bisection would stop at a residue.
        if p == 0.5 and self.p[0] == 0:
            return mp.mpf(0)
        # Each evaluation is a quadrature: a safeguarded Newton step needs
        # far fewer of them than bisection to 1e-45.
        return newton_quantile(p, self.cdf, self.survival, lambda x: exp(self.logpdf(x)), -mp.pi, mp.pi)

    def mean(self):
        return self.p[0]

    def variance(self):
        k = self.p[1]
        return 1 - mp.besseli(1, k) / mp.besseli(0, k)

    def entropy(self):
        k = self.p[1]
        return mp.log(2 * mp.pi * mp.besseli(0, k)) - k * mp.besseli(1, k) / mp.besseli(0, k)


class RelaxedBernoulli(Family):
    """Y = σ(X), X ~ Logistic(l/t, 1/t): p(y) = t·e^(−t(u − l/t))/(1 + e^(−t(u − l/t)))²/(y(1 − y)), u = logit y."""

    name = "RelaxedBernoulli"

    def logpdf(self, y):
        t, lam = self.p
        l = mp.log(lam) - mp.log1p(-lam)
        if y < 0 or y > 1:
            return -mp.inf
        if y == 0 or y == 1:
            # p(y) ~ C·y^(t−1) near 0 (and (1 − y)^(t−1) near 1): the limit.
            if t != 1:
                return mp.inf if t < 1 else -mp.inf
            # t = 1: p(y) = eˡ/(y + eˡ(1 − y))², so e^(−l) at 0 and eˡ at 1.
            return -l if y == 0 else l
        u = mp.log(y) - mp.log1p(-y)
        w = t * u - l
        return mp.log(t) - w - 2 * mp.log1p(exp(-w)) - mp.log(y) - mp.log1p(-y)


# MARK: - Discrete families


def logistic(l):
    """σ(l) = 1/(1 + e^(−l)), the probability that logits l stand for."""
    return 1 / (1 + exp(-l))


def log_choose(n, k):
    return mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)


def discrete_entropy(logpmf, low, high):
    return -mp.fsum(exp(v) * v for v in (logpmf(mp.mpf(k)) for k in range(int(low), int(high) + 1)) if v > -mp.inf)


def gaussian_limit_entropy(v, skewness_squared):
    return mp.log(2 * mp.pi * mp.e * v) / 2 - skewness_squared / 12


class Discrete(Family):
    def emit_all(self, ks, **kwargs):
        super().emit_all(ks, quantiles=False, cdfs=False)


class BernoulliProbs(Discrete):
    name = "BernoulliProbs"

    def logpdf(self, k):
        p = self.p[0]
        return (mp.log(p) if p > 0 else -mp.inf) if k == 1 else (mp.log1p(-p) if p < 1 else -mp.inf)

    def mean(self):
        return self.p[0]

    def variance(self):
        return self.p[0] * (1 - self.p[0])

    def entropy(self):
        p = self.p[0]
        return -sum(q * mp.log(q) for q in (p, 1 - p) if q > 0)


class BernoulliLogits(Discrete):
    name = "BernoulliLogits"

    def logpdf(self, k):
        l = self.p[0]
        return -mp.log1p(exp(-l)) if k == 1 else -mp.log1p(exp(l))

    def mean(self):
        return logistic(self.p[0])

    def variance(self):
        l = self.p[0]
        return 1 / ((1 + exp(-l)) * (1 + exp(l)))

    def entropy(self):
        return -sum(exp(self.logpdf(k)) * self.logpdf(k) for k in (0, 1))


class BinomialProbs(Discrete):
    name = "BinomialProbs"

    def _p(self):
        return self.p[1]

    def logpdf(self, k):
        n, p = self.p[0], self._p()
        q = 1 - p
        if k < 0 or k > n:
            return -mp.inf
        return log_choose(n, k) + (k * mp.log(p) if k > 0 else 0) + ((n - k) * mp.log(q) if k < n else 0)

    def mean(self):
        return self.p[0] * self._p()

    def variance(self):
        p = self._p()
        return self.p[0] * p * (1 - p)

    def entropy(self):
        n, p = self.p[0], self._p()
        v = n * p * (1 - p)
        if v > 1e10:
            return gaussian_limit_entropy(v, (1 - 2 * p) ** 2 / v)
        m, w = n * p, 40 * mp.sqrt(v) + 40
        return discrete_entropy(self.logpdf, max(0, mp.floor(m - w)), min(n, mp.ceil(m + w)))


class BinomialLogits(BinomialProbs):
    name = "BinomialLogits"

    def _p(self):
        return logistic(self.p[1])


class Poisson(Discrete):
    name = "Poisson"

    def logpdf(self, k):
        lam = self.p[0]
        if k < 0:
            return -mp.inf
        # k·log λ, λ and log k! each reach 1e303 at λ = 1e300 while their sum
        # is near −346: carry as many more digits as the terms have.
        with mp.workdps(60 + int(mp.log10(max(lam, k, 1)))):
            return (k * mp.log(lam) if k > 0 else 0) - lam - mp.loggamma(k + 1)

    def mean(self):
        return self.p[0]

    def variance(self):
        return self.p[0]

    def entropy(self):
        lam = self.p[0]
        if lam > 1e10:
            return gaussian_limit_entropy(lam, 1 / lam)
        w = 40 * mp.sqrt(lam) + 40
        return discrete_entropy(self.logpdf, max(0, mp.floor(lam - w)), mp.ceil(lam + w))


class GeometricProbs(Discrete):
    """Failures before the first success of probability p."""

    name = "GeometricProbs"

    def _p(self):
        return self.p[0]

    def logpdf(self, k):
        p = self._p()
        return (k * mp.log1p(-p) if k > 0 else 0) + mp.log(p)

    def mean(self):
        p = self._p()
        return (1 - p) / p

    def variance(self):
        p = self._p()
        return (1 - p) / p ** 2

    def entropy(self):
        p = self._p()
        q = 1 - p
        return -(q * mp.log(q) + p * mp.log(p)) / p


class GeometricLogits(GeometricProbs):
    name = "GeometricLogits"

    def _p(self):
        return logistic(self.p[0])


class NegativeBinomial(Discrete):
    """Failures k (each of probability p) before r successes: Γ(k + r)/(Γ(r) k!) pᵏ(1 − p)ʳ."""

    name = "NegativeBinomial"

    def logpdf(self, k):
        r, p = self.p
        if k < 0:
            return -mp.inf
        return (mp.loggamma(k + r) - mp.loggamma(k + 1) - mp.loggamma(r) + (k * mp.log(p) if k > 0 else 0)
                + r * mp.log1p(-p))

    def mean(self):
        r, p = self.p
        return r * p / (1 - p)

    def variance(self):
        r, p = self.p
        return r * p / (1 - p) ** 2

    def entropy(self):
        r, p = self.p
        v = r * p / (1 - p) ** 2
        if v > 1e10 and r * p > 1e10:
            return gaussian_limit_entropy(v, (1 + p) ** 2 / (r * p))
        m, w = r * p / (1 - p), 40 * mp.sqrt(v) + 40 + 40 * mp.sqrt(v) / mp.sqrt(r)
        return discrete_entropy(self.logpdf, max(0, mp.floor(m - w)), mp.ceil(m + 2 * w))


class BetaBinomial(Discrete):
    name = "BetaBinomial"

    def logpdf(self, k):
        n, a, b = self.p
        if k < 0 or k > n:
            return -mp.inf
        return log_choose(n, k) + mp.log(mp.beta(k + a, n - k + b)) - mp.log(mp.beta(a, b))

    def mean(self):
        n, a, b = self.p
        return n * a / (a + b)

    def variance(self):
        n, a, b = self.p
        return n * a * b * (a + b + n) / ((a + b) ** 2 * (a + b + 1))

    def entropy(self):
        n, a, b = self.p
        if a == 1 and b == 1:
            return mp.log(n + 1)
        v = self.variance()
        if min(a, b) >= 1e8 and v > 1e10:
            skewness_squared = ((a + b + 2 * n) * (b - a) / (a + b + 2)) ** 2 * (1 + a + b) / (n * a * b * (n + a + b))
            return gaussian_limit_entropy(v, skewness_squared)
        if n <= 100_000:
            return discrete_entropy(self.logpdf, 0, n)
        # The mass beyond 15 sub-Gaussian standard deviations
        # √(n/4 + n²/(4(a + b + 1))) is below 2e^(−112); P(k + 1)/P(k) by recurrence.
        s = mp.sqrt(n / 4 + n ** 2 / (4 * (a + b + 1)))
        low, high = max(0, int(mp.floor(self.mean() - 15 * s))), min(int(n), int(mp.ceil(self.mean() + 15 * s)))
        if high - low > 3_000_000:
            return None
        log_mass, h = self.logpdf(mp.mpf(low)), mp.mpf(0)
        for k in range(low, high + 1):
            h -= exp(log_mass) * log_mass
            log_mass += mp.log((n - k) * (k + a) / ((k + 1) * (n - k - 1 + b)))
        return h


# MARK: - The table


def main():
    inf = math.inf
    for m, s in [(0.0, 1.0), (3.0, 1e-100), (-1e100, 1e50)]:
        Normal(m, s).emit_all([m, m + s, m - 10 * s, m - 38 * s, m + 38 * s, m + 1e200 * (s if s < 1 else 1), -1e200, inf, -inf])
    for m, s in [(0.0, 1.0), (5.0, 0.01), (-3.0, 20.0)]:
        LogNormal(m, s).emit_all([0.0, 1e-300, 1.0, 2.5, 1e200, inf])
    for s in [1.0, 1e-100, 1e100]:
        HalfNormal(s).emit_all([0.0, s, 37 * s, 1e200, inf, -1.0])
    for m, s in [(0.0, 1.0), (1e3, 1e-3)]:
        Cauchy(m, s).emit_all([m, m + s, 1e200, -1e200, 1e300, inf, -inf])
    for s in [1.0, 1e-200]:
        HalfCauchy(s).emit_all([0.0, s, 1e200, 1e300, inf, -1.0])
    for m, b in [(0.0, 1.0), (-5.0, 1e-10)]:
        Laplace(m, b).emit_all([m, m + 30 * b, m - 700 * b, 1e200, -1e200, inf, -inf])
    for m, s in [(0.0, 1.0), (2.0, 1e3)]:
        Logistic(m, s).emit_all([m, m + 40 * s, m - 40 * s, m - 800 * s, 1e200, -1e200, inf, -inf])
    for m, b in [(0.0, 1.0), (1.0, 0.5)]:
        Gumbel(m, b).emit_all([m, m + 40 * b, m - 3 * b, m - 700 * b, 1e200, -1e200, inf, -inf])
    for a, b in [(0.0, 1.0), (-1e300, 1e300), (5.0, 5.000000001)]:
        Uniform(a, b).emit_all([a, b, (a + b) / 2, b + 1.0, inf, -inf])
    for r in [1.0, 1e-300, 1e300]:
        Exponential(r).emit_all([0.0, 1e-300, 1.0 / r, 700.0 / r, 1e200, inf, -1.0])
    for lam, k in [(1.0, 1.0), (2.0, 0.1), (1.0, 50.0), (3.0, 1e4)]:
        Weibull(lam, k).emit_all([0.0, 1e-300, lam, 2 * lam, 1e200, inf, -1.0])
    for xm, a in [(1.0, 3.0), (1e-100, 1e-3), (2.0, 1e3)]:
        Pareto(xm, a).emit_all([xm, 2 * xm, 1e200, inf, xm / 2])
    for a, b in [(1.0, 1.0), (1e-3, 1.0), (0.5, 1e-300), (30.0, 10.0), (1e6, 1e6), (1e20, 1.0)]:
        mean, sd = a / b, math.sqrt(a) / b
        xs = [0.0, 1e-300, mean, mean + 5 * sd, mean - 5 * sd, 1e200, inf, -1.0]
        probabilities = PROBABILITIES if a < 1e10 else [0.0, 1e-20, 0.1, 0.5, 0.9, 1 - 1e-10, 1.0]
        Gamma(a, b).emit_all(xs, probabilities=probabilities)
    for nu in [1.0, 1e-3, 2e6]:
        xs = [0.0, 1e-300, nu, nu + 10 * math.sqrt(2 * nu), 1e200, inf]
        ChiSquared(nu).emit_all(xs)
    for a, b in [(3.0, 1.0), (1e-3, 1.0), (1e6, 1e6)]:
        mode = b / (a + 1)
        InverseGamma(a, b).emit_all([-1.0, 0.0, 1e-300, mode * 1e-3, mode, 10 * mode, 1e200, inf])
    for a, b in [(1.0, 1.0), (0.5, 0.5), (1e-3, 1e-3), (2.0, 5.0), (1e6, 1e6), (0.5, 1e6)]:
        Beta(a, b).emit_all([0.0, 1e-300, 1e-10, a / (a + b), 0.5, 1 - 1e-10, 1 - 1e-16, 1.0, 1.5])
    for nu in [3.0, 1.0, 0.5, 1e15, 1e20]:
        StudentT(nu, 0.0, 1.0).emit_all([0.0, 1.0, -5.0, 40.0, 1e200, -1e200, inf, -inf])
    StudentT(4.5, 2.0, 3.0).emit_all([2.0, 20.0, -1e10])
    for lam in [0.2, 0.4999, 1e-10, 0.999999]:
        ContinuousBernoulli(lam).emit_all([0.0, 1e-300, 0.5, 1 - 1e-16, 1.0, -0.5],
                                          probabilities=[0.0, 1e-300, 1e-16, 0.5, 1 - 1e-16, 1.0])
    for m, k in [(0.0, 1.0), (0.0, 1e-8), (1.0, 500.0), (-2.0, 1e5)]:
        VonMises(m, k).emit_all([m, 0.0, math.pi, -math.pi, m + 0.001, 3.5],
                                probabilities=[0.0, 1e-20, 1e-10, 0.1, 0.5, 0.9, 1 - 1e-10, 1.0])
    for t, lam in [(0.5, 0.3), (2.0, 0.9), (1.0, 0.3)]:
        RelaxedBernoulli(t, lam).emit_all([0.0, 1e-300, 0.3, 1 - 1e-16, 1.0])

    for p in [0.3, 1e-300, 1 - 1e-16]:
        BernoulliProbs(p).emit_all([0.0, 1.0])
    for l in [40.0, -40.0, 800.0, 1e-20]:
        BernoulliLogits(l).emit_all([0.0, 1.0])
    for n, p in [(10.0, 0.3), (1e15, 0.5), (1e16, 0.3), (1e6, 1e-10), (100.0, 1 - 1e-16), (1e4, 0.5)]:
        mean, sd = n * p, math.sqrt(n * p * (1 - p))
        ks = sorted({0.0, n, float(round(mean)), float(round(mean + 3 * sd)), float(max(0, round(mean - 3 * sd)))})
        BinomialProbs(n, p).emit_all(ks)
    for n, l in [(1e15, 40.0), (50.0, -30.0)]:
        p = 1 / (1 + math.exp(-l))
        BinomialLogits(n, l).emit_all(sorted({0.0, n, float(round(n * p)), float(round(n * p / 2))}))
    for lam in [1e-300, 0.5, 1e6, 1e15, 1e300]:
        ks = sorted({0.0, 1.0, float(round(lam)), float(round(lam + 3 * math.sqrt(lam)))})
        Poisson(lam).emit_all(ks)
    for p in [0.3, 1e-10]:
        GeometricProbs(p).emit_all([0.0, 10.0, 1e15])
    for l in [50.0, -50.0, 0.0]:
        GeometricLogits(l).emit_all([0.0, 10.0, 1e15])
    for r, p in [(3.0, 0.4), (1e15, 0.5), (0.5, 0.7), (1e-3, 0.5), (1e6, 1e-6)]:
        mean, sd = r * p / (1 - p), math.sqrt(r * p) / (1 - p)
        ks = sorted({0.0, 1.0, float(round(mean)), float(round(mean + 3 * sd))})
        NegativeBinomial(r, p).emit_all(ks)
    for n, a, b in [(10.0, 2.0, 3.0), (1e4, 1e-3, 1e-3), (1e8, 1.0, 1.0), (1e15, 2.0, 2.0), (2000.0, 1e6, 1e6)]:
        BetaBinomial(n, a, b).emit_all(sorted({0.0, n, float(round(n / 2)), float(round(n / 3))}))
    for n, a, b in [(1e8, 1e8, 1e8), (1e15, 1e8, 1e8), (1e8, 1e10, 1e10), (1e15, 1e10, 1e10), (1e8, 1e-3, 1e9),
                    (1e15, 1e-3, 1e9), (1e15, 1e9, 1e-3), (1e15, 1e8, 1e10)]:
        mean = n * a / (a + b)
        sd = math.sqrt(n * a * b * (a + b + n) / ((a + b) ** 2 * (a + b + 1)))
        ks = {0.0, n, float(round(mean)), float(round(mean + 3 * sd)), float(max(0, round(mean - 3 * sd))), float(round(n / 3))}
        BetaBinomial(n, a, b).emit_all(sorted(k for k in ks if k <= n))

    rows = ROWS
    if ONLY:
        rows = splice(ONLY_TABLE, ROWS)
    print("// Generated by Tools/high_precision_references.py (mpmath, 50 digits): do not edit; rerun the script.")
    print("// Each line: family;parameters;function;argument;exact value rounded to Double.")
    print()
    print("/// The reference table of `HighPrecisionReferenceTests`, one case a line.")
    print('let highPrecisionReferenceTable = #"""')
    for row in rows:
        print(row)
    print('"""#')
    print(f"{len(rows)} rows", file=sys.stderr)


def splice(table_path, fresh):
    """The rows of an existing table, with those of the regenerated
    families replaced, in place, by the fresh rows."""
    lines = open(table_path).read().split('#"""\n', 1)[1].split('\n"""#', 1)[0].split("\n")

    def group(row):
        family, parameter_text = row.split(";", 2)[:2]
        return family if family in ONLY else setting(family, parameter_text)

    result, done = [], set()
    for line in lines:
        key = group(line)
        if key not in ONLY:
            result.append(line)
        elif key not in done:
            done.add(key)
            result.extend(row for row in fresh if group(row) == key)
    return result


if __name__ == "__main__":
    main()
