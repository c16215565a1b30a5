# Assignment, export, special parameters.
a=1 b="two words"
echo $a "$b"
echo ${a}x ${undefined:-default} ${a:+set} ${undefined+set}x
: ${c:=assigned}; echo $c
s=file.tar.gz
echo ${s%.gz} ${s%%.*} ${s#*.} ${s##*.} ${#s}
unset a; echo "[${a}]"
x=local sh -c 'echo "child sees [$x]"'
export y=exported; sh -c 'echo "child sees [$y]"'
z=temp env | grep '^z='
echo "[$z]"
set -- one "two three" four
echo $# "$1" "$2" "$3"
for i in "$@"; do echo "<$i>"; done
for i in $*; do echo "($i)"; done
echo "$*"
shift; echo $# $1
sh -c 'echo $0 $1 $#' name arg1
echo "$$" | grep -c '^[0-9][0-9]*$'
sh -c 'exit 3'; echo $?
sh -c 'echo "${unset?is not set}"'; echo "status $?"
IFS=:; v="a:b:c"; for p in $v; do echo "$p"; done; IFS=' '
sh -u -c 'echo $nosuch'; echo "nounset $?"
