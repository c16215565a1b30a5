# ln: hard and symbolic links, -f, into a directory.
echo content > f
ln f hard; stat -c '%h' f; cat hard
ln -s f soft; cat soft; stat -c '%F' soft
ln -s f soft; echo "exists $?"
echo other > g; ln -sf g soft; cat soft
mkdir d; ln -s ../f d/; cat d/f
ln nosuch x; echo "missing $?"
