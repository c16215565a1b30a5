#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# mig's driver, one behaviour per case: options, outputs, -list, -MD, stdin,
# the preprocessor override and the dialect switch.
# usage: driver_test.sh CASE MIG MACH_INCLUDE TESTS_SRCDIR WORKDIR
set -u
case=$1 mig=$2 inc=$3 src=$4 work=$5
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
calc=$src/golden/calc.defs

fail() { echo "FAIL: $*"; exit 1; }

case $case in
list_has_one_line_per_routine_with_ids)
	"$mig" -I"$inc" "$calc" -user /dev/null -server /dev/null -header /dev/null -list calc.list || fail "mig failed"
	printf 'calc 1000 add 0 1000 1100\ncalc 1000 reset 1 1001 0\ncalc 1000 total 3 1003 1103\n' > want
	cmp -s want calc.list || fail "list is: $(cat calc.list)"
	;;
md_writes_a_dependency_file)
	"$mig" -I"$inc" "$calc" -user u.c -server s.c -header h.h -MD -MF deps.d || fail "mig failed"
	head -1 deps.d | grep -q '^h.h u.c s.c:' || fail "targets: $(head -1 deps.d)"
	grep -q "std_types.defs" deps.d || fail "std_types.defs missing from deps"
	grep -q "calc.defs" deps.d || fail "calc.defs missing from deps"
	;;
default_outputs_are_named_for_the_subsystem)
	"$mig" -I"$inc" "$calc" || fail "mig failed"
	for f in calc.h calcUser.c calcServer.c; do [ -s $f ] || fail "$f not written"; done
	;;
input_can_come_from_stdin)
	"$mig" -I"$inc" -list l < "$calc" || fail "mig failed"
	grep -q "calc 1000 add 0 1000 1100" l || fail "list: $(cat l)"
	;;
unknown_option_is_a_usage_error)
	"$mig" -frobnicate "$calc" 2> err
	[ $? -eq 2 ] || fail "exit status"
	grep -q "unknown option '-frobnicate'" err || fail "message: $(cat err)"
	;;
missing_input_file_is_an_error)
	"$mig" nosuch.defs 2> err
	[ $? -eq 1 ] || fail "exit status"
	grep -q "cannot read nosuch.defs" err || fail "message: $(cat err)"
	;;
empty_input_has_no_subsystem)
	: > empty.defs
	"$mig" --cpp=none empty.defs 2> err
	[ $? -eq 1 ] || fail "exit status"
	grep -q "empty.defs:1:1: error: no subsystem statement" err || fail "message: $(cat err)"
	;;
preprocessor_can_be_replaced)
	printf 'subsystem p 7;\n#ifdef WANT\ntype int = MACH_MSG_TYPE_INTEGER_32;\nroutine r(s: MACH_MSG_TYPE_COPY_SEND; x: int);\n#endif\n' > p.defs
	"$mig" --cpp="cpp -DWANT" p.defs -list l -user /dev/null -server /dev/null -header /dev/null || fail "mig failed"
	grep -q "p 7 r 0 7 107" l || fail "list: $(cat l)"
	MIGCPP="cpp -DWANT" "$mig" p.defs -list l2 -user /dev/null -server /dev/null -header /dev/null || fail "MIGCPP"
	cmp -s l l2 || fail "MIGCPP differs"
	"$mig" --cpp=nosuch-cpp p.defs 2> err
	[ $? -ne 0 ] || fail "a missing preprocessor must fail"
	;;
prefixes_name_the_user_stubs)
	# As GNU MIG: -prefix before every name it makes (user stubs, server
	# functions, the demux); -subrprefix before the run-time routines the
	# stubs call (glibc's __mach_msg and friends), not before the stubs.
	"$mig" -I"$inc" "$calc" -prefix pre_ -subrprefix sub_ -header h.h -user u.c -sheader sh.h \
		-server s.c || fail "mig failed"
	grep -q "^kern_return_t pre_add(" h.h || fail "header"
	grep -q "^kern_return_t pre_add(" u.c || fail "stub"
	grep -q "^kern_return_t pre_add(" sh.h || fail "server function"
	grep -q "^boolean_t pre_calc_server(" sh.h || fail "demux"
	grep -q "^extern mach_msg_return_t sub_mach_msg(" u.c || fail "sub_mach_msg not declared"
	grep -q "^#define mig_get_reply_port sub_mig_get_reply_port" u.c || fail "reply port routine"
	grep -q "^#define mig_deallocate sub_mig_deallocate" s.c || fail "server's run-time routines"
	;;
dialect_flag_decides_array_transport)
	"$mig" -I"$inc" -I"$src/roundtrip" "$src/roundtrip/rt.defs" --dialect=gnu -header gnu.h -user /dev/null -server /dev/null || fail "gnu"
	"$mig" -I"$inc" -I"$src/roundtrip" "$src/roundtrip/rt.defs" --dialect=apple -header apple.h -user /dev/null -server /dev/null || fail "apple"
	grep -q "char dInline\[" gnu.h || fail "GNU array[] has no inline part"
	grep -q "char dInline\[" apple.h && fail "Apple array[] has an inline part"
	"$mig" --dialect=sideways "$calc" 2> err
	[ $? -eq 2 ] || fail "bad dialect accepted"
	;;
