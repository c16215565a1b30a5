# What goes wrong, and the statuses.
nosuchcommand; echo "not found $?"
./nosuchfile; echo "no file $?"
printf 'echo hi\n' > noexec; chmod 644 noexec
./noexec; echo "not executable $?"
mkdir d; ./d; echo "directory $?"
sh -c 'if then'; echo "syntax $?"
sh -c 'echo before; ( ; echo never'; echo "syntax later $?"
sh -c 'exit 300'; echo "exit mod 256: $?"
sh -c 'cd /nonexistent'; echo "cd $?"
sh -c 'shift 5'; echo "shift $?"
sh -e -c 'false; echo not-reached'; echo "errexit $?"
sh -e -c 'false || true; if false; then :; fi; echo survived'
sh -c 'echo "unclosed'; echo "unclosed $?"
sh nosuch.sh; echo "script missing $?"
