/* SPDX-License-Identifier: GPL-2.0-or-later */
/* del: remove tun/tap devices through netlink (no mode, no re-attach).
 * Several devices go in one kernel batch (delgroup.h): each is moved
 * into a private netdev group and the group is deleted with one
 * RTM_DELLINK, which unregisters them all under one RCU grace period
 * instead of one each. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd-del.h"
#include "changes.h"
#include "delgroup.h"
#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "holding.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "util.h"

/* Whether /proc is worth a pass for li: a held device no /proc entry
 * explains belongs to a program we cannot see (holding.h). */
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
	size_t i, kept = 0;
	bool any = false;
	int status = 0;

	for (i = 0; i < sel->n; i++)
		any |= maybe_held(sel->v[i]);
	if (!any)
		return 0;
	holding_scan(&h);
	for (i = 0; i < sel->n; i++) {
		struct holding hd;

		holding_of(&h, sel->v[i], &hd);
		if (!hd.n && !hd.unseen) {
			sel->v[kept++] = sel->v[i];
			holding_done(&hd);
			continue;
		}
		if (keep) {
			report(sel->v[i]->name, "kept: in use by %s", sb_str(&hd.who));
			results_device(sel->v[i]->name, "unchanged");
		} else {
			report(sel->v[i]->name, "not deleted: in use by %s; use --force to delete it anyway",
			       sb_str(&hd.who));
			not_deleted(sel->v[i]->name, "failed");
			status = 1;
		}
		holding_done(&hd);
	}
	sel->n = kept;
	holding_free(&h);
	return status;
}

static void on_deleted(const char *name, void *arg)
{
	(void)arg;
	deleted(name);
}

static void on_failed(const char *name, void *arg)
{
	(void)arg;
	not_deleted(name, "failed");
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
	const struct delgroup_outcome out = { on_deleted, on_failed, NULL };
	struct selection sel;
	int status;

	status = selection_make(s, "not deleted", true, &sel);
	if (status == EXIT_USAGE || !sel.all.v) {
		selection_free(&sel);
		return status ? status : 1;
	}
	selection_report(&sel);
	if (!s->force)
		status |= drop_busy(&sel, s->keep_held);
	remember(&sel);
	if (s->dry_run)
		say_deleted(&sel, run->checking);
	else
		status |= delgroup_delete(&sel, &out);
	forget();
	selection_free(&sel);
	return status ? 1 : 0;
}
