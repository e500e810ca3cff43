/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Device states: compared field by field (the fields and keys of
 * show -j), a new device as the kernel makes it, address changes, and
 * the words for a change. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fields.h"
#include "ids.h"
#include "macaddr.h"
#include "output.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

static int cidr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cidr *)a)->text,
		      ((const struct cidr *)b)->text);
}


void devstate_free(struct devstate *st)
{
	free(st->addrs);
	memset(st, 0, sizeof(*st));
}

/* Field i's value in state st. */
static void get(size_t i, const struct devstate *st, struct val *v, char *b,
		size_t l)
{
	struct field_src src = { &st->li, st->master, st->netns };

	fields_get(&fields_table[i], &src, v, b, l);
}

static bool same(const struct val *a, const struct val *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_STR: return !strcmp(a->s, b->s);
	case V_U64: return a->u == b->u;
	case V_BOOL: return a->b == b->b;
	default: return true;
	}
}

static bool present(const struct devstate *st)
{
	return st && st->exists;
}

/* The addresses' texts, for the report. */
static const char **addr_texts(const struct devstate *st)
{
	const char **v = xcalloc(st->n_addrs + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < st->n_addrs; i++)
		v[i] = st->addrs[i].text;
	return v;
}

static bool same_addrs(const struct devstate *a, const struct devstate *b)
{
	size_t i;

	if (a->n_addrs != b->n_addrs)
		return false;
	for (i = 0; i < a->n_addrs; i++)
		if (strcmp(a->addrs[i].text, b->addrs[i].text) != 0)
			return false;
	return true;
}

bool devstate_diff(const struct devstate *before,
		   const struct devstate *after, field_diff_fn fn, void *arg)
{
	struct val none = { V_NULL, NULL, 0, false, NULL, 0 };
	bool any = false;
	size_t i;

	for (i = 0; i < fields_count; i++) {
		struct val o = none, n = none;
		char ob[32] = "", nb[32] = "";

		if (present(before))
			get(i, before, &o, ob, sizeof(ob));
		if (present(after))
			get(i, after, &n, nb, sizeof(nb));
		if (same(&o, &n))
			continue;
		any = true;
		if (fn)
			fn(fields_table[i].key, &o, &n, arg);
	}
	if (!present(before) || !present(after) || !same_addrs(before, after)) {
		struct val o = none, n = none;
		const char **ov = NULL, **nv = NULL;

		if (present(before)) {
			ov = addr_texts(before);
			o = (struct val){ V_STRS, NULL, 0, false, ov, before->n_addrs };
		}
		if (present(after)) {
			nv = addr_texts(after);
			n = (struct val){ V_STRS, NULL, 0, false, nv, after->n_addrs };
		}
		any = true;
		if (fn)
			fn("addresses", &o, &n, arg);
		free(ov);
		free(nv);
	}
	return any;
}

const char *devstate_action(const struct devstate *before,
			    const struct devstate *after)
{
	if (!present(before) && present(after))
		return "created";
	if (present(before) && !present(after))
		return "deleted";
	return devstate_diff(before, after, NULL, NULL) ? "changed" :
	       "unchanged";
}

void devstate_copy(struct devstate *dst, const struct devstate *src)
{
	*dst = *src;
	dst->addrs = NULL;
	dst->cap_addrs = 0;
	if (src->n_addrs) {
		dst->addrs = xcalloc(src->n_addrs, sizeof(*dst->addrs));
		dst->cap_addrs = src->n_addrs;
		memcpy(dst->addrs, src->addrs, src->n_addrs * sizeof(*dst->addrs));
	}
}

