# Here-documents.
x=world
cat <<EOF
hello $x
$(echo sub)
EOF
cat <<'RAW'
no $x expansion
RAW
cat <<END | wc -l
1
2
3
END
while read a b; do echo "$b-$a"; done <<X
1 one
2 two
X
