# Functions: arguments, return, locals by convention, recursion.
greet() {
	echo "hello $1 ($#)"
}
greet world
greet "two words" x
ret() { return 7; }
ret; echo "return $?"
fact() {
	if [ $1 -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
fact 5
outer() { inner() { echo inner-defined; }; }
outer; inner
set -- a b
show() { echo "in: $*"; }
show x y z; echo "after: $*"
countdown() { n=$1; while [ $n -gt 0 ]; do echo $n; n=$((n - 1)); [ $n -eq 1 ] && return 0; done; }
countdown 3
f() { echo "redirected function"; }
f > out; cat out
