# < > >> 2> 2>&1 >&2 <> and descriptors after a built-in.
echo first > f
echo second >> f
cat < f
cat f nosuch 2> err > out
echo "status $?"
cat out
cat err
cat nosuch > both 2>&1
cat both
echo to-stderr >&2 2>/dev/null
{ echo to-stderr-2 >&2; } 2>&1 | cat
echo x > "file with spaces"; cat "file with spaces"
exec 3> fd3
echo via3 >&3
exec 3>&-
cat fd3
cat < nosuch
echo "missing input $?"
echo hi > /nonexistent/dir/f
echo "bad target $?"
>empty; wc -c < empty
: > truncated; echo "again" >| truncated; cat truncated
