#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Run our mig over every interface of real GNU Mach, Hurd and XNU trees
# (checkouts made by hand, never committed) and count what it accepts,
# rejects and crashes on.  Given the reference compilers' migcom (GNU MIG,
# Apple's MIG), it also runs them on the same preprocessed text and
# compares: acceptance, and the routine numbers and message ids (-list for
# GNU MIG, msgh_id in the user stubs for Apple's).  With the Hurd, the
# real io.defs, fs.defs and fsys.defs also go through a round trip on the
# host (hurd/hurd_rt.c).  Usage in docs/mig.md.
set -u

usage() {
	cat <<EOF
usage: $0 [--mig MIG] [--gnumach DIR] [--hurd DIR] [--xnu DIR]
          [--gnu-ref MIGCOM] [--apple-ref MIGCOM] [--work DIR] [-v]
  --gnumach, --hurd, --xnu   checkouts of the trees (any subset)
  --gnu-ref, --apple-ref     the reference compilers' migcom, to compare with
  --work DIR                 keep preprocessed inputs and outputs there
  -v                         name every file that is not accepted alike
Prints one line per tree and side, then the totals.  Exit status: 0, or 1
if our mig crashed, or accepted less than 95% of what the reference
accepts, or numbered any routine differently.
EOF
}

MIG=mig GNUMACH= HURD= XNU= GREF= AREF= WORK= VERBOSE=0
while [ $# -gt 0 ]; do
	case $1 in
	--mig) MIG=$2; shift ;;
	--gnumach) GNUMACH=$2; shift ;;
	--hurd) HURD=$2; shift ;;
	--xnu) XNU=$2; shift ;;
	--gnu-ref) GREF=$2; shift ;;
	--apple-ref) AREF=$2; shift ;;
	--work) WORK=$2; shift ;;
	-v) VERBOSE=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$GNUMACH$HURD$XNU" ]; then
	usage >&2
	exit 2
fi
if [ -z "$WORK" ]; then
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
# Absolute paths: the reference compilers run in each file's work directory.
abs() {
	case $1 in
	""|/*) echo "$1" ;;
	*/*) echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" ;;
	*) if [ -e "$1" ]; then echo "$PWD/$1"; else command -v "$1"; fi ;;
	esac
}
MIG=$(abs "$MIG") GREF=$(abs "$GREF") AREF=$(abs "$AREF")
GNUMACH=$(abs "$GNUMACH") HURD=$(abs "$HURD") XNU=$(abs "$XNU")
CPP=${CPP:-gcc -E -x c}
MACHRV_INC=$(cd "$(dirname "$0")/../../mach/include" && pwd)
FAILED=0
ALL_N=0 ALL_OK=0 ALL_REJ=0 ALL_CRASH=0 ALL_REF=0 ALL_BOTH=0 ALL_ONLYUS=0 ALL_IDS=0 ALL_PROTOS=0

# gnumach_inc TREE [ARCH]: the machine headers GNU Mach's own build links
# as mach/machine: x86_64's (i386/, the 64-bit target GNU MIG's built-in
# sizes are checked against), or aarch64's for the files under aarch64/.
gnumach_inc() {
	a=${2:-i386}
	d=$WORK/gnumach-inc-$a
	if [ ! -d "$d" ]; then
		mkdir -p "$d/mach"
		ln -s "$1/$a/include/mach/$a" "$d/mach/machine"
		ln -s "$1/$a/$a" "$d/machine"
	fi
	echo "-I$d -I$1/include -I$1/$a -I$1/$a/include/mach/sa"
}

# ids FILE: "routine id" lines from the user stubs' comments and msgh_id.
user_ids() {
	awk '/^\/\* (Simple)?[Rr]outine [A-Za-z0-9_]+ \*\/$/ { r = $3 }
	     /msgh_id = [0-9-]+;/ && r != "" { v = $0; sub(/.*msgh_id = /, "", v); sub(/;.*/, "", v);
	                                       print r, v; r = "" }' "$1" | sort
}

# protos HEADER: the C prototypes of the stubs and server functions, one a
# line, spacing and comments dropped, sorted.
protos() {
	sed 's|/\*.*\*/||g' "$1" | tr '\n\t' '  ' |
		grep -o 'kern_return_t [A-Za-z_0-9]* *([^;{()]*) *;' |
		sed 's/  */ /g; s/ *( */(/; s/ *) *;/);/; s/ *, */, /g' | sort
}

