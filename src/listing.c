/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One device's row of show's listing, shared by show and monitor: the
 * fields, their JSON keys and their text columns. */
#include "config.h"

#include "listing.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>

#include "fields.h"
#include "ids.h"
#include "macaddr.h"
#include "util.h"

static const char *flag_text(const struct linkinfo *li, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", li->pi ? ",pi" : "",
		 li->vnet_hdr ? ",vnet_hdr" : "",
		 li->multi_queue ? ",multi_queue" : "",
		 li->one_queue ? ",one_queue" : "",
		 li->persist ? ",persist" : "");
	return buf[0] ? buf + 1 : NULL;
}

void listing_processes(struct out *o, const struct holders *h,
		       const struct linkinfo *li)
{
	size_t n, i;
	const struct holder *v = holders_of(h, li->name, &n);
	struct json_object *a;
	char **text;

	if (!n && (li->queues_known ? li->queues > 0 : li->carrier)) {
		out_json(o, "processes", NULL);
		out_str(o, NULL, "PROCESSES", "?");
		return;
	}
	a = json_object_new_array();
	text = xcalloc(n ? n : 1, sizeof(*text));
	for (i = 0; i < n; i++) {
		struct json_object *p = json_object_new_object();
		struct strbuf one = SB_INIT;

		json_object_object_add(p, "pid", json_object_new_int(v[i].pid));
		json_put_text(p, "comm", v[i].comm);
		json_object_array_add(a, p);
		sb_addf(&one, "%s(%d)", v[i].comm, v[i].pid);
		text[i] = sb_take(&one);
	}
	out_json(o, "processes", a);
	out_cut(o);
	out_strs(o, NULL, "PROCESSES", (const char *const *)text, n);
	for (i = 0; i < n; i++)
		free(text[i]);
	free(text);
}

/* Attached queues.  The kernel counts them only for multi_queue
 * devices; a single-queue device has one when a process holds it, or
 * when its carrier is on (the kernel turns carrier on at attach and off
 * at the last detach), which also covers holders we cannot see. */
static uint32_t queues(const struct linkinfo *li, const struct holders *h)
{
	size_t n;

	if (li->queues_known)
		return li->queues;
	holders_of(h, li->name, &n);
	return n || li->carrier ? 1 : 0;
}

enum out_hue listing_state_hue(const struct linkinfo *li)
{
	if (!(li->ifflags & IFF_UP))
		return HUE_DOWN;
	return li->carrier ? HUE_UP : HUE_PARTLY;
}

const char *listing_state(const struct linkinfo *li)
{
	if (!(li->ifflags & IFF_UP))
		return "down";
	return li->carrier ? "up" : "no-carrier";
}

/* ip -brief's view: name, type, state and addresses, no header. */
static void brief_row(struct out *o, const struct linkinfo *li,
		      const char *const *addrs, size_t n_addrs)
{
	out_row(o);
	out_hue(o, HUE_NAME);
	out_str(o, "ifname", "NAME", li->name);
	out_str(o, "type", "TYPE", li->tap ? "tap" : "tun");
	out_hue(o, listing_state_hue(li));
	out_str(o, "state", "STATE", listing_state(li));
	out_str(o, "operstate", NULL, operstate_name(li->operstate));
	out_cut(o);
	out_strs(o, "addresses", "ADDRESSES", addrs, n_addrs);
	out_row_end(o);
}

/* The addresses as objects, for JSON: ip -j addr's local, peer (when
 * there is one) and prefixlen. */
static struct json_object *addr_info(const struct cidr *a, size_t n)
{
	struct json_object *v = json_object_new_array();
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_new_object();

		inet_ntop(a[i].family, a[i].addr, buf, sizeof(buf));
		json_object_object_add(e, "local", json_object_new_string(buf));
		if (a[i].has_peer) {
			inet_ntop(a[i].family, a[i].peer, buf, sizeof(buf));
			json_object_object_add(e, "peer",
					       json_object_new_string(buf));
		}
		json_object_object_add(e, "prefixlen",
				       json_object_new_int((int)a[i].prefix));
		json_object_array_add(v, e);
	}
	return v;
}

/* What one row of the listing is made from. */
struct row {
	const struct listing_opts *lo;
	const struct linkinfo *li;
	const char *master;	/* NULL: none */
	const struct cidr *ca;
	const char *const *addrs;
	size_t n_addrs;
	const struct holders *h;
};

static void listing_fields(struct out *o, const struct row *r);

void listing_row(struct out *o, const struct listing_opts *lo,
		 const struct linkinfo *li, const char *master,
		 const struct cidr *addrs, size_t n_addrs,
		 const struct holders *h)
{
	const char **texts = xcalloc(n_addrs + 1, sizeof(*texts));
	size_t i;

	for (i = 0; i < n_addrs; i++)
		texts[i] = addrs[i].text;
	if (lo->brief)
		brief_row(o, li, texts, n_addrs);
	else
	{
		struct row r = { lo, li, master, addrs, texts, n_addrs, h };

		listing_fields(o, &r);
	}
	free(texts);
}

/* Show's own columns, which are no device fields: each prints its
 * cells of row r, at its place among the table's columns (what only
 * text or only JSON prints is made only for it). */
