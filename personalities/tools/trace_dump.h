/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The raw event records as the guest's tools print them for the host
 * (trace -x, opcost -x; scripts/lib/tracing.py's extract reads them):
 * "@trace-begin N records L lost", the records in base64 in lines of 76
 * characters, "@trace-end".
 */
#ifndef _TRACE_DUMP_H_
#define _TRACE_DUMP_H_
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static inline void
trace_dump(FILE *f, const void *records, size_t bytes, unsigned lost)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const uint8_t *p = records;
	char line[80];
	size_t col = 0;

	fprintf(f, "@trace-begin %zu records %u lost\n", bytes / 64, lost);
	for (size_t i = 0; i < bytes; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < bytes ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < bytes ? p[i + 2] : 0);
		line[col++] = a[(v >> 18) & 63];
		line[col++] = a[(v >> 12) & 63];
		line[col++] = i + 1 < bytes ? a[(v >> 6) & 63] : '=';
		line[col++] = i + 2 < bytes ? a[v & 63] : '=';
		if (col == 76) {
			fprintf(f, "%.*s\n", (int)col, line);
			col = 0;
		}
	}
	if (col)
		fprintf(f, "%.*s\n", (int)col, line);
	fprintf(f, "@trace-end\n");
}

#endif /* _TRACE_DUMP_H_ */
