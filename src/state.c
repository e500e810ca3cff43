/* Device states for the change report: read, compared field by field
 * (the fields and keys of show -j), and recorded. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "output.h"
#include "state.h"
#include "util.h"

/* IPv6 link-local addresses (fe80::/10) come and go with the carrier,
 * made by the kernel: they are no setting of the device. */
static bool link_local(const struct cidr *a)
{
	return a->family == AF_INET6 && a->addr[0] == 0xfe &&
	       (a->addr[1] & 0xc0) == 0x80;
}

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct devstate *st = arg;

	if (ifindex != st->li.ifindex || link_local(a))
		return;
	xgrow((void **)&st->addrs, &st->cap_addrs, st->n_addrs,
	      sizeof(*st->addrs));
	st->addrs[st->n_addrs++] = *a;
}

static int cidr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cidr *)a)->text,
		      ((const struct cidr *)b)->text);
}

int devstate_read(struct devstate *st, const char *name, int ifindex,
		  struct fail *f)
{
	struct nlctx *nl = nl_get();
	struct linkinfo m;

	memset(st, 0, sizeof(*st));
	if (!nl) {
		f->err = EIO;
		return -1;
	}
	if (link_get(nl, ifindex ? NULL : name, ifindex, &st->li, f) < 0)
		return f->err == ENODEV ? 0 : -1;
	st->exists = true;
	if (st->li.master && link_get(nl, NULL, st->li.master, &m, f) == 0)
		snprintf(st->master, sizeof(st->master), "%s", m.name);
	if (addr_dump(nl, st->li.ifindex, collect_addr, st, f) < 0)
		return -1;
	if (st->n_addrs > 1)
		qsort(st->addrs, st->n_addrs, sizeof(*st->addrs), cidr_cmp);
	return 0;
}

void devstate_free(struct devstate *st)
{
	free(st->addrs);
	memset(st, 0, sizeof(*st));
}

/* One field's value in a state (V_NULL when there is no device). */
typedef void (*field_fn)(const struct devstate *st, struct val *v,
			 char *buf, size_t len);

static void f_type(const struct devstate *st, struct val *v, char *b, size_t l)
{
	(void)b, (void)l;
	v->kind = V_STR;
	v->s = st->li.tap ? "tap" : "tun";
}

#define FLAG_FIELD(fn, member) \
	static void fn(const struct devstate *st, struct val *v, char *b, \
		       size_t l) \
	{ \
		(void)b, (void)l; \
		v->kind = V_BOOL; \
		v->b = st->li.member; \
	}
FLAG_FIELD(f_pi, pi)
FLAG_FIELD(f_vnet_hdr, vnet_hdr)
FLAG_FIELD(f_multi_queue, multi_queue)
FLAG_FIELD(f_persist, persist)

static void f_user(const struct devstate *st, struct val *v, char *b, size_t l)
{
	(void)b, (void)l;
	v->kind = st->li.owner < 0 ? V_NULL : V_U64;
	v->u = (uint64_t)st->li.owner;
}

static void f_group(const struct devstate *st, struct val *v, char *b, size_t l)
{
	(void)b, (void)l;
	v->kind = st->li.tgroup < 0 ? V_NULL : V_U64;
	v->u = (uint64_t)st->li.tgroup;
}

static void f_mtu(const struct devstate *st, struct val *v, char *b, size_t l)
{
	(void)b, (void)l;
	v->kind = V_U64;
	v->u = st->li.mtu;
}

static void f_txqlen(const struct devstate *st, struct val *v, char *b,
		     size_t l)
{
	(void)b, (void)l;
	v->kind = V_U64;
	v->u = st->li.txqlen;
}

static void f_address(const struct devstate *st, struct val *v, char *b,
		      size_t l)
{
	const unsigned char *m = st->li.mac;

	v->kind = st->li.has_mac ? V_STR : V_NULL;
	snprintf(b, l, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	v->s = b;
}

static void f_master(const struct devstate *st, struct val *v, char *b,
		     size_t l)
{
	(void)b, (void)l;
	v->kind = st->master[0] ? V_STR : V_NULL;
	v->s = st->master;
}

static void f_up(const struct devstate *st, struct val *v, char *b, size_t l)
{
	(void)b, (void)l;
	v->kind = V_BOOL;
	v->b = st->li.ifflags & IFF_UP;
}

static const struct {
	const char *key;
	field_fn get;
} fields[] = {
	{ "type", f_type }, { "pi", f_pi }, { "vnet_hdr", f_vnet_hdr },
	{ "multi_queue", f_multi_queue }, { "persist", f_persist },
	{ "user", f_user }, { "group", f_group }, { "mtu", f_mtu },
	{ "address", f_address }, { "txqueuelen", f_txqlen },
	{ "master", f_master }, { "up", f_up },
};

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
		if (strcmp(a->addrs[i].text, b->addrs[i].text))
			return false;
	return true;
}

/* Whether any field differs between before and after (every field of
 * after when before is absent); with record, each one that does goes
 * into the change report. */
static bool diff(const struct devstate *before, const struct devstate *after,
		 bool record)
{
	struct val none = { V_NULL, NULL, 0, false, NULL, 0 };
	bool any = false;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		struct val o = none, n = none;
		char ob[32] = "", nb[32] = "";

		if (present(before))
			fields[i].get(before, &o, ob, sizeof(ob));
		if (present(after))
			fields[i].get(after, &n, nb, sizeof(nb));
		if (same(&o, &n))
			continue;
		any = true;
		if (record)
			results_field(fields[i].key, &o, &n);
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
		if (record)
			results_field("addresses", &o, &n);
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
	return diff(before, after, false) ? "changed" : "unchanged";
}

void devstate_record(const char *dev, const struct devstate *before,
		     const struct devstate *after)
{
	const char *action = devstate_action(before, after);

	results_device(dev, action);
	if (strcmp(action, "deleted") != 0)
		diff(before, after, true);
}
