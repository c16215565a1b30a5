# sort and uniq.
printf 'b\na\nc\na\n' > f
sort f
sort -r f
sort -u f
printf '10\n9\n100\n' | sort -n
printf '10\n9\n100\n' | sort
printf 'B\na\nC\n' | sort -f
printf 'x 3\ny 1\nz 2\n' | sort -k 2
printf 'a:3\nb:1\nc:2\n' | sort -t : -k 2 -n
sort -o f f; cat f
sort nosuch; echo "status $?"
printf 'a\na\nb\nc\nc\nc\n' > u
uniq u
uniq -c u
uniq -d u
uniq -u u
printf 'A\na\n' | uniq -i
uniq -c -d u; echo "usage $?"
