/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Batch-deletion groups: random numbers in a range of our own, each
 * locked (lock.h) while a del uses it; the kernel frees the lock when
 * that del dies, however it dies; del's deletion through one; and the
 * recovery of the devices a killed del left in its group. */
#include "config.h"

#include "delgroup.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "lock.h"
#include "report.h"
#include "selection.h"
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
	/* Gone: a del that was not killed, only finishing, deleted it
	 * between the dump that found it and the lock that was then free. */
	if (r < 0 && f->err == ENODEV)
		return 0;
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

static int delete_one(struct nlctx *nl, const struct linkinfo *li,
		      const struct delgroup_outcome *out)
{
	struct fail f = { 0, "" };

	if (link_delete(nl, li->ifindex, &f) == 0) {
		out->deleted(li->name, out->arg);
		return 0;
	}
	if (f.err == ENODEV)
		report(li->name, "no such device (it was deleted meanwhile)");
	else
		report_fail(li->name, &f, "cannot delete the device");
	out->failed(li->name, out->arg);
	return 1;
}

static int delete_each(struct nlctx *nl, struct linkinfo **v, size_t n,
		       const struct delgroup_outcome *out)
{
	size_t i;
	int status = 0;

	for (i = 0; i < n; i++)
		status |= delete_one(nl, v[i], out);
	return status;
}

/* A batch that could not go: each of its devices failed, for the reason
 * just reported. */
static void all_failed(struct linkinfo **v, size_t n,
		       const struct delgroup_outcome *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out->failed(v[i]->name, out->arg);
}

static void restore_groups(struct nlctx *nl, struct linkinfo **v, size_t n)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct fail f = { 0, "" };
	size_t i;

	for (i = 0; i < n; i++) {
		lc.group = v[i]->group;
		if (link_change(nl, v[i]->ifindex, &lc, &f) < 0 &&
		    f.err != ENODEV)
			report_fail(v[i]->name, &f, "cannot restore its netdev group %u",
				    v[i]->group);
	}
}

/* One of our devices as the check before deleting finds it. */
struct member {
	int ifindex;
	bool present;
	bool deleted;		/* announced as deleted by our request */
	uint32_t group;
};

struct members {
	uint32_t group;
	struct member *v;	/* sorted by ifindex */
	size_t n;
	bool foreign;
};

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static struct member *find_member(const struct members *m, int ifindex)
{
	struct member key = { .ifindex = ifindex };

	return bsearch(&key, m->v, m->n, sizeof(*m->v), member_cmp);
}

static void check_member(const struct linkinfo *li, void *arg)
{
	struct members *m = arg;
	struct member *found;
	size_t i;

	if (!li) {		/* the dump restarts */
		m->foreign = false;
		for (i = 0; i < m->n; i++)
			m->v[i].present = false;
		return;
	}
	found = find_member(m, li->ifindex);
	if (found) {
		found->present = true;
		found->group = li->group;
	} else if (li->group == m->group) {
		m->foreign = true;
	}
}

/* A deletion announced while our group delete ran.  Ours carry our
 * group and no sender port (a group delete has none); a device someone
 * moved to another group carries that group.  A delete by name or index
 * from another program may name its sender, but Linux 6.18 sends 0 there
 * too: such a delete, made between our check and our group delete, is
 * then counted here as well.  Both runs report the device deleted,
 * which it is; no device outside the selection is ever touched. */
static void mark_deleted(const struct linkinfo *li, bool deleted,
			 uint32_t sender, void *arg)
{
	struct members *m = arg;
	struct member *found;

	if (!deleted || li->group != m->group || sender)
		return;
	found = find_member(m, li->ifindex);
	if (found)
		found->deleted = true;
}

/* After the group delete: a device of ours not announced as deleted by
 * it went some other way (another program deleted it, or moved it out
 * of the group, after the check).  It is not claimed as deleted here. */
static int claim_deleted(struct linkwatch *w, const struct selection *sel,
			 struct members *m, const struct delgroup_outcome *out)
{
	struct fail f = { 0, "" };
	size_t i;
	int status = 0;

	/* Without the announcements nothing can be told apart: count all
	 * as ours, as a kernel without notifications would have us do. */
	if (!w || linkwatch_drain(w, mark_deleted, NULL, m, &f) < 0) {
		for (i = 0; i < sel->n; i++)
			out->deleted(sel->v[i]->name, out->arg);
		return 0;
	}
	for (i = 0; i < sel->n; i++) {
		const struct member *mb = find_member(m, sel->v[i]->ifindex);

		if (!mb || !mb->deleted) {
			report(sel->v[i]->name, "not deleted here: another program removed it or took it over meanwhile");
			out->failed(sel->v[i]->name, out->arg);
			status = 1;
		} else {
			out->deleted(sel->v[i]->name, out->arg);
		}
	}
	return status;
}

/* Keep the devices still in our group; report the others, which some
 * other program deleted or took over since we moved them. */
