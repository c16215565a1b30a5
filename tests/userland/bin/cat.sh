# cat: files, stdin, -, -n, errors.
printf 'a\nb\n' > f1; printf 'c' > f2
cat f1 f2; echo
echo in | cat f1 - f2; echo
printf 'x\n\ny\n' | cat -n
cat nosuch f1; echo "status $?"
cat -q; echo "status $?"
