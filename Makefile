# Latent — build, test and benchmark.
#
#   make test    install missing system libraries, then run the whole test suite
#   make demo    install missing system libraries, then train the VAE on the
#                generated glyph digits (release) and write its pictures
#   make bench   install missing system libraries, then run the benchmarks (release)
#   make docs    the DocC documentation of every library module, one archive
#                (.build/plugins/Swift-DocC/outputs/Latent.doccarchive)
#   make fuzz    build the libFuzzer targets in Fuzz/ and run each for
#                FUZZ_SECONDS seconds (default 60); not part of `make test`

SWIFT ?= swift
APT_PACKAGES := libgsl-dev libopenblas-dev zlib1g-dev libnetcdf-dev libopenmpi-dev openmpi-bin pkg-config

FUZZ_SECONDS ?= 60

.PHONY: deps test demo bench docs fuzz

# Installs the Debian packages Latent links against, when any is missing:
# directly as root, through sudo when it needs no password, otherwise it
# prints the one command to run and stops.
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    echo "Installing with sudo:$$missing"; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Latent needs these system packages:$$missing"; \
	    echo "Install them with:"; \
	    echo "  sudo apt-get install -y $(APT_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

demo: deps
	$(SWIFT) build -c release --product latent
	.build/release/latent vae train --epochs 20 --out demo-output
	@echo "The demo's pictures: demo-output/samples.png, reconstructions.png, loss.svg, latent.svg"

bench: deps
	$(SWIFT) run -c release LatentBenchmarks

DOC_TARGETS := LatentCore LatentDistributions LatentInference LatentNN LatentModels LatentApplication LatentDistributed Latent

docs: deps
	$(SWIFT) package generate-documentation $(addprefix --target ,$(DOC_TARGETS)) --enable-experimental-combined-documentation

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/fuzz.sh
