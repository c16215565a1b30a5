# head and tail: lines, bytes, +N, several files.
i=1; while [ $i -le 12 ]; do echo "line $i"; i=$((i + 1)); done > f
head f | tail -n 1
head -n 3 f
head -2 f
head -c 8 f; echo
tail -n 2 f
tail -3 f
tail -n +11 f
tail -c 3 f
printf 'a\nb' | tail -n 1; echo
echo x > g; head -n 1 f g
head -n x f; echo "status $?"
tail nosuch; echo "status $?"
