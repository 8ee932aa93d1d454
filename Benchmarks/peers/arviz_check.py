"""Opens a `latent fit` run's posterior.nc in ArviZ and checks it against
what `latent fit` printed.

Runs `latent fit MODEL --data DATA --out FOLDER --overwrite` (the binary
from $LATENT_BINARY, else .build/release/latent), reads FOLDER/posterior.nc
with `arviz.from_netcdf`, prints its groups and `az.summary`, and compares
each posterior mean and sd ArviZ computes from the file with the one Latent
printed (rounded to three decimals there): they must agree to 0.0015 plus
1e-3 of the value, the printed rounding and the difference of n and n − 1 in
the sd. Exits 1 on a disagreement, 0 when all agree, and says plainly when
ArviZ is not installed (`pip install arviz netCDF4`).

Run: python3 Benchmarks/peers/arviz_check.py [MODEL DATA FOLDER]
(default: eight-schools ../shared/data/posteriordb/eight_schools.json
/tmp/latent-arviz-check).
"""
import os
import re
import subprocess
import sys

try:
    import arviz as az
except ImportError:
    print("ArviZ is not installed (pip install arviz netCDF4): posterior.nc was not checked.")
    sys.exit(0)

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
model, data, folder = (sys.argv[1:4] if len(sys.argv) >= 4 else
                       ("eight-schools", os.path.join(root, "..", "shared", "data", "posteriordb", "eight_schools.json"),
                        "/tmp/latent-arviz-check"))
binary = os.environ.get("LATENT_BINARY", os.path.join(root, ".build", "release", "latent"))
printed = subprocess.run([binary, "fit", model, "--data", data, "--out", folder, "--overwrite"],
                         check=True, capture_output=True, text=True).stdout

# Latent's summary: "site  mean ± sd  90% [lo, hi]" for a scalar site, or
# "site" then "  [i] mean ± sd  90% [lo, hi]" per element.
latent = {}
site = None
for line in printed.splitlines():
    scalar = re.match(r"^(\S+)  (-?[\d.e+-]+) ± ([\d.e+-]+)  90%", line)
    element = re.match(r"^  \[(\d+)\] (-?[\d.e+-]+) ± ([\d.e+-]+)  90%", line)
    if scalar:
        latent[scalar.group(1)] = (float(scalar.group(2)), float(scalar.group(3)))
    elif element and site:
        latent[f"{site}[{element.group(1)}]"] = (float(element.group(2)), float(element.group(3)))
    elif re.match(r"^[A-Za-z_]\w*$", line):
        site = line

idata = az.from_netcdf(os.path.join(folder, "posterior.nc"))
print(idata)
summary = az.summary(idata, kind="stats", round_to=4)
print(summary)

disagreements = []
for name, (mean, sd) in latent.items():
    if name not in summary.index:
        disagreements.append(f"{name}: printed by Latent, missing from ArviZ's summary")
        continue
    for what, ours, theirs in (("mean", mean, summary.loc[name, "mean"]), ("sd", sd, summary.loc[name, "sd"])):
        if abs(ours - theirs) > 0.0015 + 1e-3 * abs(theirs):
            disagreements.append(f"{name} {what}: Latent printed {ours}, ArviZ computes {theirs}")
missing = [name for name in summary.index if name not in latent]
if missing:
    disagreements.append(f"in the file but not printed by Latent: {', '.join(missing)}")
if disagreements:
    print("DISAGREE:\n  " + "\n  ".join(disagreements))
    sys.exit(1)
print(f"ArviZ {az.__version__} reads {len(latent)} posterior scalars from posterior.nc; "
      "every mean and sd agrees with what latent fit printed.")
