# Background jobs, $!, wait.
sleep 0.2 && echo "bg done" > bgout &
pid=$!
echo "$pid" | grep -c '^[0-9][0-9]*$'
wait $pid; echo "wait status $?"
cat bgout
sh -c 'exit 5' &
wait $!; echo "exit status $?"
(echo sub1; echo sub2) > subout &
wait
cat subout
wait 99999; echo "unknown $?"
for i in 1 2 3; do (echo job$i > j$i) & done; wait
cat j1 j2 j3
