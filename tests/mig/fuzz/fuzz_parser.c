/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: any bytes as a preprocessed .defs file, through the
 * parser, the checks and every emitter.  mig must never crash, whatever
 * the input; the arena is freed after each input so leaks show up too. */
#include <stdint.h>
#include <stdio.h>
#include "mig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	struct options opts = { .inline_limit = -1, .cpp = "none" };
	/* Both dialects, chosen by the first byte, so both code paths run. */
	if (size > 0 && (data[0] & 1))
		opts.dialect = DIALECT_APPLE;
	mig_silent = true;
	mig_compile_buffer((const char *)data, size, "fuzz.defs", &opts, sink);
	mig_reset();
	return 0;
}
