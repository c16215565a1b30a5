# if, while, until, for, case, break, continue.
if true; then echo then; else echo else; fi
if false; then echo no; elif [ 1 -eq 1 ]; then echo elif; fi
if false; then :; else echo else-branch; fi
i=0
while [ $i -lt 3 ]; do echo "while $i"; i=$((i + 1)); done
until [ $i -eq 0 ]; do i=$((i - 1)); done; echo "until $i"
for w in a b c; do
	if [ $w = b ]; then continue; fi
	echo "for $w"
done
for n in 1 2 3 4 5; do [ $n -gt 3 ] && break; echo "n $n"; done
for x in 1 2; do for y in a b; do [ $y = b ] && continue 2; echo "$x$y"; done; done
for x in 1 2; do for y in a b; do echo "$x$y"; break 2; done; done
for f in one two; do :; done; echo "last $f"
case hello.c in
*.h) echo header ;;
*.c|*.cc) echo source ;;
*) echo other ;;
esac
case "a b" in "a b") echo quoted-match;; esac
case x in [abc]) echo no;; [x-z]) echo range;; esac
case '*' in \*) echo star-literal;; esac
p='*.txt'; case notes.txt in $p) echo pattern-var;; esac
while false; do :; done; echo "while status $?"
if false; then :; fi; echo "if status $?"
printf 'l1\nl2\n' | while read line; do echo "read $line"; done
echo "a b c" | { read x y; echo "x=$x y=$y"; }
