#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Make a disk image whose every 512-byte sector is stamped with its number.

  stamp_image.py IMAGE SECTORS [SEED]

Sector n holds 64 little-endian 64-bit words: n * 2^16 + (SEED << 8) + i
for i = 0..63, so a sector read from the wrong place, a torn sector or a
sector of the other disk (another SEED) is told apart.  Tests check what
the driver returns against the same formula (tests/disk/disk_common.h).
"""
import struct
import sys

path, sectors = sys.argv[1], int(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
with open(path, "wb") as f:
    for n in range(sectors):
        f.write(struct.pack("<64Q", *((n << 16) + (seed << 8) + i for i in range(64))))
