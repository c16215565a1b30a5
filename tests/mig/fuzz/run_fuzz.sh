#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A bounded, deterministic fuzz run of mig's parser: fixed seed, fixed number
# of runs, seeded with the test .defs files (preprocessed, as mig sees them).
# usage: run_fuzz.sh FUZZER WORKDIR MACH_INCLUDE RUNS DICT DEFS...
# Exits 77 (skipped) when no fuzzer could be built.
set -e
fuzzer=$1 work=$2 inc=$3 runs=$4 dict=$5
shift 5
if [ ! -x "$fuzzer" ]; then
	echo "skipped: no libFuzzer-capable clang was found when configuring"
	exit 77
fi
rm -rf "$work"
mkdir -p "$work/seeds"
seeds=""
for defs in "$@"; do
	out="$work/seeds/$(basename "$defs").i"
	cpp -I"$inc" -I"$(dirname "$defs")" "$defs" > "$out" 2>/dev/null || cp "$defs" "$out"
	seeds="$seeds${seeds:+,}$out"
done
cd "$work"
exec "$fuzzer" -seed=1 -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
	-dict="$dict" -artifact_prefix="$work/" -seed_inputs="$seeds" -print_final_stats=1
