/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show --tree: bridges with their ports and the programs holding their
 * taps, then the tun/tap devices on no bridge, from one link dump and
 * one process scan. */
#include "config.h"

#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "ids.h"
#include "listing.h"
#include "macaddr.h"
#include "sysfs.h"
#include "util.h"

/* The kernel's addr_assign_type of an address someone set. */
#define NET_ADDR_SET 3

struct tree {
	const struct selection *sel;
	const struct holders *h;
	bool *chosen;		/* by position in sel->all.v */
};

/* What a row is: the bridge's (address_set), a port's (mac_source),
 * or a device on no bridge (neither). */
struct node {
	const struct linkinfo *li;
	const char *prefix;	/* text: the branch drawn before the name */
	const char *note;
	int mac_source, address_set;	/* -1: not this kind of row */
	struct json_object *ports;	/* a bridge's, JSON */
};

static bool chosen(const struct tree *t, const struct linkinfo *li)
{
	return t->chosen[li - t->sel->all.v];
}

static const char *type_of(const struct linkinfo *li)
{
	if (li->tun)
		return li->tap ? "tap" : "tun";
	return li->kind[0] ? li->kind : NULL;
}

static void row(struct out *o, const struct tree *t, const struct node *n)
{
	const struct linkinfo *li = n->li;
	char ubuf[96], mac[18], label[IFNAMSIZ + 8];

	out_row(o);
	out_str(o, "ifname", NULL, li->name);
	snprintf(label, sizeof(label), "%s%s", n->prefix, li->name);
	out_hue(o, HUE_NAME);
	out_str(o, NULL, "DEVICE", label);
	out_u64(o, "ifindex", NULL, (uint64_t)li->ifindex);
	out_str(o, "type", "TYPE", type_of(li));
	out_bool(o, "tun", li->tun);
	if (li->tun) {
		out_opt_u64(o, "user", NULL, li->owner >= 0,
			    (uint64_t)li->owner);
		out_opt_u64(o, "group", NULL, li->tgroup >= 0,
			    (uint64_t)li->tgroup);
		out_str(o, "user_name", NULL, ids_name(li->owner, true));
		out_str(o, "group_name", NULL, ids_name(li->tgroup, false));
	}
	out_cut(o);
	out_str(o, NULL, "USER", li->tun ? ids_user_label(li->owner, ubuf,
						      sizeof(ubuf)) : NULL);
	out_hue(o, listing_state_hue(li));
	out_str(o, "state", "STATE", listing_state(li));
	out_bool(o, "carrier", li->carrier);
	out_str(o, NULL, "CARRIER", li->carrier ? "on" : "off");
	out_str(o, "address", "MAC", li->has_mac ? mac_text(li->mac, mac) : NULL);
	if (li->tun)
		listing_processes(o, t->h, li);
	else
		out_str(o, NULL, "PROCESSES", NULL);
	if (n->mac_source >= 0)
		out_bool(o, "mac_source", n->mac_source);
	if (n->address_set >= 0)
		out_bool(o, "address_set", n->address_set);
	out_cut(o);
	out_str(o, NULL, "NOTE", n->note);
	if (n->ports)
		out_json(o, "ports", n->ports);
	out_row_end(o);
}

/* The bridge's ports to show: its chosen tun/tap ones and all others. */
static size_t ports_of(const struct tree *t, const struct linkinfo *br,
		       const struct linkinfo ***out, size_t *cap)
{
	const struct linkset *all = &t->sel->all;
	size_t i, n = 0;

	for (i = 0; i < all->n; i++) {
		const struct linkinfo *p = &all->v[i];

		if (p->master != br->ifindex || (p->tun && !chosen(t, p)))
			continue;
		xgrow((void **)out, cap, n, sizeof(struct linkinfo *));
		(*out)[n++] = p;
	}
	return n;
}

static bool same_mac(const struct linkinfo *a, const struct linkinfo *b)
{
	return a->has_mac && b->has_mac && memcmp(a->mac, b->mac, 6) == 0;
}

static void bridge(struct out *o, const struct tree *t,
		   const struct linkinfo *br)
{
	const struct linkinfo **ports = NULL, *source = NULL;
	struct node n = { br, "", NULL, -1, 0, NULL };
	char note[IFNAMSIZ + 16];
	size_t np, cap = 0, i;
	bool any = false;

	np = ports_of(t, br, &ports, &cap);
	for (i = 0; i < np; i++)
		any |= ports[i]->tun;
	if (!any) {
		free(ports);
		return;
	}
	n.address_set = sysfs_addr_assign_type(br->name) == NET_ADDR_SET;
	/* A bridge whose address nobody set has its lowest port's. */
	for (i = 0; i < np && !n.address_set && !source; i++)
		if (same_mac(ports[i], br))
			source = ports[i];
	if (n.address_set)
		n.note = "MAC set";
	if (source) {
		snprintf(note, sizeof(note), "MAC of %s", source->name);
		n.note = note;
	}
	if (o->json) {
		struct out po;

		/* The ports' rows, taken as objects for the bridge's. */
		out_begin(&po, o->f, true, false);
		po.keep = true;
		n.ports = json_object_new_array();
		for (i = 0; i < np; i++) {
			struct node pn = { ports[i], "", NULL,
					   ports[i] == source, -1, NULL };

			row(&po, t, &pn);
			json_object_array_add(n.ports, out_row_take(&po));
		}
		out_end(&po);
		row(o, t, &n);
	} else {
		row(o, t, &n);
		for (i = 0; i < np; i++) {
			struct node pn = { ports[i], i + 1 < np ? "|-- " : "`-- ",
					   NULL, ports[i] == source, -1, NULL };

			pn.note = ports[i] == source ? "the bridge's MAC" :
				  !ports[i]->tun ? "not tun/tap" : NULL;
			row(o, t, &pn);
		}
	}
	free(ports);
}

void tree_list(struct out *o, const struct selection *sel,
	       const struct holders *h)
{
	struct tree t = { sel, h, xcalloc(sel->all.n ? sel->all.n : 1,
					  sizeof(bool)) };
	size_t i;

	for (i = 0; i < sel->n; i++)
		t.chosen[sel->v[i] - sel->all.v] = true;
	for (i = 0; i < sel->all.n; i++)
		if (strcmp(sel->all.v[i].kind, "bridge") == 0)
			bridge(o, &t, &sel->all.v[i]);
	for (i = 0; i < sel->n; i++) {
		const struct linkinfo *m = sel->v[i]->master ?
			linkset_by_index(&sel->all, sel->v[i]->master) : NULL;
		struct node n = { sel->v[i], "", NULL, -1, -1, NULL };

		if (m && strcmp(m->kind, "bridge") == 0)
			continue;
		row(o, &t, &n);
	}
	free(t.chosen);
}
