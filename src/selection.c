/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Choosing devices for show and del: one link dump into a set indexed
 * by name and ifindex, names and filters combined with AND. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "args.h"
#include "changes.h"
#include "devices.h"
#include "dryrun.h"
#include "escape.h"
#include "ids.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

static void collect_link(const struct linkinfo *li, void *arg)
{
	struct linkset *ls = arg;

	if (!li) {		/* the dump restarts */
		ls->n = 0;
		return;
	}
	xgrow((void **)&ls->v, &ls->cap, ls->n, sizeof(*ls->v));
	ls->v[ls->n++] = *li;
}

/* Kernels before 4.15 send no tun attributes in the dump; sysfs has
 * them too, at the price of three file reads per device (measured four
 * times slower than the whole dump at 10,000 devices), so it is only
 * the fallback. */
static void tun_facts_from_sysfs(struct linkinfo *li)
{
	struct tun_sysfs ts;

	if (sysfs_tun_read(li->name, &ts) < 0)
		return;
	li->tun_data = true;
	li->tap = ts.flags & IFF_TAP;
	li->pi = !(ts.flags & IFF_NO_PI);
	li->vnet_hdr = ts.flags & IFF_VNET_HDR;
	li->multi_queue = ts.flags & IFF_MULTI_QUEUE;
	li->one_queue = ts.flags & IFF_ONE_QUEUE;
	li->one_queue_read = true;
	li->persist = ts.flags & IFF_PERSIST;
	li->owner = ts.owner;
	li->tgroup = ts.group;
}

static int by_index(const void *a, const void *b)
{
	const struct linkinfo *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int by_name(const void *a, const void *b)
{
	const struct linkinfo *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* A kernel link's name and where it is in the set, to find it by. */
struct named_at {
	char name[IFNAMSIZ];
	size_t j;
};

static int by_named(const void *a, const void *b)
{
	return strcmp(((const struct named_at *)a)->name,
		      ((const struct named_at *)b)->name);
}

/* A dry run's earlier lines: their devices replace the kernel's, are
 * added, or are gone (the kernel's found by a sorted index: a file of
 * thousands of lines stays linear, near enough). */
static void merge_sim(struct linkset *ls)
{
	size_t i, kept, n = ls->n;
	struct named_at *idx;

	if (!sim_count())
		return;
	idx = xcalloc(n ? n : 1, sizeof(*idx));
	for (i = 0; i < n; i++) {
		snprintf(idx[i].name, sizeof(idx[i].name), "%s", ls->v[i].name);
		idx[i].j = i;
	}
	qsort(idx, n, sizeof(*idx), by_named);
	for (i = 0; i < sim_count(); i++) {
		const struct devstate *st = sim_at(i);
		const struct named_at *hit;
		struct named_at key = { "", 0 };
		size_t j;

		snprintf(key.name, sizeof(key.name), "%s", st->li.name);
		hit = n ? bsearch(&key, idx, n, sizeof(*idx), by_named) : NULL;
		if (hit) {
			j = hit->j;
		} else {
			if (!st->exists)
				continue;
			xgrow((void **)&ls->v, &ls->cap, ls->n, sizeof(*ls->v));
			j = ls->n++;
		}
		ls->v[j] = st->li;
		if (!st->exists)
			ls->v[j].ifindex = 0;	/* to go, below */
	}
	free(idx);
	for (i = kept = 0; i < ls->n; i++)
		if (ls->v[i].ifindex)
			ls->v[kept++] = ls->v[i];
	ls->n = kept;
}

int linkset_load(struct linkset *ls, struct fail *f)
{
	struct nlctx *nl = device_nl();
	size_t i;

	memset(ls, 0, sizeof(*ls));
	if (!nl) {
		f->err = FAIL_SAID;
		return -1;
	}
	if (link_dump(nl, collect_link, ls, f) < 0)
		return -1;
	merge_sim(ls);
	for (i = 0; i < ls->n; i++) {
		if (ls->v[i].tun && !ls->v[i].tun_data)
			tun_facts_from_sysfs(&ls->v[i]);
	}
	qsort(ls->v, ls->n, sizeof(*ls->v), by_index);
	ls->by_name = xcalloc(ls->n, sizeof(struct linkinfo *));
	for (i = 0; i < ls->n; i++)
		ls->by_name[i] = &ls->v[i];
	qsort(ls->by_name, ls->n, sizeof(struct linkinfo *), by_name);
	return 0;
}

struct linkinfo *linkset_by_index(const struct linkset *ls, int ifindex)
{
	struct linkinfo key = { .ifindex = ifindex };

	return bsearch(&key, ls->v, ls->n, sizeof(*ls->v), by_index);
}

struct linkinfo *linkset_by_name(const struct linkset *ls, const char *name)
{
	struct linkinfo key, *kp = &key, **r;

	snprintf(key.name, sizeof(key.name), "%s", name);
	r = bsearch(&kp, ls->by_name, ls->n, sizeof(struct linkinfo *),
		    by_name);
	return r ? *r : NULL;
}

void linkset_free(struct linkset *ls)
{
	free(ls->v);
	free(ls->by_name);
	memset(ls, 0, sizeof(*ls));
}

struct addr_entry {
	int ifindex;
	size_t seq;
	struct cidr c;
};

struct addr_collect {
	struct addr_entry *v;
	size_t n, cap;
	const struct linkset *ls;
};

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct addr_collect *l = arg;
	struct linkinfo *li = linkset_by_index(l->ls, ifindex);

	if (!li || !li->tun)
		return;
	xgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v));
	l->v[l->n].ifindex = ifindex;
	l->v[l->n].seq = l->n;
	l->v[l->n].c = *a;
	l->n++;
}

