# cd, pwd, umask, read, set, export -p, command -v, exit.
mkdir -p sub/deeper
cd sub; pwd | grep -c '/sub$'
cd deeper; cd ..; basename_ok=$(pwd); case $basename_ok in */sub) echo back-in-sub;; esac
cd; [ "$(pwd)" = "$HOME" ] && echo cd-home
cd /nonexistent; echo "cd status $?"
umask 027; umask; touch m; ls -l m | { read mode rest; echo $mode; }
umask 022
echo "x y z" | { read a b; echo "[$a][$b]"; }
printf 'a\\\nb\n' | { read -r l; echo "raw [$l]"; }
set -- p q; echo "$#: $1 $2"
export EXPVAR=1; export -p | grep -c EXPVAR
command -v cd; command -v ls | grep -c '/ls$'; command -v nosuch; echo "command $?"
(exit 3); echo $?
false; exit
