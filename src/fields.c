/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one table of device fields, and the walks over its number
 * settings that the plan, a namespace move, add and save share. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fields.h"
#include "macaddr.h"
#include "util.h"

static void f_type(const struct field_src *src, struct val *v, char *b,
		   size_t l)
{
	(void)b, (void)l;
	v->kind = V_STR;
	v->s = src->li->tap ? "tap" : "tun";
}

#define FLAG_FIELD(fn, member) \
	static void fn(const struct field_src *src, struct val *v, char *b, \
		       size_t l) \
	{ \
		(void)b, (void)l; \
		v->kind = V_BOOL; \
		v->b = src->li->member; \
	}
FLAG_FIELD(f_pi, pi)
FLAG_FIELD(f_vnet_hdr, vnet_hdr)
FLAG_FIELD(f_multi_queue, multi_queue)
FLAG_FIELD(f_one_queue, one_queue)
FLAG_FIELD(f_persist, persist)

static void f_user(const struct field_src *src, struct val *v, char *b,
		   size_t l)
{
	(void)b, (void)l;
	v->kind = src->li->owner < 0 ? V_NULL : V_U64;
	v->u = (uint64_t)src->li->owner;
}

static void f_group(const struct field_src *src, struct val *v, char *b,
		    size_t l)
{
	(void)b, (void)l;
	v->kind = src->li->tgroup < 0 ? V_NULL : V_U64;
	v->u = (uint64_t)src->li->tgroup;
}

static void f_mtu(const struct field_src *src, struct val *v, char *b,
		  size_t l)
{
	(void)b, (void)l;
	v->kind = V_U64;
	v->u = src->li->mtu;
}

static void f_address(const struct field_src *src, struct val *v, char *b,
		      size_t l)
{
	const unsigned char *m = src->li->mac;

	v->kind = src->li->has_mac ? V_STR : V_NULL;
	v->s = l >= 18 ? mac_text(m, b) : "";
}

static void f_master(const struct field_src *src, struct val *v, char *b,
		     size_t l)
{
	(void)b, (void)l;
	v->kind = src->master[0] ? V_STR : V_NULL;
	v->s = src->master;
}

static void f_up(const struct field_src *src, struct val *v, char *b,
		 size_t l)
{
	(void)b, (void)l;
	v->kind = V_BOOL;
	v->b = src->li->ifflags & IFF_UP;
}

static void f_name(const struct field_src *src, struct val *v, char *b,
		   size_t l)
{
	(void)b, (void)l;
	v->kind = V_STR;
	v->s = src->li->name;
}

static void f_alias(const struct field_src *src, struct val *v, char *b,
		    size_t l)
{
	(void)b, (void)l;
	v->kind = src->li->alias[0] ? V_STR : V_NULL;
	v->s = src->li->alias;
}

static void f_addrgenmode(const struct field_src *src, struct val *v,
			  char *b, size_t l)
{
	(void)b, (void)l;
	v->s = addrgenmode_name(src->li->addrgenmode);
	v->kind = v->s ? V_STR : V_NULL;
}

static void f_netns(const struct field_src *src, struct val *v, char *b,
		    size_t l)
{
	(void)b, (void)l;
	v->kind = src->netns ? V_STR : V_NULL;
	v->s = src->netns;
}

/* A number setting's offsets, the kernel's defaults for a new tun and
 * tap device, and the range its keyword takes; NO_NUMBER for the rest. */
#define NUMBER(spec, info, change, tun, tap, min, max) \
	offsetof(struct device_spec, spec), offsetof(struct linkinfo, info), \
	offsetof(struct link_change, change), tun, tap, min, max
#define NO_NUMBER 0, 0, 0, 0, 0, 0, 0

/* The change report lists the fields in this order; show lists its
 * columns by place (listing.c's own columns, as ifindex and STATE,
 * come between, at their places). */
