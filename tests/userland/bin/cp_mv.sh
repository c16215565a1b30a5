# cp and mv: files, into directories, -r, -p, errors.
printf 'data\n' > f; chmod 600 f
cp f g; cat g; ls -l g | { read m rest; echo $m; }
mkdir d; cp f g d; ls d
cp d e; echo "dir without -r $?"
mkdir d/sub; echo deep > d/sub/x; ln -s f d/link
cp -r d e; ls -R e; cat e/sub/x
ls -l e/link | { read m rest; echo "$m"; }
touch -t 202001010000 f; cp -p f p; ls -l p | { read m l u g s mon day year n; echo "$m $mon $day $year"; }
cp f f; echo "same $?"
cp nosuch x; echo "missing $?"
mv g h; ls g h 2>&1; cat h
mv h d; ls d
mv d renamed; ls renamed
mv nosuch y; echo "mv missing $?"
mv a b c; echo "mv not dir $?"
