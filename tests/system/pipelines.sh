# As root: pipelines of several programs, redirections, lists, command
# substitution, control flow and background jobs, on the real disk.
cd /tmp
printf 'pear\napple\nfig\napple\nkiwi\n' >fruit
sort fruit | uniq | wc -l
sort fruit | uniq -c | sort -rn | head -n 1
cat <fruit | grep -v apple | tee kept | wc -l
cat kept
echo one >out; echo two >>out; cat out
ls /nonexistent 2>err; echo "ls status $?"; wc -l <err
ls /nonexistent >both 2>&1; grep -c nonexistent both
true && echo and-ran; false || echo or-ran; false && echo never
sleep 1 & p=$!; echo started; wait $p; echo "waited $?"
(sleep 1; echo bg-done >bgfile) & wait; cat bgfile
echo "$(ls /etc | grep -c passwd) passwd"
for i in 1 2 3; do echo $i; done | tail -n 1
case $(uname -s) in MachRV) echo machrv;; *) echo other;; esac
head -n 2 /etc/passwd | while IFS=: read name pw uid rest; do echo "$name $uid"; done
n=0; while [ $n -lt 5 ]; do n=$((n + 1)); done; echo "n=$n"
cat /etc/passwd /etc/group | grep -c student
od -c fruit | head -n 1
