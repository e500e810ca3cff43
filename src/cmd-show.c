/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show: every tun/tap fact from one link dump (the tun facts come in
 * its IFLA_INFO_DATA; see selection.c for kernels without them), one
 * address dump when addresses are shown, and one pass over /proc for
 * -d.  Cost is linear in the number of devices. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd-show.h"
#include "devices.h"
#include "holding.h"
#include "listing.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "tree.h"
#include "util.h"

static void show_one(struct out *o, const struct device_spec *s,
		     const struct selection *sel, const struct linkinfo *li,
		     const struct addrset *addrs, const struct holders *h)
{
	struct listing_opts lo = { s->details, s->brief };
	const struct linkinfo *m;
	const struct cidr *list;
	size_t n;

	m = li->master ? linkset_by_index(&sel->all, li->master) : NULL;
	list = addrset_of(addrs, li->ifindex, &n);
	listing_row(o, &lo, li, m ? m->name : NULL, list, n, h);
}

int cmd_show(struct device_spec *s, struct run *run __attribute__((unused)))
{
	struct addrset addrs = { NULL, NULL, 0 };
	struct holders h = { NULL, 0, 0 };
	struct selection sel;
	struct fail f = { 0, "" };
	struct out o;
	size_t i;
	int status;

	status = selection_make(s, "not shown", false, &sel);
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
		if ((s->json || s->details || s->brief) && !s->tree && sel.n &&
		    addrset_load(&addrs, &sel.all, &f) < 0) {
			report_fail(NULL, &f, "cannot list addresses");
			status = 1;
		}
		if ((s->details || s->tree) && sel.n)
			holding_scan(&h);
		out_begin(&o, stdout, s->json, s->pretty);
		o.no_header = s->brief;
		/* Fitted to a terminal only: scripts read the table whole. */
		o.width = s->json ? 0 : out_terminal_width(stdout);
		o.colour = !s->json && out_colour_on(stdout);
		o.layout = !s->layout ? (s->details ? OUT_FIT : OUT_TABLE) :
			   strcmp(s->layout, "blocks") == 0 ? OUT_BLOCKS :
			   OUT_TABLE;
		if (!s->brief)
			selection_read_one_queue(&sel);
		if (s->tree)
			tree_list(&o, &sel, &h);
		for (i = 0; i < sel.n && !s->tree; i++)
			show_one(&o, s, &sel, sel.v[i], &addrs, &h);
		out_end(&o);
		holding_free(&h);
		addrset_free(&addrs);
	}
	selection_report(&sel);
	selection_free(&sel);
	return status ? 1 : 0;
}