static void own_name_hue(struct out *o, const struct row *r)
{
	(void)r;
	out_hue(o, HUE_NAME);
}

static void own_ifindex(struct out *o, const struct row *r)
{
	out_u64(o, "ifindex", NULL, (uint64_t)r->li->ifindex);
}

static void own_flags(struct out *o, const struct row *r)
{
	char buf[96];

	if (!o->json)
		out_str(o, NULL, "FLAGS", flag_text(r->li, buf, sizeof(buf)));
}

static void own_ids(struct out *o, const struct row *r)
{
	const struct linkinfo *li = r->li;
	char ubuf[96], gbuf[96];

	if (o->json) {
		out_str(o, "user_name", NULL, ids_name(li->owner, true));
		out_str(o, "group_name", NULL, ids_name(li->tgroup, false));
		return;
	}
	out_cut(o);
	out_str(o, NULL, "USER", ids_user_label(li->owner, ubuf, sizeof(ubuf)));
	out_cut(o);
	out_str(o, NULL, "GROUP", ids_group_label(li->tgroup, gbuf, sizeof(gbuf)));
}

static void own_state(struct out *o, const struct row *r)
{
	out_hue(o, listing_state_hue(r->li));
	out_str(o, "state", "STATE", listing_state(r->li));
	out_str(o, NULL, "CARRIER", r->li->carrier ? "on" : "off");
}

static void own_operstate(struct out *o, const struct row *r)
{
	out_str(o, "operstate", NULL, operstate_name(r->li->operstate));
}

static void own_carrier(struct out *o, const struct row *r)
{
	out_bool(o, "carrier", r->li->carrier);
}

static void own_queues_column(struct out *o, const struct row *r)
{
	char buf[48];

	if (!r->lo->details || o->json)
		return;
	snprintf(buf, sizeof(buf), r->li->disabled_queues ?
		 "%u+%u disabled" : "%u", queues(r->li, r->h),
		 r->li->disabled_queues);
	out_str(o, NULL, "QUEUES", buf);
}

static void own_addresses(struct out *o, const struct row *r)
{
	out_strs(o, "addresses", r->lo->details ? "ADDRESSES" : NULL,
		 r->addrs, r->n_addrs);
	if (o->json)
		out_json(o, "addr_info", addr_info(r->ca, r->n_addrs));
}

static void own_holders(struct out *o, const struct row *r)
{
	if (!r->lo->details)
		return;
	out_u64(o, "queues", NULL, queues(r->li, r->h));
	out_u64(o, "disabled_queues", NULL, r->li->disabled_queues);
	listing_processes(o, r->h, r->li);
}

/* By place, lowest first; the table's columns go between (their
 * places are in fields.c's rows). */
static const struct own {
	unsigned place;
	void (*put)(struct out *o, const struct row *r);
} own[] = {
	{ 5, own_name_hue },	/* the name, 10, in its colour */
	{ 20, own_ifindex },
	{ 90, own_flags },
	{ 120, own_ids },
	{ 160, own_state },
	{ 190, own_operstate },
	{ 210, own_carrier },
	{ 240, own_queues_column },
	{ 260, own_addresses },
	{ 270, own_holders },
};

/* Field f's cell of row r: its value from the row's reader, its column
 * (FIELD_DETAILS: only with details) and its show -j key. */
static void table_field(struct out *o, const struct field *f,
			const struct row *r, const struct field_src *src)
{
	const char *key = f->show_key ? f->show_key : f->key;
	const char *header = f->header;
	struct val v;
	char buf[32];

	if ((f->flags & FIELD_DETAILS) && !r->lo->details)
		header = NULL;
	if (f->flags & FIELD_CUT)
		out_cut(o);
	if (!o->json && !header)
		return;		/* text without its column: nothing to read */
	v.kind = V_NULL;
	v.s = NULL;
	fields_get(f, src, &v, buf, sizeof(buf));
	if (v.kind == V_U64)
		out_u64(o, key, header, v.u);
	else if (v.kind == V_BOOL)
		out_bool(o, key, v.b);
	else
		out_str(o, key, header, v.kind == V_STR ? v.s : NULL);
}

/* The table's FIELD_COLUMN rows by place, sorted at first use. */
static const struct field *columns[FIELDS_MAX];
static size_t n_columns;

static void sort_columns(void)
{
	size_t i, j;

	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];

		if (!(f->flags & FIELD_COLUMN))
			continue;
		for (j = n_columns++; j > 0 && columns[j - 1]->place > f->place;
		     j--)
			columns[j] = columns[j - 1];
		columns[j] = f;
	}
}

static void listing_fields(struct out *o, const struct row *r)
{
	struct field_src src = { r->li, r->master ? r->master : "", NULL };
	size_t i = 0, j = 0;

	if (!n_columns)
		sort_columns();
	out_row(o);
	while (i < ARRAY_SIZE(own) || j < n_columns) {
		if (j == n_columns ||
		    (i < ARRAY_SIZE(own) && own[i].place < columns[j]->place))
			own[i++].put(o, r);
		else
			table_field(o, columns[j++], r, &src);
	}
	out_row_end(o);
}
