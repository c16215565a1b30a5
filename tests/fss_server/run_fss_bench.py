#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Make the image tests/bench/fss_bench.c expects and run it against fss.

  run_fss_bench.py TEST_PROGRAM_SCRIPT [--unix [--config single|multi]] [--icount] [--smp N]

The image (mke2fs -d, ext2, 4 KiB blocks, 32 MiB): small.txt (64 KiB),
a/b/c/leaf, cold0.bin .. cold2.bin and warm.bin (1 MiB each), of bytes
from a seeded generator.  Prints the program's BENCH lines; exits with its
status.  scripts/bench runs it with --icount (exact instruction counts);
ctest runs it without, as a check that the benchmark works.  With --unix
it runs tests/bench/unix_file_bench.c instead, a Unix program under
bsd_server taking its files from fss (the image also holds data.bin).
"""
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    script, extra = sys.argv[1], sys.argv[2:]
    unix = "--unix" in extra
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "a", "b", "c"))
        with open(os.path.join(tree, "a", "b", "c", "leaf"), "w") as f:
            f.write("leaf\n")
        for name, size in [("small.txt", 65536), ("data.bin", 8192)] + [(f"cold{i}.bin", 1 << 20) for i in range(3)] \
                + [("warm.bin", 1 << 20)]:
            with open(os.path.join(tree, name), "wb") as f:
                f.write(rng.randbytes(size))
        img = os.path.join(tmp, "fss-bench.img")
        r = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "4096", "-d", tree, img, "32M"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.exit(f"run_fss_bench: mke2fs failed:\n{r.stdout}")
        program = "unix_file_bench.c" if unix else "fss_bench.c"
        shape = [] if "--config" in extra else ["--fss"]	# --unix --config single|multi
        r = subprocess.run([script, "--timeout", "300", "--disk", img] + shape + extra +
                           [os.path.join(HERE, "..", "bench", program)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = [l for l in r.stdout.splitlines() if l.startswith("BENCH")]
        print("\n".join(lines) if lines else r.stdout)
        if r.returncode != 0 or "_bench: done" not in r.stdout:
            print(r.stdout)
            return r.returncode or 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
