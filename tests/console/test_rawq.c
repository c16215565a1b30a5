/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the console driver's raw input queue (drivers/console/rawq.c). */
#include <string.h>
#include "check.h"
#include "rawq.h"

static struct rawq q;

TEST(bytes_come_out_in_the_order_they_went_in)
{
	char out[8];

	rawq_init(&q);
	CHECK(rawq_put(&q, 'a') && rawq_put(&q, 'b') && rawq_put(&q, '\x03'));
	CHECK(rawq_count(&q) == 3);
	CHECK(rawq_peek(&q, out, sizeof(out)) == 3 && memcmp(out, "ab\x03", 3) == 0);
	return 0;
}

TEST(peek_leaves_the_bytes_and_drop_takes_them)
{
	char out[8];

	rawq_init(&q);
	rawq_put(&q, 'x');
	rawq_put(&q, 'y');
	CHECK(rawq_peek(&q, out, 1) == 1 && out[0] == 'x');
	CHECK(rawq_count(&q) == 2);
	rawq_drop(&q, 1);
	CHECK(rawq_peek(&q, out, sizeof(out)) == 1 && out[0] == 'y');
	rawq_drop(&q, 5);		/* more than there is: empty, no more */
	CHECK(rawq_count(&q) == 0);
	return 0;
}

TEST(a_full_queue_drops_and_counts_what_comes_after)
{
	char out[CONSOLE_RAW_QUEUE];

	rawq_init(&q);
	for (int i = 0; i < CONSOLE_RAW_QUEUE; i++)
		CHECK(rawq_put(&q, (char)i));
	CHECK(!rawq_put(&q, 'L') && !rawq_put(&q, 'M'));
	CHECK(q.dropped == 2 && rawq_count(&q) == CONSOLE_RAW_QUEUE);
	CHECK(rawq_peek(&q, out, sizeof(out)) == CONSOLE_RAW_QUEUE);
	CHECK(out[0] == 0 && out[CONSOLE_RAW_QUEUE - 1] == (char)(CONSOLE_RAW_QUEUE - 1));
	return 0;
}

TEST(the_ring_wraps_around)
{
	char out[4];

	rawq_init(&q);
	for (int round = 0; round < 3 * CONSOLE_RAW_QUEUE; round++) {
		CHECK(rawq_put(&q, (char)round) && rawq_put(&q, (char)(round + 1)));
		CHECK(rawq_peek(&q, out, 2) == 2 && out[0] == (char)round &&
		      out[1] == (char)(round + 1));
		rawq_drop(&q, 2);
	}
	CHECK(rawq_count(&q) == 0 && q.dropped == 0);
	return 0;
}
