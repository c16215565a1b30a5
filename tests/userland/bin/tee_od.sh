# tee (copies, -a) and od (formats, -A, -j, -N, repeated lines).
echo hello | tee t1 t2; cat t1 t2
echo more | tee -a t1 > /dev/null; cat t1
echo x | tee /nonexistent/f; echo "tee status $?"
printf 'AB\n' | od -c
printf 'AB\n' | od -x
printf 'AB\n' | od -b
printf 'AB' | od -t x1 -A d
printf 'abcdef' | od -A n -t c -j 2 -N 3
printf '%032d' 0 | od -c
printf 'AB\n' | od -t d2
printf '\377' | od -t d1
od -t q1; echo "bad type $?"