# run TREE SIDE DIALECT REF FILE CPPFLAGS MIGFLAGS
# One file on one side: preprocess, our mig, the reference; counts in globals.
run_one() {
	tree=$1 side=$2 dialect=$3 ref=$4 file=$5 cppflags=$6 migflags=$7
	base=$(echo "$file" | sed 's|^/||; s|/|_|g')
	out=$WORK/$tree.$side/$base
	mkdir -p "$out"
	# shellcheck disable=SC2086
	if ! $CPP $cppflags "$file" >"$out/in.i" 2>"$out/cpp.err"; then
		N_CPP=$((N_CPP + 1))
		[ $VERBOSE = 1 ] && echo "  cpp fails: $file"
		return
	fi
	N=$((N + 1))
	# shellcheck disable=SC2086
	"$MIG" --cpp=none --dialect="$dialect" $migflags -q \
		-user "$out/ourUser.c" -server /dev/null -header "$out/our.h" \
		-sheader "$out/ourS.h" -list "$out/our.list" <"$out/in.i" >"$out/our.err" 2>&1
	rc=$?
	ours=rej
	if [ $rc = 0 ]; then
		ours=ok
		OK=$((OK + 1))
	elif [ $rc = 1 ]; then
		REJ=$((REJ + 1))
	else
		CRASH=$((CRASH + 1))
		ours=crash
		echo "  CRASH ($rc): $file ($side)"
	fi
	[ -n "$ref" ] || return
	theirs=rej
	# (The references crash on some inputs they reject, e.g. GNU MIG on
	# type files without a subsystem; the shell's report of it is dropped.)
	if [ "$dialect" = gnu ]; then
		# shellcheck disable=SC2086
		(cd "$out" && "$ref" $migflags -user refUser.c -server /dev/null -header ref.h \
			-sheader refS.h -list ref.list <in.i >ref.err 2>&1; exit $?) 2>/dev/null && theirs=ok
	else
		# shellcheck disable=SC2086
		(cd "$out" && "$ref" $migflags -user refUser.c -server /dev/null -header ref.h \
			-sheader refS.h <in.i >ref.err 2>&1; exit $?) 2>/dev/null && theirs=ok
	fi
	# The references print warnings and go on; any other message is an
	# error, even when (Apple's migcom) the exit status does not say so.
	grep -qiv "warning" "$out/ref.err" 2>/dev/null && theirs=rej
	if [ $theirs = ok ]; then
		REF=$((REF + 1))
		if [ $ours = ok ]; then
			BOTH=$((BOTH + 1))
			if [ "$dialect" = gnu ]; then
				cmp -s "$out/our.list" "$out/ref.list" || ids_differ=1
			else
				user_ids "$out/ourUser.c" >"$out/our.ids"
				user_ids "$out/refUser.c" >"$out/ref.ids"
				cmp -s "$out/our.ids" "$out/ref.ids" || ids_differ=1
			fi
			if [ "${ids_differ:-0}" = 1 ]; then
				IDS=$((IDS + 1))
				echo "  ids differ: $file ($side); see $out"
			fi
			ids_differ=0
			# The C signatures, qualifiers included: user stubs and
			# server functions.  Not the kernel's side of a KernelUser or
			# KernelServer subsystem, where GNU MIG makes ports ipc_port_t
			# and MachRV's kernel translates them itself (docs/mig.md).
			: >"$out/our.protos"
			: >"$out/ref.protos"
			if ! grep -qiw kerneluser "$out/in.i"; then
				protos "$out/our.h" >>"$out/our.protos"
				protos "$out/ref.h" >>"$out/ref.protos"
			fi
			if ! grep -qiw kernelserver "$out/in.i"; then
				protos "$out/ourS.h" >>"$out/our.protos"
				protos "$out/refS.h" >>"$out/ref.protos"
			fi
			if ! cmp -s "$out/our.protos" "$out/ref.protos"; then
				PROTOS=$((PROTOS + 1))
				[ $VERBOSE = 1 ] && echo "  C signatures differ: $file ($side); diff $out/our.protos $out/ref.protos"
			fi
		elif [ $VERBOSE = 1 ]; then
			echo "  we reject, reference accepts: $file ($side): $(head -1 "$out/our.err")"
		fi
	elif [ $ours = ok ]; then
		ONLYUS=$((ONLYUS + 1))
		[ $VERBOSE = 1 ] && echo "  we accept, reference rejects: $file ($side): $(grep -i error "$out/ref.err" | head -1)"
	fi
}