statements_set_timeouts_and_options)
	printf 'subsystem w 9;\nwaittime 500;\nmsgoption MACH_SEND_INTERRUPT;\nerror my_error;\ntype int = MACH_MSG_TYPE_INTEGER_32;\nroutine r(s: MACH_MSG_TYPE_COPY_SEND; x: int);\nnowaittime;\nroutine q(s: MACH_MSG_TYPE_COPY_SEND; x: int);\n' > w.defs
	"$mig" --cpp=none w.defs -user u.c -header h.h -server /dev/null || fail "mig failed"
	sed -n '/Routine r /,/^}/p' u.c > r.c
	sed -n '/Routine q /,/^}/p' u.c > q.c
	grep -q "MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT | MACH_RCV_TIMEOUT | MACH_SEND_INTERRUPT" r.c || fail "r options"
	grep -q "reply_port, 500, MACH_PORT_NULL" r.c || fail "r timeout"
	grep -q "MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_INTERRUPT," q.c || fail "q options"
	grep -q "MACH_MSG_TIMEOUT_NONE" q.c || fail "q timeout"
	;;
type_defined_again_warns_and_the_new_one_counts)
	# GNU MIG and Apple's MIG both let a later definition win (their type
	# lists put the newest first); an input's own redefinition is warned.
	printf 'subsystem t 100;\ntype p = MACH_MSG_TYPE_COPY_SEND;\ntype v = MACH_MSG_TYPE_INTEGER_16;\ntype v = MACH_MSG_TYPE_INTEGER_64;\nroutine r(s: p; x: v);\n' > t.defs
	"$mig" --cpp=none t.defs -header t.h -user t.c -server /dev/null 2> err || fail "mig failed: $(cat err)"
	grep -q "t.defs:4:6: warning: type 'v' is defined again (the first is at line 3)" err || fail "warning: $(cat err)"
	grep -q "sizeof(v) == 8" t.c || fail "the later v (64 bits) is not the one used"
	"$mig" --cpp=none -q t.defs -header t.h -user /dev/null -server /dev/null 2> err || fail "mig -q failed"
	[ ! -s err ] || fail "-q printed: $(cat err)"
	;;
gnu_builtin_types_are_predefined)
	# GNU MIG (since its 64-bit work) predefines the C integer types, so
	# GNU Mach's std_types.defs says `type kern_return_t = int;' without
	# defining int; on a 64-bit target uintptr_t and intptr_t are 8 bytes.
	printf 'subsystem b 100;\ntype p = MACH_MSG_TYPE_COPY_SEND;\nroutine r(s: p; c: char; h: short; i: int; l: int64; u: uintptr_t; d: intptr_t);\n' > b.defs
	"$mig" --cpp=none --dialect=gnu b.defs -header b.h -user /dev/null -server /dev/null 2> err || fail "gnu: $(cat err)"
	for f in "char c;" "short h;" "int i;" "int64 l;" "uintptr_t u;" "intptr_t d;"; do
		grep -q "	$f" b.h || fail "no field '$f' in the request"
	done
	"$mig" --cpp=none b.defs -header b.h -user /dev/null -server /dev/null 2> err || fail "auto: $(cat err)"
	# Apple's MIG has no built-in types: XNU's std_types.defs defines them.
	"$mig" --cpp=none --dialect=apple b.defs -header b.h -user /dev/null -server /dev/null 2> err &&
		fail "apple dialect accepted GNU's built-in types"
	grep -q "unknown type 'char'" err || fail "apple: $(cat err)"
	;;
gnumach_time_value_is_16_bytes)
	# GNU Mach's time_value_t travels as rpc_time_value_t on its 64-bit
	# targets: struct { rpc_long_integer_t seconds; integer_t
	# microseconds; }, which GNU MIG lays out as two 64-bit words.
	# MachRV's mach_types.defs gives the Hurd's file_utimes the same.
	printf 'subsystem t 100;\n#include <mach/std_types.defs>\n#include <mach/mach_types.defs>\nroutine u(s: mach_port_t; a: time_value_t; b: int);\n' > t.defs
	"$mig" -I"$inc" t.defs -header t.h -user /dev/null -server /dev/null 2> err || fail "$(cat err)"
	grep -q "	rpc_time_value_t a;" t.h || fail "time_value_t is not carried as rpc_time_value_t"
	printf '#include "t.h"\n_Static_assert(sizeof(__Request__t_u_t) == sizeof(mach_msg_header_t) + sizeof(NDR_record_t) + 16 + 4, "16-byte time");\n' > t.c
	${CC:-cc} -std=c11 -I"$inc" -I. -c t.c -o t.o 2> err || fail "$(cat err)"
	;;
thousand_routines_compile)
	{
		echo "subsystem big 10000;"
		echo "type int = MACH_MSG_TYPE_INTEGER_32;"
		echo "type port = MACH_MSG_TYPE_COPY_SEND;"
		i=0
		while [ $i -lt 1000 ]; do
			echo "routine r$i(s: port; a: int; b: int; out c: int);"
			i=$((i + 1))
		done
	} > big.defs
	"$mig" --cpp=none big.defs -list l || fail "mig failed"
	[ "$(wc -l < l)" -eq 1000 ] || fail "list has $(wc -l < l) lines"
	tail -1 l | grep -q "big 10000 r999 999 10999 11099" || fail "last: $(tail -1 l)"
	;;
*)
	fail "no case $case"
	;;
esac
echo "ok $case"
