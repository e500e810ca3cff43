/* SPDX-License-Identifier: GPL-2.0-or-later */
/* del: remove tun/tap devices through netlink (no mode, no re-attach).
 * Several devices go in one kernel batch: each is moved into a private
 * netdev group and the group is deleted with one RTM_DELLINK, which
 * unregisters them all under one RCU grace period instead of one each. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd-del.h"
#include "changes.h"
#include "delgroup.h"
#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "output.h"
#include "lock.h"
#include "holders.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "util.h"

/* A held device no /proc entry explains belongs to a program we cannot
 * see (another pid namespace, or hidden from us).  The kernel turns a
 * tun device's carrier on when a program attaches and off when the last
 * one detaches, so carrier on means attached. */
static bool maybe_held(const struct linkinfo *li)
{
	/* The kernel counts the queues of multi_queue devices; for the
	 * others, look in /proc. */
	return !li->queues_known || li->queues || li->disabled_queues;
}

/* The devices as they were, for the change report's old values: read
 * before anything is deleted, only when there is a report. */
static struct devstate *was;
static size_t n_was;

static void remember(const struct selection *sel)
{
	struct fail f = { 0, "" };
	size_t i;

	if (!results_enabled())
		return;
	was = xcalloc(sel->n ? sel->n : 1, sizeof(*was));
	for (i = 0; i < sel->n; i++)
		if (device_state_read(&was[n_was], sel->v[i]->name, 0, &f) == 0)
			n_was++;
}

static void forget(void)
{
	size_t i;

	for (i = 0; i < n_was; i++)
		devstate_free(&was[i]);
	free(was);
	was = NULL;
	n_was = 0;
}

/* The change report's account of each device: deleted, with the values
 * it had, or what was just reported about it. */
static void deleted(const char *name)
{
	struct devstate gone;
	size_t i;

	memset(&gone, 0, sizeof(gone));
	for (i = 0; i < n_was; i++)
		if (!strcmp(was[i].li.name, name)) {
			results_record(name, &was[i], &gone);
			return;
		}
	results_device(name, "deleted");
}

static void not_deleted(const char *name, const char *action)
{
	results_device(name, action);
	results_fail(report_last());
}

/* Drop devices some program holds open, saying who holds them: an
 * error, or with keep (del --keep-held) a note. */
static int drop_busy(struct selection *sel, bool keep)
{
	struct holders h;
	size_t i, kept = 0, n;
	bool any = false;
	int status = 0;

	for (i = 0; i < sel->n; i++)
		any |= maybe_held(sel->v[i]);
	if (!any)
		return 0;
	holders_scan(&h);
	for (i = 0; i < sel->n; i++) {
		const struct holder *v = holders_of(&h, sel->v[i]->name, &n);
		bool unseen = !n && (sel->v[i]->queues_known ?
				     sel->v[i]->queues > 0 : sel->v[i]->carrier);
		struct strbuf who = SB_INIT;

		if (!n && !unseen) {
			sel->v[kept++] = sel->v[i];
			continue;
		}
		holders_describe(v, n, &who);
		if (keep) {
			report(sel->v[i]->name, "kept: in use by %s", sb_str(&who));
			results_device(sel->v[i]->name, "unchanged");
		} else {
			report(sel->v[i]->name, "not deleted: in use by %s; use --force to delete it anyway",
			       sb_str(&who));
			not_deleted(sel->v[i]->name, "failed");
			status = 1;
		}
		sb_free(&who);
	}
	sel->n = kept;
	holders_free(&h);
	return status;
}

static int delete_one(struct nlctx *nl, const struct linkinfo *li)
{
	struct fail f = { 0, "" };

	if (link_delete(nl, li->ifindex, &f) == 0) {
		deleted(li->name);
		return 0;
	}
	if (f.err == ENODEV)
		report(li->name, "no such device (it was deleted meanwhile)");
	else
		report_fail(li->name, &f, "cannot delete the device");
	not_deleted(li->name, "failed");
	return 1;
}

static int delete_each(struct nlctx *nl, struct linkinfo **v, size_t n)
{
	size_t i;
	int status = 0;

	for (i = 0; i < n; i++)
		status |= delete_one(nl, v[i]);
	return status;
}

/* A batch that could not go: each of its devices failed, for the reason
 * just reported. */
static void all_failed(struct linkinfo **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		not_deleted(v[i]->name, "failed");
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
			 struct members *m)
{
	struct fail f = { 0, "" };
	size_t i;
	int status = 0;