static int addr_cmp(const void *a, const void *b)
{
	const struct addr_entry *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int addrset_load(struct addrset *as, const struct linkset *ls,
		 struct fail *f)
{
	struct addr_collect l = { NULL, 0, 0, ls };
	size_t i;
	int r;

	memset(as, 0, sizeof(*as));
	r = addr_dump(device_nl(), 0, collect_addr, &l, f);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), addr_cmp);
	as->v = xcalloc(l.n + 1, sizeof(*as->v));
	as->ifindex = xcalloc(l.n + 1, sizeof(*as->ifindex));
	for (i = 0; i < l.n; i++) {
		as->v[i] = l.v[i].c;
		as->ifindex[i] = l.v[i].ifindex;
	}
	as->n = l.n;
	free(l.v);
	return r < 0 ? -1 : 0;
}

const struct cidr *addrset_of(const struct addrset *as, int ifindex,
			      size_t *n)
{
	size_t lo = 0, hi = as->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (as->ifindex[mid] < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < as->n && as->ifindex[end] == ifindex; end++)
		;
	*n = end - lo;
	return *n ? as->v + lo : NULL;
}

void addrset_free(struct addrset *as)
{
	free(as->v);
	free(as->ifindex);
	memset(as, 0, sizeof(*as));
}

static void note(struct selection *sel, const char *dev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct selection *sel, const char *dev, const char *fmt, ...)
{
	char msg[512];
	size_t o;
	va_list ap;

	o = (size_t)snprintf(msg, sizeof(msg), "%s\t", dev);
	va_start(ap, fmt);
	vsnprintf(msg + o, sizeof(msg) - o, fmt, ap);
	va_end(ap);
	xgrow((void **)&sel->errors, &sel->cap_errors, sel->n_errors,
	      sizeof(*sel->errors));
	sel->errors[sel->n_errors++] = xstrdup(msg);
	sel->status = 1;
}

/* Kinds of device that other devices can be ports of. */
static bool can_be_master(const struct linkinfo *li)
{
	static const char *const kinds[] = { "bridge", "bond", "team", "vrf",
					     "openvswitch", "hsr", "batadv" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(li->kind, kinds[i]))
			return true;
	return false;
}

static bool id_matches(const struct id_arg *a, int64_t have)
{
	if (!a->text)
		return true;
	if (a->none)
		return have < 0;
	return have == a->id;
}

/* A device without an alias matches no alias filter: "alias '*'" is
 * the devices that have one. */
