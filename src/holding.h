/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds a device open, for the commands: a pass over /proc
 * (holders.h) kept for many devices, one device's holders in it, what
 * the kernel counts that /proc does not explain, and the words for
 * them in messages. */
#ifndef TUNTAPCTL_HOLDING_H
#define TUNTAPCTL_HOLDING_H

#include <stdbool.h>
#include <stddef.h>

#include "holders.h"
#include "link.h"
#include "util.h"

/* Every process here holding a tun/tap device open, in h (one pass over
 * /proc, for many devices); freed with holding_free.  A struct holders
 * set to { NULL, 0, 0 } is one where no device is held. */
void holding_scan(struct holders *h);
void holding_free(struct holders *h);

/* Who holds one device open. */
struct holding {
	const struct holder *v;	/* the processes /proc shows, n of them */
	size_t n;
	/* None shows, but the kernel counts an attach (a queue of a
	 * multi_queue device, else the carrier an attach turns on): a
	 * program not visible from here (another user's, seen without
	 * root, or one in another PID namespace). */
	bool unseen;
	/* Them for messages, escaped: "qemu-system-x86 (pid 4242), ...",
	 * or with none shown "a program not visible from here". */
	struct strbuf who;
	struct holders own;	/* the pass made for it (h NULL) */
};
/* None yet: holding_done may be called on it all the same. */
#define HOLDING_NONE { NULL, 0, false, SB_INIT, { NULL, 0, 0 } }

/* Who holds device li open: from h, a pass made already, or (h NULL)
 * from a pass over /proc made now for it alone.  Freed with
 * holding_done. */
void holding_of(const struct holders *h, const struct linkinfo *li,
		struct holding *out);
void holding_done(struct holding *hd);

#endif
