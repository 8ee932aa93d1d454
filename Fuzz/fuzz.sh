#!/bin/sh
# Builds the libFuzzer targets in Fuzz/ against the package's modules and
# runs each for FUZZ_SECONDS seconds (60 unless set), one process at a time.
#
#   Fuzz/fuzz.sh                  build and run every target
#   Fuzz/fuzz.sh safetensors      build and run the targets named
#   FUZZ_BUILD_ONLY=1 Fuzz/fuzz.sh   build only
#
# The package's modules are built once in release mode (overflow checks
# stay on) with coverage instrumentation and AddressSanitizer, in their own
# build folder; each target's entry file is then compiled and linked
# against their object files. SwiftPM names an executable module's entry
# point `<Module>_main` on Linux, so LatentCLI links without its `main`.
#
# New inputs go to .build/fuzz/corpus/<target>, the seeds stay in
# Fuzz/Corpus/<target>, with Fuzz/<target>.dict as libFuzzer's dictionary
# where there is one; a crash stops the run and leaves its input in
# .build/fuzz/artifacts/<target>/. A single allocation above 512 MB counts
# as a crash: every reader must bound what it allocates by what it reads.
set -eu
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SECONDS_EACH=${FUZZ_SECONDS:-60}
BUILD=.build/fuzz/release
ALL_TARGETS="idx-gzip idx-raw pixel-csv safetensors command-line"
TARGETS=${*:-$ALL_TARGETS}
LIBRARY_MODULES="LatentCore LatentDistributions LatentInference LatentNN LatentModels LatentApplication RealModule"
CLI_MODULES="$LIBRARY_MODULES Latent LatentCLI ArgumentParser ArgumentParserToolInfo"

entry_file() {
    case "$1" in
        idx-gzip) echo Fuzz/IDXGzipFuzz.swift ;;
        idx-raw) echo Fuzz/IDXRawFuzz.swift ;;
        pixel-csv) echo Fuzz/PixelCSVFuzz.swift ;;
        safetensors) echo Fuzz/SafeTensorsFuzz.swift ;;
        command-line) echo Fuzz/CommandLineFuzz.swift ;;
        *) echo "unknown fuzz target '$1' (known: $ALL_TARGETS)" >&2; exit 2 ;;
    esac
}

objects() {
    for module in $1; do ls "$BUILD/$module.build/"*.o; done
}

$SWIFT build -c release --build-path .build/fuzz --target LatentCLI \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing

mkdir -p "$BUILD/fuzzers"
for target in $TARGETS; do
    modules=$LIBRARY_MODULES
    [ "$target" = command-line ] && modules=$CLI_MODULES
    echo "building fuzz target $target"
    swiftc -O -parse-as-library -sanitize=fuzzer,address \
        -I "$BUILD/Modules" \
        -Xcc -fmodule-map-file=Sources/CGSL/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap \
        -Xcc -I.build/fuzz/checkouts/swift-numerics/Sources/_NumericsShims/include \
        "$(entry_file "$target")" $(objects "$modules") \
        -lgsl -lopenblas -lz -o "$BUILD/fuzzers/$target"
done
[ -n "${FUZZ_BUILD_ONLY:-}" ] && exit 0

for target in $TARGETS; do
    mkdir -p ".build/fuzz/corpus/$target" ".build/fuzz/artifacts/$target"
    dictionary=""
    [ -f "Fuzz/$target.dict" ] && dictionary="-dict=Fuzz/$target.dict"
    echo "fuzzing $target for $SECONDS_EACH s"
    "$BUILD/fuzzers/$target" -max_total_time="$SECONDS_EACH" -malloc_limit_mb=512 -detect_leaks=0 $dictionary \
        -print_final_stats=1 -artifact_prefix=".build/fuzz/artifacts/$target/" \
        ".build/fuzz/corpus/$target" "Fuzz/Corpus/$target"
done