report() {
	line="$1 $2: $N files: accepted $OK, rejected $REJ, crashed $CRASH"
	[ "$N_CPP" -gt 0 ] && line="$line (and $N_CPP the preprocessor rejects)"
	if [ -n "$3" ]; then
		line="$line; reference accepts $REF, we accept $BOTH of those"
		[ "$ONLYUS" -gt 0 ] && line="$line, and $ONLYUS it rejects"
		line="$line; ids differ in $IDS, C signatures in $PROTOS"
	fi
	echo "$line"
	ALL_N=$((ALL_N + N)) ALL_OK=$((ALL_OK + OK)) ALL_REJ=$((ALL_REJ + REJ))
	ALL_CRASH=$((ALL_CRASH + CRASH)) ALL_REF=$((ALL_REF + REF)) ALL_BOTH=$((ALL_BOTH + BOTH))
	ALL_ONLYUS=$((ALL_ONLYUS + ONLYUS)) ALL_IDS=$((ALL_IDS + IDS)) ALL_PROTOS=$((ALL_PROTOS + PROTOS))
}

# tree TREE SIDE DIALECT REF CPPFLAGS MIGFLAGS FILES...
tree() {
	t=$1 s=$2 d=$3 r=$4 c=$5 m=$6
	shift 6
	N=0 OK=0 REJ=0 CRASH=0 REF=0 BOTH=0 ONLYUS=0 IDS=0 PROTOS=0 N_CPP=0
	for f in "$@"; do
		run_one "$t" "$s" "$d" "$r" "$f" "$c" "$m"
	done
	report "$t" "$s" "$r"
}

if [ -n "$GNUMACH" ]; then
	inc=$(gnumach_inc "$GNUMACH")
	defs=$(find "$GNUMACH" -name '*.defs' ! -path '*/tests/*' ! -path "$GNUMACH/aarch64/*" | sort)
	# The kernel's own presentation files: .srv (server) and .cli (user).
	srv=$(find "$GNUMACH" -name '*.srv' ! -path "$GNUMACH/aarch64/*" | sort)
	cli=$(find "$GNUMACH" -name '*.cli' ! -path "$GNUMACH/aarch64/*" | sort)
	# shellcheck disable=SC2086
	tree gnumach user gnu "$GREF" "$inc" "" $defs
	# shellcheck disable=SC2086
	tree gnumach server gnu "$GREF" "$inc -DKERNEL_SERVER=1" "" $defs
	# shellcheck disable=SC2086
	tree gnumach .srv/.cli gnu "$GREF" "$inc" "" $srv $cli
	# aarch64's own files (GNU Mach since 2026), over its machine headers.
	if [ -d "$GNUMACH/aarch64" ]; then
		inc=$(gnumach_inc "$GNUMACH" aarch64)
		defs=$(find "$GNUMACH/aarch64" -name '*.defs' | sort)
		srv=$(find "$GNUMACH/aarch64" -name '*.srv' -o -name '*.cli' | sort)
		# shellcheck disable=SC2086
		tree gnumach aarch64 gnu "$GREF" "$inc" "" $defs
		# shellcheck disable=SC2086
		tree gnumach aarch64-server gnu "$GREF" "$inc -DKERNEL_SERVER=1" "" $defs $srv
	fi
fi
if [ -n "$HURD" ]; then
	# The Hurd's stubs: users with -subrprefix __ (as in libc), servers
	# with SERVERPREFIX=S_ (Makeconf); interfaces include GNU Mach's.
	[ -n "$GNUMACH" ] || { echo "--hurd needs --gnumach for <mach/*.defs>" >&2; exit 2; }
	inc="-I$HURD -I$HURD/include $(gnumach_inc "$GNUMACH")"
	defs=$(find "$HURD" -name '*.defs' ! -path '*/tests/*' | sort)
	# shellcheck disable=SC2086
	tree hurd user gnu "$GREF" "$inc" "-subrprefix __" $defs
	# shellcheck disable=SC2086
	tree hurd server gnu "$GREF" "$inc -DSERVERPREFIX=S_ -DHURD_SERVER=1" "-subrprefix __" $defs
	# The same files over MachRV's own <mach/*.defs>, as MachRV's build
	# would compile them (no reference: GNU MIG refuses MachRV's
	# std_types.defs, which defines char, short and int itself).
	inc="-I$HURD -I$HURD/include -I$MACHRV_INC"
	# shellcheck disable=SC2086
	tree hurd user-on-machrv gnu "" "$inc" "-subrprefix __" $defs
	# shellcheck disable=SC2086
	tree hurd server-on-machrv gnu "" "$inc -DSERVERPREFIX=S_ -DHURD_SERVER=1" \
		"-subrprefix __" $defs