const struct field fields_table[] = {
	{ "type", "TYPE", "tun or tap", f_type, NO_NUMBER, V_STR,
	  FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  30, NULL },
	{ "pi", NULL, "packet information header", f_pi, NO_NUMBER,
	  V_BOOL, FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  40, NULL },
	{ "vnet_hdr", NULL, "virtio net header", f_vnet_hdr, NO_NUMBER,
	  V_BOOL, FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  50, NULL },
	{ "multi_queue", NULL, "several queues", f_multi_queue, NO_NUMBER,
	  V_BOOL, FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  60, NULL },
	{ "one_queue", NULL, "one queue (legacy)", f_one_queue, NO_NUMBER,
	  V_BOOL, FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  70, NULL },
	{ "persist", NULL, "outlives its last file descriptor", f_persist,
	  NO_NUMBER, V_BOOL, FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  80, NULL },
	{ "user", NULL, "owning user", f_user, NO_NUMBER, V_U64,
	  FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  100, NULL },
	{ "group", NULL, "owning group", f_group, NO_NUMBER, V_U64,
	  FIELD_TUN | FIELD_MOVES | FIELD_COLUMN,
	  110, NULL },
	/* A number, but no FIELD_NUMBER: save and a dry run's account
	 * print it before the address and the number walk after it (the
	 * change report's order has the address between), the plan refuses
	 * a value out of the device's min_mtu-max_mtu and one under IPv6's
	 * minimum on a device with IPv6 addresses, and it is an int in
	 * struct device_spec and struct link_change. */
	{ "mtu", "MTU", "maximum transmission unit", f_mtu, NO_NUMBER,
	  V_U64, FIELD_LINK | FIELD_MOVES | FIELD_COLUMN,
	  170, NULL },
	{ "address", "MAC", "MAC address", f_address, NO_NUMBER, V_STR,
	  FIELD_LINK | FIELD_MOVES | FIELD_DETAILS | FIELD_COLUMN,
	  180, NULL },
	{ "txqueuelen", "TXQLEN", "transmit queue length in packets",
	  NULL, NUMBER(txqlen, txqlen, txqlen, 500, 1000, 0, UINT32_MAX),
	  V_U64,
	  FIELD_LINK | FIELD_MOVES | FIELD_DETAILS | FIELD_COLUMN |
	  FIELD_NUMBER,
	  230, NULL },
	/* Its own steps in plan.c: given by name and resolved to an
	 * ifindex by the caller, nomaster a keyword of its own, refused for
	 * a tun; a new device joins its bridge in a last step, with up
	 * (split); the dry run names the bridge as given. */
	{ "master", "MASTER", "bridge the device is a port of", f_master,
	  NO_NUMBER, V_STR, FIELD_LINK | FIELD_DETAILS | FIELD_COLUMN,
	  220, NULL },
	{ "up", NULL, "the link is up", f_up, NO_NUMBER, V_BOOL,
	  FIELD_LINK | FIELD_COLUMN,
	  200, NULL },
	{ "name", "NAME", "the device's name", f_name, NO_NUMBER, V_STR,
	  FIELD_LINK | FIELD_MOVES | FIELD_COLUMN,
	  10, "ifname" },
	/* Its own steps in plan.c: a string (NULL: not given, "" clears
	 * it), compared as text and kept in char[256]; the number walks
	 * hold uint32_t numbers with -1 for none. */
	{ "alias", "ALIAS", "the device's alias", f_alias, NO_NUMBER,
	  V_STR, FIELD_LINK | FIELD_MOVES | FIELD_DETAILS | FIELD_COLUMN |
	  FIELD_CUT, 290, NULL },
	/* Its own steps in plan.c: -1 in struct linkinfo is no IPv6, the
	 * plan refuses a mode there and stable_privacy without a secret,
	 * and a link that goes up in the same step goes up after it
	 * (split: the kernel takes IFLA_AF_SPEC after the flags). */
	{ "addrgenmode", "ADDRGENMODE", "IPv6 address generation mode",
	  f_addrgenmode, NO_NUMBER, V_STR,
	  FIELD_LINK | FIELD_DETAILS | FIELD_COLUMN, 250, NULL },
	{ "netns", NULL, "network namespace it moved into", f_netns,
	  NO_NUMBER, V_STR, FIELD_LINK,
	  0, NULL },
};
const size_t fields_count = ARRAY_SIZE(fields_table);
_Static_assert(ARRAY_SIZE(fields_table) <= FIELDS_MAX,
	       "FIELDS_MAX holds every row");

