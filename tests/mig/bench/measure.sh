#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The numbers docs/mig.md reports, measured in instructions (callgrind), not
# time: the cost of calc's add() user stub (two ints in, one out) without
# mach_msg and mig_get_reply_port, its size on x86-64 and RISC-V, and what
# mig executes to compile a 1,000-routine interface.
# usage: tests/mig/bench/measure.sh BUILD_DIR   (a configured host build)
set -e
build=${1:?usage: measure.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/../../.." && pwd)
inc=$src/mach/include
mig=$build/mig/mig
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$work/stub.cg" "$build/tests/mig/mig_stub_cost" >/dev/null 2>&1
cost() { callgrind_annotate --inclusive=yes --threshold=100 "$work/stub.cg" | awk -v f="$1" '$0 ~ ":"f" " { gsub(",", "", $1); print $1; exit }'; }
add=$(cost add) msg=$(cost mach_msg) rp=$(cost mig_get_reply_port)
echo "add() user stub, x86-64 -O2: $(( (add - msg - rp) / 1000 )) instructions per call (callgrind, 1000 calls)"

"$mig" -I"$inc" "$src/tests/mig/golden/calc.defs" -user "$work/calcUser.c" -header "$work/calc.h" -server /dev/null
gcc -O2 -I"$inc" -I"$work" -c "$work/calcUser.c" -o "$work/x86.o"
echo "add() size, x86-64 -O2: $(nm -S "$work/x86.o" | awk '$4 == "add" { print $2 }' | { read h; printf "%d" "0x$h"; }) bytes"
if command -v riscv64-unknown-elf-gcc >/dev/null; then
	riscv64-unknown-elf-gcc -O2 -march=rv64gc -mabi=lp64d -ffreestanding -I"$inc" -I"$work" \
		-c "$work/calcUser.c" -o "$work/rv.o"
	echo "add() size, rv64gc -O2: $(riscv64-unknown-elf-nm -S "$work/rv.o" | awk '$4 == "add" { print $2 }' | { read h; printf "%d" "0x$h"; }) bytes"
fi

{
	echo "subsystem big 10000;"
	echo "#include <mach/std_types.defs>"
	i=0
	while [ $i -lt 1000 ]; do
		echo "routine r$i(s: mach_port_t; a: int; b: int; out c: int);"
		i=$((i + 1))
	done
} > "$work/big.defs"
cd "$work"
start=$(date +%s%N)
"$mig" -I"$inc" big.defs -sheader bigServer.h
end=$(date +%s%N)
echo "1,000-routine .defs: $(( (end - start) / 1000000 )) ms wall, cpp included"
valgrind --tool=callgrind --callgrind-out-file="$work/mig.cg" "$mig" -I"$inc" big.defs -sheader bigServer.h 2>&1 |
	awk '/Collected/ { print "1,000-routine .defs: " $4 " instructions in mig (cpp not counted)" }'
