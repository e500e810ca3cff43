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

static void listing_fields(struct out *o, const struct listing_opts *lo,
			   const struct linkinfo *li, const char *master,
			   const struct cidr *ca, const char *const *addrs,
			   size_t n_addrs, const struct holders *h);

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
		listing_fields(o, lo, li, master, addrs, texts, n_addrs, h);
	free(texts);
}

/* The fields the table says show prints from it (FIELD_COLUMN), with
 * their columns (FIELD_DETAILS: only with details d). */
static void table_fields(struct out *o, bool d, const struct linkinfo *li,
			 const char *master)
{
	struct field_src src = { li, master ? master : "", NULL };
	size_t i;

	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		const char *header = f->header;
		struct val v = { V_NULL, NULL, 0, false, NULL, 0 };
		char buf[32] = "";

		if (!(f->flags & FIELD_COLUMN))
			continue;
		if ((f->flags & FIELD_DETAILS) && !d)
			header = NULL;
		fields_get(f, &src, &v, buf, sizeof(buf));
		if (v.kind == V_U64)
			out_u64(o, f->key, header, v.u);
		else if (v.kind == V_BOOL)
			out_bool(o, f->key, v.b);
		else
			out_str(o, f->key, header, v.kind == V_STR ? v.s : NULL);
	}
}

static void listing_fields(struct out *o, const struct listing_opts *lo,
			   const struct linkinfo *li, const char *master,
			   const struct cidr *ca, const char *const *addrs,
			   size_t n_addrs, const struct holders *h)
{
	char buf[96], ubuf[96], gbuf[96], mac[18];
	bool d = lo->details;

	out_row(o);
	out_hue(o, HUE_NAME);
	out_str(o, "ifname", "NAME", li->name);
	out_u64(o, "ifindex", NULL, (uint64_t)li->ifindex);
	out_str(o, "type", "TYPE", li->tap ? "tap" : "tun");
	out_bool(o, "pi", li->pi);
	out_bool(o, "vnet_hdr", li->vnet_hdr);
	out_bool(o, "multi_queue", li->multi_queue);
	out_bool(o, "one_queue", li->one_queue);
	out_bool(o, "persist", li->persist);
	out_str(o, NULL, "FLAGS", flag_text(li, buf, sizeof(buf)));
	out_opt_u64(o, "user", NULL, li->owner >= 0, (uint64_t)li->owner);
	out_opt_u64(o, "group", NULL, li->tgroup >= 0, (uint64_t)li->tgroup);
	out_str(o, "user_name", NULL, ids_name(li->owner, true));
	out_str(o, "group_name", NULL, ids_name(li->tgroup, false));
	out_cut(o);
	out_str(o, NULL, "USER", ids_user_label(li->owner, ubuf, sizeof(ubuf)));
	out_cut(o);
	out_str(o, NULL, "GROUP", ids_group_label(li->tgroup, gbuf, sizeof(gbuf)));
	out_hue(o, listing_state_hue(li));
	out_str(o, "state", "STATE", listing_state(li));
	out_str(o, NULL, "CARRIER", li->carrier ? "on" : "off");
	out_u64(o, "mtu", "MTU", li->mtu);
	out_str(o, "address", d ? "MAC" : NULL,
		li->has_mac ? mac_text(li->mac, mac) : NULL);
	out_str(o, "operstate", NULL, operstate_name(li->operstate));
	out_bool(o, "up", li->ifflags & IFF_UP);
	out_bool(o, "carrier", li->carrier);
	out_str(o, "master", d ? "MASTER" : NULL, master);
	table_fields(o, d, li, master);
	if (d) {
		snprintf(buf, sizeof(buf), li->disabled_queues ?
			 "%u+%u disabled" : "%u", queues(li, h),
			 li->disabled_queues);
		out_str(o, NULL, "QUEUES", buf);
	}
	out_str(o, "addrgenmode", d ? "ADDRGENMODE" : NULL,
		addrgenmode_name(li->addrgenmode));
	out_strs(o, "addresses", d ? "ADDRESSES" : NULL, addrs, n_addrs);
	if (o->json)
		out_json(o, "addr_info", addr_info(ca, n_addrs));
	if (d) {
		out_u64(o, "queues", NULL, queues(li, h));
		out_u64(o, "disabled_queues", NULL, li->disabled_queues);
		listing_processes(o, h, li);
	}
	out_cut(o);
	out_str(o, "alias", d ? "ALIAS" : NULL, li->alias[0] ? li->alias : NULL);
	out_row_end(o);
}