/* Whether f is a number setting with all of flags. */
static bool number_with(const struct field *f, unsigned flags)
{
	return (f->flags & FIELD_NUMBER) && (f->flags & flags) == flags;
}

int64_t fields_spec_num(const struct field *f, const struct device_spec *s)
{
	int64_t n;

	memcpy(&n, (const char *)s + f->spec_at, sizeof(n));
	return n;
}

void fields_spec_set_num(const struct field *f, struct device_spec *s,
			 int64_t n)
{
	memcpy((char *)s + f->spec_at, &n, sizeof(n));
}

uint32_t fields_info_num(const struct field *f, const struct linkinfo *li)
{
	uint32_t n;

	memcpy(&n, (const char *)li + f->info_at, sizeof(n));
	return n;
}

int64_t fields_change_num(const struct field *f,
			  const struct link_change *lc)
{
	int64_t n;

	memcpy(&n, (const char *)lc + f->change_at, sizeof(n));
	return n;
}

const struct field *fields_find(const char *key)
{
	size_t i;

	for (i = 0; i < fields_count; i++)
		if (!strcmp(fields_table[i].key, key))
			return &fields_table[i];
	return NULL;
}

void fields_get(const struct field *f, const struct field_src *src,
		struct val *v, char *buf, size_t len)
{
	if (f->flags & FIELD_NUMBER) {
		v->kind = V_U64;
		v->u = fields_info_num(f, src->li);
	} else {
		f->get(src, v, buf, len);
	}
}

bool fields_spec_gives(const struct device_spec *s, unsigned flags)
{
	size_t i;

	for (i = 0; i < fields_count; i++)
		if (number_with(&fields_table[i], flags) &&
		    fields_spec_num(&fields_table[i], s) >= 0)
			return true;
	return false;
}

void fields_spec_drop(struct device_spec *s, unsigned flags)
{
	int64_t none = -1;
	size_t i;

	for (i = 0; i < fields_count; i++)
		if (number_with(&fields_table[i], flags))
			memcpy((char *)s + fields_table[i].spec_at, &none,
			       sizeof(none));
}

bool fields_change_any(const struct link_change *lc)
{
	size_t i;

	for (i = 0; i < fields_count; i++)
		if (number_with(&fields_table[i], 0) &&
		    fields_change_num(&fields_table[i], lc) >= 0)
			return true;
	return false;
}

void fields_plan(const struct device_spec *s, const struct linkinfo *li,
		 struct link_change *lc)
{
	size_t i;

	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		int64_t n;

		if (!number_with(f, 0))
			continue;
		n = fields_spec_num(f, s);
		if (n >= 0 && (uint32_t)n != fields_info_num(f, li))
			memcpy((char *)lc + f->change_at, &n, sizeof(n));
	}
}

static void set_info(const struct field *f, struct linkinfo *li, uint32_t n)
{
	memcpy((char *)li + f->info_at, &n, sizeof(n));
}

void fields_apply(const struct link_change *lc, struct linkinfo *li)
{
	size_t i;

	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];

		if (number_with(f, 0) && fields_change_num(f, lc) >= 0)
			set_info(f, li, (uint32_t)fields_change_num(f, lc));
	}
}

uint32_t fields_default(const struct field *f, bool tap)
{
	return tap ? f->tap_default : f->tun_default;
}

void fields_defaults(struct linkinfo *li, bool tap)
{
	size_t i;

	for (i = 0; i < fields_count; i++)
		if (number_with(&fields_table[i], 0))
			set_info(&fields_table[i], li,
				 fields_default(&fields_table[i], tap));
}
