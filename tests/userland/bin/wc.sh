# wc: counts, options, totals.
printf 'one two\nthree\n' > f; printf 'x' > g
wc f
wc -l f
wc -w < f
wc -c f g
printf 'a b\tc\n\nd' | wc
wc nosuch; echo "status $?"
