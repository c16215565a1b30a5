# ps, df, su and halt through their interfaces (libutil/sysdep.h, init).
ps -p $$ | head -n 1
ps -p $$ | { read header; read pid ppid user state task command; [ "$pid" = "$$" ] && echo "pid ok $command"; }
ps | grep -c "^ *$$ "
ps -p 999999; echo "no such pid $?"
df . | head -n 1
df . | { read header; read fs blocks used avail cap on; case $cap in *%) echo capacity-ok;; esac; }
df nosuch; echo "df missing $?"
su nosuchuser -c true; echo "su unknown $?"
if [ "$(id -u)" = 0 ]; then su root -c 'echo "as $USER"'; else echo "as root"; fi
halt -z; echo "halt usage $?"
if [ "$(id -u)" != 0 ]; then halt; echo "halt refused $?"; else echo "halt refused 1"; fi
