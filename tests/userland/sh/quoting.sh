# Single quotes, double quotes, backslashes.
x=value
echo '$x "q" \n'
echo "$x 'q' \$x \\ \""
echo \$x \'a\' a\ b
echo "a   b" a   b
echo ''"" "" | wc -c
echo "tab	in" | od -c | head -n 1
echo 'it'\''s'
echo "$(echo "inner quoted")"
echo a\
b
