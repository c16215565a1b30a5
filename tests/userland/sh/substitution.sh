# $(...), `...`, $((...)).
echo "$(echo hello)"
echo `echo back`
n=$(printf 'a\nb\nc\n' | wc -l); echo "lines:$n"
echo $(echo $(echo nested))
x=$(printf 'trailing\n\n\n'); echo "[$x]"
echo $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((7 / 2)) $((7 % 3)) $((-4 + 1))
i=5; echo $((i * 2)) $((i += 1)) $i
echo $((1 < 2)) $((2 == 3)) $((1 && 0)) $((0 || 3)) $((5 > 3 ? 10 : 20))
echo $(( 1 << 4 )) $(( 255 & 15 )) $(( 1 | 6 )) $(( 6 ^ 3 ))
sh -c 'echo $((1 / 0))'; echo "div status $?"
a=$(false); echo "subst status $?"
echo "$(cd / && pwd)"; pwd | grep -c '^/'
