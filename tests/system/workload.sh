# What a build does to a file system: a source tree of a few hundred files
# is generated, scanned with pipelines, copied, renamed, partly removed.
# Run on MachRV (tests/system/run_system_test.py workload) in both shapes;
# the tree it leaves under $W must equal workload.expected and what it
# prints workload.out (both made by running it on the host with the host
# build of our sh and programs: tests/system/README.md).
set -e
W=${W:-/work}
mkdir -p $W/src && cd $W

# 240 source files in 4 directories.
for d in kern vm ipc dev; do
	mkdir src/$d
	i=0
	while [ $i -lt 60 ]; do
		printf '/* %s/f%d.c */\nint %s_%d(void) { return %d; }\n' $d $i $d $i $((i * 7 % 13)) >src/$d/f$i.c
		i=$((i + 1))
	done
	echo "$d: $(ls src/$d | wc -l) files"
done

# Scan it with pipelines.
cat src/*/*.c | grep -c 'return' 
cat src/*/f1*.c | grep 'return 1[0-2]' | wc -l
cat src/kern/*.c src/vm/*.c | grep return | while read w1 w2 w3 w4 n rest; do echo $n; done |
	sort -n | uniq -c | sort -rn | head -n 3
ls src/ipc | sort | head -n 5
ls -R src | wc -l

# "Compile": one object per source, a listing, headers from a here-document.
mkdir -p obj inc
for f in src/kern/*.c src/vm/*.c; do
	b=${f#src/}; b=${b%.c}
	mkdir -p obj/${b%/*}
	wc -c <$f >obj/$b.o
done
cat >inc/config.h <<HDR
#define NCPU 4
#define ROOT "/"
HDR
cat obj/kern/*.o | sort -n | uniq | tee obj/sizes.txt | wc -l

# Copy, rename, link, remove.
cp -r src copy
mv copy/dev copy/drivers
for f in copy/drivers/f1?.c; do mv $f ${f%.c}.old; done
ln -s ../src/kern copy/kern-link
rm copy/ipc/f2*.c
rm -r copy/vm
rmdir obj/vm 2>/dev/null || rm -rf obj/vm
echo "copy: $(ls -R copy | wc -l) names"
cat copy/kern-link/f3.c
test -L copy/kern-link && echo "link ok"
od -c inc/config.h | head -n 2
echo done
