# Pathname expansion.
touch a.c b.c c.h .hidden
echo *.c
echo *
echo ?.h
echo [ab].c
echo .*
echo "*.c" '*'.c \*.c
echo no*match
mkdir dir; touch dir/x dir/y
echo dir/*
echo */x
set -f; echo *.c; set +f
for f in *.c; do echo "file $f"; done
