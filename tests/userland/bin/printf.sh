# printf: conversions, widths, reuse, escapes, errors.
printf '%s-%s\n' a b c d
printf '[%5s][%-5s][%.2s]\n' ab cd efgh
printf '%d %i %o %x %X %u\n' 42 -7 8 255 255 3
printf '[%05d][%+d][%-4d]\n' 42 5 7
printf '%c%c\n' hello world
printf '%b\n' 'a\tb' 'c\0101'
printf 'percent %% done\n'
printf '%d\n' "'A"
printf 'no newline'; echo
printf '%s\n'
printf '%*d|\n' 6 42
printf '%d\n' abc; echo "status $?"
printf; echo "status $?"
