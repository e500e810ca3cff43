/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch-deletion groups: random numbers in a range of our own, each
 * locked (lock.h) while a del uses it; the kernel frees the lock when
 * that del dies, however it dies. */
#include "config.h"

#include "delgroup.h"

#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "lock.h"

bool delgroup_is(uint32_t g)
{
	return g >= DELGROUP_FIRST && g <= DELGROUP_LAST;
}

uint32_t delgroup_pick(const struct linkinfo *links, size_t n,
		       struct lock *lock)
{
	uint32_t g, tries = 0;
	size_t i;

	for (;;) {
		/* Unpredictable, so others do not pick it by chance; should
		 * getrandom fail, time and pid still vary between runs. */
		if (getrandom(&g, sizeof(g), 0) != sizeof(g))
			g = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 12) ^
			    (uint32_t)clock() ^ (++tries * 2654435761u);
		g = DELGROUP_FIRST | (g & 0x00ffffffu);
		for (i = 0; i < n && links[i].group != g; i++)
			;
		if (i < n)
			continue;
		/* Taken, or locks cannot be had (then the membership check
		 * before deleting still guards it). */
		if (grouplock_try(g, lock) != 0)
			return g;
	}
}

int delgroup_repair(struct nlctx *nl, struct linkinfo *li, struct fail *f)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct lock lock = LOCK_NONE;
	int r;

	if (!li->tun || !delgroup_is(li->group))
		return 0;
	/* Held: a del is at work with it, and deletes the device now. */
	if (grouplock_try(li->group, &lock) != 1)
		return 0;
	lc.group = 0;
	r = link_change(nl, li->ifindex, &lc, f);
	lock_release(&lock);
	if (r < 0)
		return -1;
	li->group = 0;
	return 1;
}
