# rm: files, -r, -f, refusals.
touch a b; rm a; ls
rm nosuch; echo "missing $?"
rm -f nosuch; echo "forced $?"
mkdir d; touch d/x; mkdir d/e; touch d/e/y
rm d; echo "dir without -r $?"
rm -r d; ls
rm -rf gone; echo "rf missing $?"
rm .; echo "dot $?"
rm -r ..; echo "dotdot $?"
rm -f; echo "nothing $?"
rm; echo "usage $?"
