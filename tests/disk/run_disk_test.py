#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot tests/disk/disk_test.c with three disks, then check disk0 on the host.

  run_disk_test.py TEST_PROGRAM_SCRIPT SMP

Makes the images with stamp_image.py in a fresh directory (disk0: 16384
sectors, seed 0; disk1: 2048, seed 1, read-only; disk2: 64, seed 2, sector
3 failing; disk3: 64, seed 3, read-only, 10 requests a second), runs scripts/test-program with them, and after the power-off
compares disk0 with what the writes of disk_test.c must have left, using
cmp.  Passes (exit 0) when the program exits 0 and cmp finds no difference.
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_W = 0xaa
# disk_test.c's writes(): (first sector, sectors, words per sector written)
WRITES = [(100, 8, 64), (6000, 2048, 64), (50, 3, 64), (7, 1, 16)]


def stamp(path, sectors, seed):
    subprocess.run([sys.executable, os.path.join(HERE, "stamp_image.py"), path, str(sectors),
                    str(seed)], check=True)


def expected_image(path, sectors):
    stamp(path, sectors, 0)
    with open(path, "r+b") as f:
        for first, n, words in WRITES:
            for s in range(first, first + n):
                f.seek(s * 512)
                f.write(struct.pack(f"<{words}Q",
                                    *((s << 16) + (SEED_W << 8) + i for i in range(words))))


def main():
    script, smp = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        d0, d1, d2, d3 = (os.path.join(tmp, f"disk{n}.img") for n in range(4))
        stamp(d0, 16384, 0)
        stamp(d1, 2048, 1)
        stamp(d2, 64, 2)
        stamp(d3, 64, 3)
        r = subprocess.run([script, "--smp", smp, "--timeout", "240", "--disk", d0,
                            "--disk", d1 + ":ro", "--disk", d2 + ":ioerror=3",
                            "--disk", d3 + ":ro:iops=10",
                            os.path.join(HERE, "disk_test.c")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(r.stdout)
        if r.returncode != 0 or "disk_test: 0 failed" not in r.stdout:
            print(f"run_disk_test: disk_test exited with {r.returncode}")
            return 1
        want = os.path.join(tmp, "expected.img")
        expected_image(want, 16384)
        c = subprocess.run(["cmp", want, d0])
        if c.returncode != 0:
            print("run_disk_test: disk0 after the power-off is not what was written")
            return 1
        print("run_disk_test: disk0 after the power-off is what was written (cmp)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
