# Script files with #!, sh FILE, ., -c, exec, exit.
printf '#!/bin/sh\necho "script $0 args $# $1"\nexit 4\n' > s1
chmod +x s1
./s1 a; echo "status $?"
sh s1 b c; echo "status $?"
printf 'echo no-hashbang $1\n' > s2; chmod +x s2
./s2 x
printf 'sourced_var=yes\nreturn 3\necho not-reached\n' > lib.sh
. ./lib.sh; echo "dot status $? var $sourced_var"
sh -c 'echo from -c; exit 9'; echo "status $?"
sh -c 'exec echo exec-replaced; echo never'
sh -c 'exec 2>/dev/null; ls /nosuch; echo quiet'
echo 'echo from stdin $((2+3))' | sh
printf 'read line\necho got: $line\n' > readscript
printf 'input-line\n' | sh readscript
sh -n -c 'echo not run'; echo "noexec $?"
eval 'e=1; echo eval $e'
cmd='echo built; echo command'; eval "$cmd"
