/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the devices commands act on: a tun/tap device or a bridge by
 * name, a device's state as it is or as a dry run left it, and the
 * words for what a device is (and for a netlink socket that cannot be
 * had). */
#include "config.h"

#include "devices.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if_arp.h>

#include <linux/if_tun.h>

#include "dryrun.h"
#include "escape.h"
#include "report.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

struct nlctx *device_nl(void)
{
	struct fail f = { 0, "" };
	struct nlctx *nl = nlctx_shared(&f);

	if (!nl)
		report_fail(NULL, &f, "cannot open a netlink socket");
	return nl;
}

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct devstate *st = arg;

	if (ifindex == st->li.ifindex)
		devstate_add_addr(st, a);
}

void device_read_one_queue_at(int netdir, struct linkinfo *li)
{
	unsigned flags;

	if (!li->tun || li->one_queue_read)
		return;
	/* A device gone meanwhile keeps what li said. */
	if ((netdir >= 0 ? sysfs_tun_flags_at(netdir, li->name, &flags) :
	     sysfs_tun_flags(li->name, &flags)) < 0)
		return;
	li->one_queue_read = true;
	li->one_queue = flags & IFF_ONE_QUEUE;
}

void device_read_one_queue(struct linkinfo *li)
{
	device_read_one_queue_at(-1, li);
}

int device_state_read(struct devstate *st, const char *name, int ifindex,
		  struct fail *f)
{
	struct nlctx *nl = device_nl();
	struct linkinfo m;

	const struct devstate *o = name ? sim_get(name) : NULL;

	memset(st, 0, sizeof(*st));
	if (o) {
		devstate_copy(st, o);
		return 0;
	}
	if (!nl) {
		f->err = FAIL_SAID;
		return -1;
	}
	if (link_get(nl, ifindex ? NULL : name, ifindex, &st->li, f) < 0)
		return f->err == ENODEV ? 0 : -1;
	st->exists = true;
	device_read_one_queue(&st->li);
	if (st->li.master && link_get(nl, NULL, st->li.master, &m, f) == 0)
		snprintf(st->master, sizeof(st->master), "%s", m.name);
	return addr_dump(nl, st->li.ifindex, collect_addr, st, f) < 0 ? -1 : 0;
}

int device_remove(const char *name, int ifindex, struct fail *f)
{
	struct nlctx *nl = device_nl();
	struct linkinfo li;

	if (!nl) {
		f->err = FAIL_SAID;
		f->ext[0] = '\0';
		return -1;
	}
	if (link_get(nl, name, 0, &li, f) < 0)
		return -1;
	if (ifindex && li.ifindex != ifindex) {
		f->err = ENODEV;
		f->ext[0] = '\0';
		return -1;
	}
	return link_delete(nl, li.ifindex, f) < 0 ? -1 : 0;
}

int device_lookup(const char *name, struct linkinfo *li, struct fail *f)
{
	const struct devstate *o = sim_get(name);
	struct nlctx *nl;

	if (o && !o->exists) {
		f->err = ENODEV;
		f->ext[0] = '\0';
		return -ENODEV;
	}
	if (o) {
		*li = o->li;
		return 0;
	}
	nl = device_nl();
	if (!nl) {
		f->err = FAIL_SAID;
		f->ext[0] = '\0';
		return -EIO;
	}
	return link_get(nl, name, 0, li, f);
}

const char *device_typed_name(const char *typed, char *buf, size_t size)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	/* A literal name that exists wins over its decoding. */
	if (!strchr(typed, '\\') || !escape_decode(typed, buf, size))
		return typed;
	if (strlen(typed) < IFNAMSIZ &&
	    (device_lookup(typed, &li, &f) == 0 || f.err != ENODEV))
		return typed;
	if (device_lookup(buf, &li, &f) < 0)
		return typed;
	return buf;
}

static const char *resolve_one(struct device_spec *s, const char *typed)
{
	char buf[IFNAMSIZ];

	if (device_typed_name(typed, buf, sizeof(buf)) == typed)
		return typed;
	xgrow((void **)&s->decoded, &s->cap_decoded, s->n_decoded,
	      sizeof(*s->decoded));
	return s->decoded[s->n_decoded++] = xstrdup(buf);
}

void device_resolve_names(struct device_spec *s)
{
	size_t i;

	for (i = 0; i < s->n_names; i++)
		s->names[i] = resolve_one(s, s->names[i]);
	if (s->master)
		s->master = resolve_one(s, s->master);
}

const char *device_kind_phrase(const struct linkinfo *li)
{
	static char buf[48];

	if (li->tun)
		return li->tap ? "a tap device" : "a tun device";
	if (li->arptype == ARPHRD_LOOPBACK)
		return "the loopback device";
	if (!strcmp(li->kind, "bridge"))
		return "a bridge";
	if (li->kind[0]) {
		snprintf(buf, sizeof(buf), "%s %s device",
			 strchr("aeiou", li->kind[0]) ? "an" : "a", li->kind);
		return buf;
	}
	return li->arptype == ARPHRD_ETHER ? "an Ethernet device" :
	       "a device of another kind";
}

int device_find_tun(const char *name, const char *why, struct linkinfo *li)
{
	struct fail f = { 0, "" };

	if (device_lookup(name, li, &f) < 0) {
		if (f.err == ENODEV)
			report(name, "no such device");
		else
			report_fail(name, &f, "cannot look up the device");
		return 1;
	}
	if (!li->tun) {
		report(name, "not a TUN/TAP device (it is %s); %s",
		       device_kind_phrase(li), why);
		return 1;
	}
	return 0;
}

int device_find_bridge(const char *dev, const char *name, const char *tail,
		int *ifindex)
{
	struct nlctx *nl = device_nl();
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (!nl)
		return 1;
	if (link_get(nl, name, 0, &li, &f) < 0) {
		if (f.err == ENODEV)
			report(dev, "cannot set master %s: there is no device %s (make the bridge first: ip link add %s type bridge); %s",
			       vis(name), vis(name), vis(name), tail);
		else
			report_fail(dev, &f, "cannot look up master %s",
				    vis(name));
		return 1;
	}
	if (strcmp(li.kind, "bridge") != 0) {
		report(dev, "cannot set master %s: it is %s, not a bridge; %s",
		       vis(name), device_kind_phrase(&li), tail);
		return 1;
	}
	*ifindex = li.ifindex;
	return 0;
}