static int keep_members(struct selection *sel, const struct members *m,
			const struct delgroup_outcome *out)
{
	size_t i, kept = 0;
	int status = 0;

	for (i = 0; i < sel->n; i++) {
		const struct member *mb = find_member(m, sel->v[i]->ifindex);

		if (mb && mb->present && mb->group == m->group) {
			sel->v[kept++] = sel->v[i];
		} else {
			report(sel->v[i]->name, mb && mb->present ?
			       "not deleted: another program changed its netdev group meanwhile" :
			       "no such device (it was deleted meanwhile)");
			out->failed(sel->v[i]->name, out->arg);
			status = 1;
		}
	}
	sel->n = kept;
	return status;
}

/* Delete the devices of sel (all of the default group) through group
 * g: move them into it, check that it holds exactly them, delete it. */
static int delete_in_group(struct nlctx *nl, struct selection *sel,
			   uint32_t g, const struct delgroup_outcome *out)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct members m = { 0, NULL, 0, false };
	struct linkwatch *w = NULL;
	struct fail f = { 0, "" };
	size_t i, moved = 0;
	int status = 0;

	m.group = g;
	lc.group = m.group;
	for (i = 0; i < sel->n; i++) {
		if (link_change(nl, sel->v[i]->ifindex, &lc, &f) == 0) {
			sel->v[moved++] = sel->v[i];
			continue;
		}
		if (f.err == ENODEV) {
			report(sel->v[i]->name, "no such device (it was deleted meanwhile)");
			out->failed(sel->v[i]->name, out->arg);
			status = 1;
			continue;
		}
		report_fail(sel->v[i]->name, &f, "cannot delete the device");
		restore_groups(nl, sel->v, moved);
		all_failed(sel->v + i, sel->n - i, out);
		all_failed(sel->v, moved, out);
		return 1;
	}
	sel->n = moved;
	if (!moved)
		return status;
	/* Delete the group only if it holds exactly our devices. */
	m.n = moved;
	m.v = xcalloc(moved, sizeof(*m.v));
	for (i = 0; i < moved; i++)
		m.v[i].ifindex = sel->v[i]->ifindex;
	qsort(m.v, m.n, sizeof(*m.v), member_cmp);
	if (link_dump(nl, check_member, &m, &f) < 0) {
		restore_groups(nl, sel->v, moved);
		report_fail(NULL, &f, "cannot check the devices before deleting them");
		all_failed(sel->v, moved, out);
		free(m.v);
		return 1;
	}
	if (m.foreign) {
		restore_groups(nl, sel->v, moved);
		free(m.v);
		report(NULL, "another program put links into the group used for batch deletion; deleting one by one instead");
		return status | delete_each(nl, sel->v, moved, out);
	}
	status |= keep_members(sel, &m, out);
	if (sel->n && linkwatch_open(&w, false, &f) < 0)
		w = NULL;
	if (sel->n && link_delete_group(nl, m.group, &f) < 0) {
		linkwatch_close(w);
		free(m.v);
		if (f.err == ENODEV) {
			/* Emptied by others since the check. */
			for (i = 0; i < sel->n; i++) {
				report(sel->v[i]->name, "no such device (it was deleted meanwhile)");
				out->failed(sel->v[i]->name, out->arg);
			}
			return 1;
		}
		restore_groups(nl, sel->v, sel->n);
		report_fail(NULL, &f, "cannot delete %zu devices in one batch", sel->n);
		all_failed(sel->v, sel->n, out);
		return 1;
	}
	if (sel->n)
		status |= claim_deleted(w, sel, &m, out);
	linkwatch_close(w);
	free(m.v);
	return status;
}

/* Devices of the default group go in one kernel batch, through a group
 * of ours locked meanwhile, so that one a killed del leaves behind is
 * known to belong in the default group (delgroup_pick); the others, and
 * a batch of one, one by one. */
int delgroup_delete(struct selection *sel, const struct delgroup_outcome *out)
{
	struct nlctx *nl = device_nl();
	struct linkinfo **others;
	size_t i, n = 0, k = 0;
	struct lock lock = LOCK_NONE;
	int status;

	/* No socket: said already, and nothing was deleted. */
	if (!nl) {
		for (i = 0; i < sel->n; i++)
			out->failed(sel->v[i]->name, out->arg);
		return 1;
	}
	others = xcalloc(sel->n, sizeof(struct linkinfo *));
	for (i = 0; i < sel->n; i++) {
		if (sel->v[i]->group)
			others[k++] = sel->v[i];
		else
			sel->v[n++] = sel->v[i];
	}
	sel->n = n;
	if (n > 1) {
		uint32_t g = delgroup_pick(sel->all.v, sel->all.n, &lock);

		status = delete_in_group(nl, sel, g, out);
		lock_release(&lock);
	} else {
		status = delete_each(nl, sel->v, n, out);
	}
	status |= delete_each(nl, others, k, out);
	free(others);
	return status;
}
