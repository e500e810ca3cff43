/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch-deletion groups: random numbers in a range of our own, each
 * locked (lock.h) while a del uses it; the kernel frees the lock when
 * that del dies, however it dies; and the recovery of the devices a
 * killed del left in its group. */
#include "config.h"

#include "delgroup.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "lock.h"
#include "report.h"
#include "util.h"

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

/* A tun/tap device a killed del left in its group: put it back in the
 * default group, with a note (or say why it cannot be); in a dry run,
 * only say what a real run would do. */
static void repair_leftover(struct linkinfo *li)
{
	struct fail f = { 0, "" };
	uint32_t g = li->group;
	int r;

	if (!li->tun || !delgroup_is(g))
		return;
	if (sim_in_use()) {
		report(li->name, "note: a del that was killed left it in netdev group %u; a run that is not a dry run puts it back into the default group",
		       g);
		return;
	}
	r = delgroup_repair(device_nl(), li, &f);
	if (r > 0) {
		report(li->name, "note: a del that was killed had left it in netdev group %u; it is back in the default group",
		       g);
	} else if (r < 0) {
		char reason[320];

		report(li->name, "note: a del that was killed left it in netdev group %u, and it cannot be put back from here (%s); as root: ip link set %s group default",
		       g, fail_text(&f, reason, sizeof(reason)), vis(li->name));
	}
}

struct leftovers {
	struct linkinfo *v;
	size_t n, cap;
};

static void collect_leftover(const struct linkinfo *li, void *arg)
{
	struct leftovers *l = arg;

	if (!li) {		/* the dump restarts */
		l->n = 0;
		return;
	}
	if (!li->tun || !delgroup_is(li->group))
		return;
	xgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v));
	l->v[l->n++] = *li;
}

/* Remove the lock files killed dels left of groups in groups[] (n):
 * each one's devices are back in the default group or gone by now, so
 * later runs need not look for them again.  A del at work keeps its. */
static void sweep_locks(const uint32_t *groups, size_t n)
{
	struct lock lock = LOCK_NONE;
	size_t i;

	for (i = 0; i < n; i++)
		if (grouplock_try(groups[i], &lock) == 1)
			lock_release(&lock);
}

void delgroup_repair_leftovers(void)
{
	static bool repaired, noted;
	struct leftovers l = { NULL, 0, 0 };
	struct fail f = { 0, "" };
	uint32_t *groups;
	struct nlctx *nl;
	int n;
	size_t i;

	/* Once a run: a real run's repair, or a dry run's note. */
	if (repaired || (noted && sim_in_use()))
		return;
	/* No group lock file here: no del is at work or was killed in
	 * this namespace, so no device can be in one of our groups and
	 * the links need no dump. */
	n = grouplock_list(&groups);
	if (n == 0)
		goto done;
	nl = device_nl();
	if (!nl || link_dump(nl, collect_leftover, &l, &f) < 0) {
		free(l.v);
		free(groups);
		return;
	}
	for (i = 0; i < l.n; i++)
		repair_leftover(&l.v[i]);
	free(l.v);
	if (n > 0 && !sim_in_use())
		sweep_locks(groups, (size_t)n);
	free(groups);
done:
	if (sim_in_use())
		noted = true;
	else
		repaired = true;
}
