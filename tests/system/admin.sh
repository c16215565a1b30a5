# As root: the system's own programs.
id
chown student /tmp && ls -ld /tmp | while read mode n owner rest; do echo "$mode $owner"; done
chown root /tmp && chmod 1777 /tmp
su student -c 'id -un; echo $HOME'
su - student -c pwd
uname -s; uname -m
ps | grep -c ps
# The child is in the table from fork on (its name may still be sh).
sleep 5 & p=$!; ps | while read pid rest; do test "$pid" = "$p" && echo "ps lists $p"; done | grep -c lists
kill $p; wait $p; echo "killed $?"
df / | tail -n 1 | while read fs blocks used avail cap on; do echo "$on"; test $blocks -gt 0 && echo "blocks ok"; done
time -p true 2>&1 | grep -c real
date +%Y | grep -c '^20'
env | grep -c '^PATH='
sync && echo synced
