/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds a device open, for the commands: the processes one pass
 * over /proc shows, what the kernel counts besides, and their words. */
#include "config.h"

#include "holding.h"

#include <string.h>

void holding_scan(struct holders *h)
{
	holders_scan(h);
}

void holding_free(struct holders *h)
{
	holders_free(h);
}

void holding_of(const struct holders *h, const struct linkinfo *li,
		struct holding *out)
{
	memset(out, 0, sizeof(*out));
	if (!h) {
		holders_scan(&out->own);
		h = &out->own;
	}
	out->v = holders_of(h, li->name, &out->n);
	/* The kernel counts the queues of multi_queue devices; for the
	 * others, an attach turns the carrier on, the last detach off. */
	out->unseen = !out->n && (li->queues_known ? li->queues > 0 :
				  li->carrier);
	holders_describe(out->v, out->n, &out->who);
}

void holding_done(struct holding *hd)
{
	sb_free(&hd->who);
	holders_free(&hd->own);
	hd->v = NULL;
	hd->n = 0;
}