	/* Without the announcements nothing can be told apart: count all
	 * as ours, as a kernel without notifications would have us do. */
	if (!w || linkwatch_drain(w, mark_deleted, NULL, m, &f) < 0) {
		for (i = 0; i < sel->n; i++)
			deleted(sel->v[i]->name);
		return 0;
	}
	for (i = 0; i < sel->n; i++) {
		const struct member *mb = find_member(m, sel->v[i]->ifindex);

		if (!mb || !mb->deleted) {
			report(sel->v[i]->name, "not deleted here: another program removed it or took it over meanwhile");
			not_deleted(sel->v[i]->name, "failed");
			status = 1;
		} else {
			deleted(sel->v[i]->name);
		}
	}
	return status;
}

/* Keep the devices still in our group; report the others, which some
 * other program deleted or took over since we moved them. */
static int keep_members(struct selection *sel, const struct members *m)
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
			not_deleted(sel->v[i]->name, "failed");
			status = 1;
		}
	}
	sel->n = kept;
	return status;
}

/* Delete the devices of sel (all of the default group) through group
 * g: move them into it, check that it holds exactly them, delete it. */
static int delete_in_group(struct nlctx *nl, struct selection *sel,
			   uint32_t g)
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
			not_deleted(sel->v[i]->name, "failed");
			status = 1;
			continue;
		}
		report_fail(sel->v[i]->name, &f, "cannot delete the device");
		restore_groups(nl, sel->v, moved);
		all_failed(sel->v + i, sel->n - i);
		all_failed(sel->v, moved);
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
		all_failed(sel->v, moved);
		free(m.v);
		return 1;
	}
	if (m.foreign) {
		restore_groups(nl, sel->v, moved);
		free(m.v);
		report(NULL, "another program put links into the group used for batch deletion; deleting one by one instead");
		return status | delete_each(nl, sel->v, moved);
	}
	status |= keep_members(sel, &m);
	if (sel->n && linkwatch_open(&w, false, &f) < 0)
		w = NULL;
	if (sel->n && link_delete_group(nl, m.group, &f) < 0) {
		linkwatch_close(w);
		free(m.v);
		if (f.err == ENODEV) {
			/* Emptied by others since the check. */
			for (i = 0; i < sel->n; i++) {
				report(sel->v[i]->name, "no such device (it was deleted meanwhile)");
				not_deleted(sel->v[i]->name, "failed");
			}
			return 1;
		}
		restore_groups(nl, sel->v, sel->n);
		report_fail(NULL, &f, "cannot delete %zu devices in one batch", sel->n);
		all_failed(sel->v, sel->n);
		return 1;
	}
	if (sel->n)
		status |= claim_deleted(w, sel, &m);
	linkwatch_close(w);
	free(m.v);
	return status;
}

/* Devices of the default group go in one kernel batch, through a group
 * of ours locked meanwhile, so that one a killed del leaves behind is
 * known to belong in the default group (delgroup.h); the others, and a
 * batch of one, one by one. */
static int delete_many(struct nlctx *nl, struct selection *sel)
{
	struct linkinfo **others = xcalloc(sel->n, sizeof(struct linkinfo *));
	size_t i, n = 0, k = 0;
	struct lock lock = LOCK_NONE;
	int status;

	for (i = 0; i < sel->n; i++) {
		if (sel->v[i]->group)
			others[k++] = sel->v[i];
		else
			sel->v[n++] = sel->v[i];
	}
	sel->n = n;
	if (n > 1) {
		uint32_t g = delgroup_pick(sel->all.v, sel->all.n, &lock);

		status = delete_in_group(nl, sel, g);
		lock_release(&lock);
	} else {
		status = delete_each(nl, sel->v, n);
	}
	status |= delete_each(nl, others, k);
	free(others);
	return status;
}

/* A dry run: what would go (a batch file's check says nothing). */
static void say_deleted(const struct selection *sel, bool quiet)
{
	size_t i;

	struct devstate gone;

	memset(&gone, 0, sizeof(gone));
	for (i = 0; i < sel->n; i++) {
		deleted(sel->v[i]->name);
		if (!results_enabled() && !quiet)
			printf("delete %s\n", vis(sel->v[i]->name));
		sim_put(sel->v[i]->name, &gone);
	}
}

int cmd_del(struct device_spec *s, struct run *run)
{
	struct selection sel;
	struct nlctx *nl;
	int status;

	status = selection_make(s, "not deleted", true, &sel);
	if (status == EXIT_USAGE || !sel.all.v) {
		selection_free(&sel);
		return status ? status : 1;
	}
	selection_report(&sel);
	if (!s->force)
		status |= drop_busy(&sel, s->keep_held);
	nl = device_nl();
	remember(&sel);
	if (s->dry_run)
		say_deleted(&sel, run->checking);
	else
		status |= delete_many(nl, &sel);
	forget();
	selection_free(&sel);
	return status ? 1 : 0;
}
