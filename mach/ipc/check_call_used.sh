#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check_call_used.sh NM OBJECT NAME...: fail unless the functions OBJECT
# defines globally are exactly NAME...  For a file built with s1..s11
# caller-saved (ipc_fast_rpc.c): a global function C built the usual way
# could call, and return from, would lose that caller's registers.
set -eu
nm=$1 obj=$2
shift 2
if [ ! -f "$obj" ]; then
	echo "check_call_used: no $obj" >&2
	exit 1
fi
found=$("$nm" --defined-only -g "$obj" | awk '$2 ~ /^[TtWw]$/ { print $3 }' | sort)
want=$(printf '%s\n' "$@" | sort)
if [ "$found" != "$want" ]; then
	echo "check_call_used: $obj defines, globally: $(echo $found)" >&2
	echo "check_call_used: only $(echo $want) may be (built with s1..s11 caller-saved)" >&2
	exit 1
fi
