# mkdir -p -m, rmdir -p, errors.
mkdir a; ls -d a
mkdir -p x/y/z; ls -R x | grep -c :
mkdir -p x/y/z; echo "again $?"
mkdir a; echo "exists $?"
mkdir -m 700 private; ls -ld private | { read m rest; echo $m; }
mkdir -m u=rwx,g=rx,o= sym; ls -ld sym | { read m rest; echo $m; }
mkdir nosuch/dir; echo "no parent $?"
rmdir x; echo "not empty $?"
rmdir -p x/y/z; ls x; echo "removed $?"
rmdir nosuch; echo "missing $?"
mkdir; echo "usage $?"