void devstate_new(struct devstate *st, const char *name, bool tap,
		  int genmode)
{
	memset(st, 0, sizeof(*st));
	st->exists = true;
	snprintf(st->li.name, sizeof(st->li.name), "%s", name);
	st->li.tun = st->li.tun_data = true;
	st->li.tap = tap;
	st->li.owner = st->li.tgroup = -1;
	/* What the kernel gives a new device (Linux 6.x): the Ethernet MTU
	 * and its range, and the queue length of tun (500) or of Ethernet
	 * devices (1000) for tap. */
	st->li.mtu = 1500;
	st->li.min_mtu = 68;
	st->li.max_mtu = tap ? 65521 : 65535;
	fields_defaults(&st->li, tap);
	st->li.has_mac = tap;
	st->li.arptype = tap ? 1 /* ARPHRD_ETHER */ : 65534 /* ARPHRD_NONE */;
	st->li.addrgenmode = genmode;
}

/* Whether IPv4 addresses a and b share a subnet as the kernel sees it:
 * the same prefix length, the same network. */
static bool same_subnet(const struct cidr *a, const struct cidr *b)
{
	uint32_t x, y, mask;

	if (a->family != AF_INET || b->family != AF_INET ||
	    a->prefix != b->prefix)
		return false;
	/* The subnet of a point-to-point address is its peer's. */
	memcpy(&x, a->has_peer ? a->peer : a->addr, 4);
	memcpy(&y, b->has_peer ? b->peer : b->addr, 4);
	mask = a->prefix ? htonl(~0u << (32 - a->prefix)) : 0;
	return ((x ^ y) & mask) == 0;
}

void devstate_add_addr(struct devstate *st, const struct cidr *a)
{
	struct cidr c = *a;
	size_t i;

	if (cidr_link_local(a) && !st->all_addrs)
		return;
	/* The kernel makes an IPv4 address secondary when another one
	 * already holds its subnet. */
	c.secondary = false;
	for (i = 0; i < st->n_addrs; i++)
		if (same_subnet(&st->addrs[i], &c))
			c.secondary = true;
	xgrow((void **)&st->addrs, &st->cap_addrs, st->n_addrs,
	      sizeof(*st->addrs));
	st->addrs[st->n_addrs++] = c;
	qsort(st->addrs, st->n_addrs, sizeof(*st->addrs), cidr_cmp);
}

static void remove_at(struct devstate *st, size_t i)
{
	memmove(st->addrs + i, st->addrs + i + 1,
		(st->n_addrs - i - 1) * sizeof(*st->addrs));
	st->n_addrs--;
}

void devstate_del_addr(struct devstate *st, const struct cidr *a)
{
	struct cidr gone;
	bool promote;
	size_t i;

	for (i = 0; i < st->n_addrs; i++)
		if (!strcmp(st->addrs[i].text, a->text))
			break;
	if (i == st->n_addrs)
		return;
	gone = st->addrs[i];
	remove_at(st, i);
	if (gone.family != AF_INET || gone.secondary)
		return;
	/* A primary IPv4 address takes its subnet's secondaries with it,
	 * unless promote_secondaries makes one of them the primary. */
	promote = sysfs_ipv4_promotes(st->li.name);
	i = 0;
	while (i < st->n_addrs) {
		if (!st->addrs[i].secondary || !same_subnet(&st->addrs[i], &gone)) {
			i++;
		} else if (promote) {
			st->addrs[i].secondary = false;
			return;
		} else {
			remove_at(st, i);
		}
	}
}

/* One value for a line of text: "1000", "on", "tap", "-"; a user or a
 * group by name when it has one. */
static void say_val(struct strbuf *b, const char *key, const struct val *v)
{
	const char *name = v->kind == V_U64 && (!strcmp(key, "user") ||
						!strcmp(key, "group")) ?
			   ids_name((int64_t)v->u, key[0] == 'u') : NULL;

	if (name) {
		escape_append(b, name);
		return;
	}
	switch (v->kind) {
	case V_STR: escape_append(b, v->s); break;
	case V_U64: sb_addf(b, "%llu", (unsigned long long)v->u); break;
	case V_BOOL: sb_addf(b, "%s", v->b ? "on" : "off"); break;
	default: sb_add(b, "-", 1); break;
	}
}

