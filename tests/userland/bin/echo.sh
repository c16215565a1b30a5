# echo: arguments, -n, -e escapes.
echo a b   c
echo
echo -n no-newline; echo
echo -e 'tab\there\nnew\\line'
echo -e 'stop\cnot printed'; echo
echo -- -n
echo -x
