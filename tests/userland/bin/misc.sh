# true, false, pwd, env, id, uname, date, sleep, sync, time, kill.
env true; echo "true $?"
env false; echo "false $?"
mkdir d; cd d; pwd | grep -c '/d$'; cd ..
env -i A=1 B=2 env
env -i A=1 env -u A env; echo "empty env $?"
env nosuchprog; echo "env missing $?"
id -u | grep -c '^[0-9][0-9]*$'
[ "$(id -u)" = "$(id -ru)" ] && echo id-consistent
id | grep -c '^uid=[0-9]*(.*) gid=[0-9]*(.*) groups='
uname | grep -c .
uname -a | grep -c "^$(uname -s) "
date -u -r 0
date -u -r 86400 '+%Y-%m-%d %H:%M:%S %j'
date -u -r 1000000000 '+%s %A'
date 0101; echo "set date $?"
sleep 0.1; echo "slept $?"
sleep x; echo "bad sleep $?"
sync; echo "sync $?"
time -p true 2> times; grep -c '^real ' times; grep -c '^user ' times; grep -c '^sys ' times
time sh -c 'exit 3' 2>/dev/null; echo "time status $?"
time nosuchcmd 2>/dev/null; echo "time missing $?"
sleep 5 & p=$!; kill $p; wait $p; echo "killed $?"
sleep 5 & p=$!; kill -9 $p; wait $p; echo "killed9 $?"
sleep 5 & p=$!; kill -s HUP $p; wait $p; echo "hup $?"
# Signals 1-6 have the same names everywhere; 7 on is system-specific.
set -- $(kill -l | head -n 1); echo $1 $2 $3 $4 $5 $6
kill -l 143
kill -s BOGUS 1; echo "bad signal $?"
kill 999999; echo "no process $?"