/* The settings of a new device worth a word: what differs from what the
 * kernel gives any new device (its MTU, queue length, a link that is
 * down; a tap's MAC address is always new, so it goes unsaid). */
void devstate_say_new(struct strbuf *b, const struct devstate *st,
		      int genmode)
{
	struct devstate plain;
	size_t i;

	devstate_new(&plain, st->li.name, st->li.tap, genmode);
	sb_addf(b, "%s", st->li.tap ? "tap" : "tun");
	for (i = 1; i < fields_count; i++) {
		struct val o = { V_NULL, NULL, 0, false, NULL, 0 }, n = o;
		char ob[32] = "", nb[32] = "";

		if (!strcmp(fields_table[i].key, "persist") ||
		    !strcmp(fields_table[i].key, "address"))
			continue;
		get(i, &plain, &o, ob, sizeof(ob));
		get(i, st, &n, nb, sizeof(nb));
		if (same(&o, &n))
			continue;
		sb_add(b, ", ", 2);
		if (n.kind == V_BOOL && strcmp(fields_table[i].key, "up") != 0) {
			sb_addf(b, "%s", fields_table[i].key);
		} else if (!strcmp(fields_table[i].key, "up")) {
			sb_addf(b, "%s", n.b ? "up" : "down");
		} else {
			sb_addf(b, "%s ", fields_table[i].key);
			say_val(b, fields_table[i].key, &n);
		}
	}
	for (i = 0; i < st->n_addrs; i++)
		sb_addf(b, ", addr %s", st->addrs[i].text);
	devstate_free(&plain);
}

void devstate_say_changes(struct strbuf *b, const struct devstate *before,
			  const struct devstate *after)
{
	const char *sep = "";
	size_t i, j;

	for (i = 0; i < fields_count; i++) {
		struct val o = { V_NULL, NULL, 0, false, NULL, 0 }, n = o;
		char ob[32] = "", nb[32] = "";

		get(i, before, &o, ob, sizeof(ob));
		get(i, after, &n, nb, sizeof(nb));
		if (same(&o, &n))
			continue;
		sb_addf(b, "%s", sep);
		sep = ", ";
		if (!strcmp(fields_table[i].key, "up")) {
			sb_addf(b, "%s", n.b ? "up" : "down");
			continue;
		}
		sb_addf(b, "%s ", fields_table[i].key);
		say_val(b, fields_table[i].key, &o);
		sb_add(b, " -> ", 4);
		say_val(b, fields_table[i].key, &n);
	}
	for (i = 0; i < before->n_addrs; i++) {
		for (j = 0; j < after->n_addrs &&
		     strcmp(before->addrs[i].text, after->addrs[j].text) != 0; j++)
			;
		if (j == after->n_addrs)
			sb_addf(b, "%sremove %s", sep, before->addrs[i].text), sep = ", ";
	}
	for (j = 0; j < after->n_addrs; j++) {
		for (i = 0; i < before->n_addrs &&
		     strcmp(before->addrs[i].text, after->addrs[j].text) != 0; i++)
			;
		if (i == before->n_addrs)
			sb_addf(b, "%sadd %s", sep, after->addrs[j].text), sep = ", ";
	}
}

void devstate_describe(const char *dev, const struct devstate *before,
		       const struct devstate *after, struct strbuf *b)
{
	const char *action = devstate_action(before, after);

	if (!strcmp(action, "created")) {
		sb_add(b, "create ", 7);
		escape_append(b, dev);
		sb_add(b, ": ", 2);
		devstate_say_new(b, after, sysfs_ipv6_genmode(NULL));
	} else if (!strcmp(action, "changed")) {
		sb_add(b, "change ", 7);
		escape_append(b, dev);
		sb_add(b, ": ", 2);
		devstate_say_changes(b, before, after);
	} else {
		sb_addf(b, "%s ", !strcmp(action, "deleted") ? "delete" :
			"unchanged");
		escape_append(b, dev);
	}
}