bool selection_matches(const struct device_spec *s, const struct linkinfo *li,
		       int master)
{
	return li->tun &&
	       (s->mode == MODE_ANY || li->tap == (s->mode == MODE_TAP)) &&
	       id_matches(&s->user, li->owner) &&
	       id_matches(&s->group, li->tgroup) &&
	       (master < 0 || li->master == master) &&
	       (!s->alias_glob ||
		(li->alias[0] && fnmatch(s->alias_glob, li->alias, 0) == 0));
}

static const char *cmd_name(unsigned cmd_id)
{
	return cmd_id == C_DEL ? "del" : cmd_id == C_MONITOR ? "monitor" :
	       cmd_id == C_SAVE ? "save" : "show";
}

static void choose(struct selection *sel, struct linkinfo *li)
{
	xgrow((void **)&sel->v, &sel->cap, sel->n, sizeof(struct linkinfo *));
	sel->v[sel->n++] = li;
}

int selection_make(struct device_spec *s, const char *why, bool strict,
		   struct selection *sel)
{
	struct fail f = { 0, "" };
	int master = -1;
	size_t i;

	memset(sel, 0, sizeof(*sel));
	if (ids_resolve(s, NULL))
		return sel->status = 1;
	if (linkset_load(&sel->all, &f) < 0) {
		report_fail(NULL, &f, "cannot list the links");
		return sel->status = 1;
	}
	/* A name that exists nowhere but is one slip from a keyword is a
	 * typo, not a device: stop before acting on the rest. */
	for (i = 0; i < s->n_names; i++) {
		const char *hint = keyword_suggest(s->names[i], s->cmd_id);

		if (hint && !linkset_by_name(&sel->all, s->names[i]))
			return sel->status = report_usage(
				cmd_name(s->cmd_id),
				"%s: unknown keyword '%s' (did you mean '%s'?), and no device has that name",
				cmd_name(s->cmd_id), vis(s->names[i]), hint);
	}
	if (s->master) {
		struct linkinfo *m = linkset_by_name(&sel->all, s->master);

		if (!m) {
			report(s->master, "no such device (given as master)");
			return sel->status = 1;
		}
		/* A filter no device can match is a mistake, not an empty
		 * answer. */
		if (!can_be_master(m))
			return sel->status = report_usage(
				cmd_name(s->cmd_id),
				"%s: master %s: it is %s, which has no ports (a bridge, bond, team or VRF has)",
				cmd_name(s->cmd_id), vis(s->master),
				device_kind_phrase(m));
		master = m->ifindex;
	}
	if (!s->n_names) {
		for (i = 0; i < sel->all.n; i++)
			if (selection_matches(s, &sel->all.v[i], master))
				choose(sel, &sel->all.v[i]);
		return sel->status;
	}
	for (i = 0; i < s->n_names; i++) {
		struct linkinfo *li = linkset_by_name(&sel->all, s->names[i]);

		if (!li)
			note(sel, s->names[i], "no such device");
		else if (!li->tun)
			note(sel, s->names[i], "not a TUN/TAP device (it is %s); %s",
			     device_kind_phrase(li), why);
		else if (selection_matches(s, li, master))
			choose(sel, li);
		else if (strict)
			note(sel, s->names[i], "does not match the filters given (it is %s); %s",
			     device_kind_phrase(li), why);
	}
	return sel->status;
}

void selection_report(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n_errors; i++) {
		char *tab = strchr(sel->errors[i], '\t');

		if (!tab)
			continue;
		*tab = '\0';
		report(sel->errors[i], "%s", tab + 1);
		results_device(sel->errors[i], "failed");
		results_fail(report_last());
	}
}

void selection_read_one_queue(struct selection *sel)
{
	int dir = sysfs_net_open();
	size_t i;

	for (i = 0; i < sel->n; i++)
		device_read_one_queue_at(dir, sel->v[i]);
	if (dir >= 0)
		close(dir);
}

void selection_free(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n_errors; i++)
		free(sel->errors[i]);
	free(sel->errors);
	free(sel->v);
	linkset_free(&sel->all);
	memset(sel, 0, sizeof(*sel));
}