fi
# The real Hurd io.defs, fs.defs and fsys.defs in a round trip: stubs made
# as glibc and the Hurd's servers make them, built with the C types of
# tests/mig/hurd/ and run over the loopback mach_msg (hurd/hurd_rt.c).
# hurd_roundtrip NAME DEFS-INCLUDES: once over GNU Mach's <mach/*.defs>,
# once over MachRV's.
hurd_roundtrip() {
	src=$(cd "$(dirname "$0")" && pwd)
	d=$WORK/$1
	rm -rf "$d" && mkdir -p "$d" || return 1
	inc=$2
	for f in io fs fsys; do
		# shellcheck disable=SC2086
		"$MIG" --dialect=gnu -q $inc -subrprefix __ "$HURD/hurd/$f.defs" \
			-user "$d/${f}User.c" -header "$d/${f}_U.h" -server /dev/null || return 1
		# shellcheck disable=SC2086
		"$MIG" --dialect=gnu -q $inc -DSERVERPREFIX=S_ -DHURD_SERVER=1 -subrprefix __ \
			"$HURD/hurd/$f.defs" -user /dev/null -header /dev/null \
			-server "$d/${f}Server.c" -sheader "$d/${f}_S.h" || return 1
	done
	# Every server function not in hurd_rt.c answers EOPNOTSUPP.
	{
		printf '#include <errno.h>\n#include "io_S.h"\n#include "fs_S.h"\n#include "fsys_S.h"\n'
		awk '/^kern_return_t S_[a-z_0-9]*\($/ { print "__attribute__((weak))"; p = 1 }
		     p { if ($0 == ");") { print ")\n{\n\treturn EOPNOTSUPP;\n}\n"; p = 0 } else print }' \
			"$d/io_S.h" "$d/fs_S.h" "$d/fsys_S.h"
	} >"$d/weak.c"
	${CC:-cc} -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Werror -I"$d" -I"$src/hurd" \
		-I"$src/roundtrip" -I"$src/../../mach/include" "$d"/*.c "$src/hurd/hurd_rt.c" \
		"$src/roundtrip/loopback.c" -o "$d/hurd_rt" || return 1
	"$d/hurd_rt" >"$d/out" 2>&1
	rc=$?
	echo "hurd io/fs/fsys round trip ($1): $(grep -c '^ok' "$d/out") facts hold, $(grep -c '^FAIL' "$d/out") fail"
	grep '^FAIL' "$d/out"
	return $rc
}
if [ -n "$HURD" ]; then
	hurd_roundtrip hurd-roundtrip "-I$HURD $(gnumach_inc "$GNUMACH")" ||
		{ echo "hurd io/fs/fsys round trip FAILED (see $WORK/hurd-roundtrip)"; FAILED=1; }
	hurd_roundtrip hurd-roundtrip-machrv "-I$HURD -I$MACHRV_INC" ||
		{ echo "hurd io/fs/fsys round trip FAILED (see $WORK/hurd-roundtrip-machrv)"; FAILED=1; }
fi

if [ -n "$XNU" ]; then
	inc="-I$XNU/osfmk -I$XNU/bsd -I$XNU/libsyscall -I$XNU/EXTERNAL_HEADERS"
	defs=$(find "$XNU" -name '*.defs' | sort)
	# shellcheck disable=SC2086
	tree xnu user apple "$AREF" "$inc -DKERNEL_USER=1" "" $defs
	# shellcheck disable=SC2086
	tree xnu server apple "$AREF" "$inc -DKERNEL_SERVER=1" "" $defs
fi

echo "total: $ALL_N runs: accepted $ALL_OK, rejected $ALL_REJ, crashed $ALL_CRASH"
if [ -n "$GREF$AREF" ]; then
	echo "reference accepts $ALL_REF, we accept $ALL_BOTH of those ($((ALL_REF ? ALL_BOTH * 1000 / ALL_REF : 1000)) per mille), and $ALL_ONLYUS the reference rejects; ids differ in $ALL_IDS, C signatures in $ALL_PROTOS"
	if [ $((ALL_BOTH * 100)) -lt $((ALL_REF * 95)) ] || [ "$ALL_IDS" -gt 0 ] || [ "$ALL_PROTOS" -gt 0 ]; then
		FAILED=1
	fi
fi
[ "$ALL_CRASH" -gt 0 ] && FAILED=1
exit $FAILED
