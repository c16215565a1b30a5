/* SPDX-License-Identifier: BSD-2-Clause */
/* Imported by hurd_types.defs; nothing in io, fs or fsys uses it. */
