/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show: every tun/tap fact from one link dump (the tun facts come in
 * its IFLA_INFO_DATA; see select.c for kernels without them), one
 * address dump when addresses are shown, and one pass over /proc for
 * -d.  Cost is linear in the number of devices. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd-show.h"
#include "devices.h"
#include "listing.h"
#include "output.h"
#include "procs.h"
#include "report.h"
#include "select.h"
#include "tree.h"
#include "util.h"

struct addr_entry {
	int ifindex;
	size_t seq;
	char text[INET6_ADDRSTRLEN + 8];
};

struct addr_list {
	struct addr_entry *v;
	size_t n, cap;
	const struct selection *sel;
};

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct addr_list *l = arg;
	struct linkinfo *li = linkset_by_index(&l->sel->all, ifindex);

	if (!li || !li->tun)
		return;
	xgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v));
	l->v[l->n].ifindex = ifindex;
	l->v[l->n].seq = l->n;
	memcpy(l->v[l->n].text, a->text, sizeof(l->v[l->n].text));
	l->n++;
}

static int addr_cmp(const void *a, const void *b)
{
	const struct addr_entry *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The addresses of one device, in kernel order: pointers into l's
 * vector, grown as needed (no device has too many to show). */
static size_t addrs_of(const struct addr_list *l, int ifindex,
		       const char ***out, size_t *cap)
{
	size_t lo = 0, hi = l->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && l->v[lo].ifindex == ifindex; lo++) {
		xgrow((void **)out, cap, n, sizeof(**out));
		(*out)[n++] = l->v[lo].text;
	}
	return n;
}

static void show_one(struct out *o, const struct device_spec *s,
		     const struct selection *sel, const struct linkinfo *li,
		     const struct addr_list *addrs, const struct holders *h)
{
	struct listing_opts lo = { s->details, s->brief };
	const struct linkinfo *m;
	const char **list = NULL;
	size_t n, cap = 0;

	m = li->master ? linkset_by_index(&sel->all, li->master) : NULL;
	n = addrs_of(addrs, li->ifindex, &list, &cap);
	listing_row(o, &lo, li, m ? m->name : NULL, list, n, h);
	free(list);
}

int cmd_show(struct device_spec *s)
{
	struct addr_list addrs = { NULL, 0, 0, NULL };
	struct holders h = { NULL, 0, 0 };
	struct selection sel;
	struct fail f = { 0, "" };
	struct out o;
	size_t i;
	int status;

	status = select_devices(s, "not shown", false, &sel);
	if (status == EXIT_USAGE || !sel.all.v) {
		selection_free(&sel);
		return status ? status : 1;
	}
	if (s->names_only) {
		/* Names only: one column, no header (JSON: objects with
		 * ifname alone). */
		out_begin(&o, stdout, s->json, s->pretty);
		o.no_header = true;
		for (i = 0; i < sel.n; i++) {
			out_row(&o);
			out_str(&o, "ifname", "NAME", sel.v[i]->name);
			out_row_end(&o);
		}
		out_end(&o);
	} else {
		addrs.sel = &sel;
		if ((s->json || s->details || s->brief) && !s->tree && sel.n &&
		    addr_dump(nl_get(), 0, collect_addr, &addrs, &f) < 0) {
			report_fail(NULL, &f, "cannot list addresses");
			status = 1;
		}
		if (addrs.n)
			qsort(addrs.v, addrs.n, sizeof(*addrs.v), addr_cmp);
		if ((s->details || s->tree) && sel.n)
			holders_scan(&h);
		out_begin(&o, stdout, s->json, s->pretty);
		o.no_header = s->brief;
		/* Fitted to a terminal only: scripts read the table whole. */
		o.width = s->json ? 0 : out_terminal_width(stdout);
		o.colour = !s->json && out_colour_on(stdout);
		o.layout = !s->layout ? (s->details ? OUT_FIT : OUT_TABLE) :
			   strcmp(s->layout, "blocks") == 0 ? OUT_BLOCKS :
			   OUT_TABLE;
		if (s->tree)
			tree_list(&o, &sel, &h);
		for (i = 0; i < sel.n && !s->tree; i++)
			show_one(&o, s, &sel, sel.v[i], &addrs, &h);
		out_end(&o);
		holders_free(&h);
		free(addrs.v);
	}
	selection_report(&sel);
	selection_free(&sel);
	return status ? 1 : 0;
}
