/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Planning a device's link settings and addresses against the device as
 * it is, and applying the plan with an exact account of what was done. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "dryrun.h"
#include "fields.h"
#include "escape.h"
#include "macaddr.h"
#include "plan.h"
#include "report.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

struct present {
	struct cidr *v;
	size_t n, cap;
	int ifindex;
};

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct present *p = arg;

	if (ifindex != p->ifindex)
		return;
	xgrow((void **)&p->v, &p->cap, p->n, sizeof(*p->v));
	p->v[p->n++] = *a;
}

/* The address c names on the device: the same (local, peer and prefix
 * length) when the device has it (IPv4 may have an address with several
 * prefix lengths or peers), else one of the same local address. */
static const struct cidr *find_addr(const struct present *pr,
				    const struct cidr *c)
{
	const struct cidr *any = NULL;
	size_t i;

	for (i = 0; i < pr->n; i++)
		if (cidr_same_local(&pr->v[i], c)) {
			if (cidr_same(&pr->v[i], c))
				return &pr->v[i];
			if (!any)
				any = &pr->v[i];
		}
	return any;
}

/* Whether the spec asks for address c exactly (prefix and peer). */
static bool wanted(const struct device_spec *s, const struct cidr *c)
{
	size_t i;

	for (i = 0; i < s->n_addrs; i++)
		if (cidr_same(&s->addrs[i], c))
			return true;
	return false;
}

/* Whether a planned deletion takes c. */
static bool planned_del(const struct plan *p, const struct cidr *c)
{
	size_t i;

	for (i = 0; i < p->n_del; i++)
		if (!strcmp(p->del[i].text, c->text))
			return true;
	return false;
}

static void push(struct cidr **v, size_t *n, size_t *cap, const struct cidr *c)
{
	xgrow((void **)v, cap, *n, sizeof(**v));
	(*v)[(*n)++] = *c;
}

/* Addresses given without a prefix ("deladdr 192.0.2.1") match the
 * address whatever its prefix, as people expect from ip. */
static bool bare(const struct cidr *c)
{
	return !c->has_prefix;
}

/* A refusal before any change; tail, when given, says what became of
 * the device. */
static int refuse(const char *name, const char *tail, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(const char *name, const char *tail, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(name, "%s%s%s", msg, tail ? "; " : "", tail ? tail : "");
	return 1;
}

static int plan_addrs(struct plan *p, const struct device_spec *s,
		      const struct linkinfo *cur, enum plan_mode mode,
		      const char *tail)
{
	struct present pr = { NULL, 0, 0, cur->ifindex };
	const struct devstate *o;
	struct fail f = { 0, "" };
	size_t i;
	int ret = 0;
	bool need;

	if (mode == PLAN_NEW) {
		for (i = 0; i < s->n_addrs; i++)
			push(&p->add, &p->n_add, &p->cap_add, &s->addrs[i]);
		return 0;
	}
	/* The addresses are read when the plan touches them, or when a low
	 * MTU would make the kernel drop the IPv6 ones. */
	need = s->n_addrs || s->n_deladdrs ||
	       (s->mtu >= 0 && s->mtu < IPV6_MIN_MTU &&
		(uint32_t)s->mtu != cur->mtu);
	if (need && (o = sim_get(cur->name))) {
		for (i = 0; i < o->n_addrs; i++)
			collect_addr(cur->ifindex, &o->addrs[i], &pr);
	} else if (need &&
		   addr_dump(device_nl(), cur->ifindex, collect_addr, &pr, &f) < 0) {
		char reason[320];

		return refuse(cur->name, tail, "cannot read its addresses: %s",
			      fail_text(&f, reason, sizeof(reason)));
	}
	for (i = 0; i < s->n_deladdrs && !ret; i++) {
		const struct cidr *want = &s->deladdrs[i];
		const struct cidr *have = find_addr(&pr, want);

		if (!have || (!cidr_same(have, want) && !bare(want))) {
			ret = refuse(cur->name, tail,
				     "cannot delete address %s: it is not assigned to %s%s%s%s",
				     want->text, vis(cur->name),
				     have ? " (it has " : "", have ? have->text : "",
				     have ? ")" : "");
		} else {
			push(&p->del, &p->n_del, &p->cap_del, have);
		}
	}
	for (i = 0; i < s->n_addrs && !ret; i++) {
		const struct cidr *want = &s->addrs[i];
		const struct cidr *have = find_addr(&pr, want);
		size_t j;

		if (have && cidr_same(have, want)) {
			if (mode == PLAN_SET)
				ret = refuse(cur->name, tail,
					     "cannot add address %s: %s is already assigned to %s",
					     want->text, have->text, vis(cur->name));
			continue;
		}
		/* The address with other prefix lengths: IPv4 keeps it once
		 * per length, IPv6 once.  Converging replaces the ones the
		 * line does not name. */
		for (j = 0; j < pr.n && !ret; j++) {
			const struct cidr *other = &pr.v[j];

			if (!cidr_same_local(other, want) ||
			    (want->family == AF_INET &&
			     (mode == PLAN_SET || wanted(s, other))))
				continue;
			if (mode == PLAN_SET)
				ret = refuse(cur->name, tail,
					     "cannot add address %s: %s is already assigned to %s",
					     want->text, other->text, vis(cur->name));
			else if (!planned_del(p, other))
				push(&p->del, &p->n_del, &p->cap_del, other);
		}
		if (!ret)
			push(&p->add, &p->n_add, &p->cap_add, want);
	}
	/* Below 1280 the kernel removes every IPv6 address of the device
	 * and stops IPv6 on it: addresses it has must go explicitly. */
	for (i = 0; pr.v && i < pr.n && !ret; i++)
		if (pr.v[i].family == AF_INET6 && !cidr_link_local(&pr.v[i]) &&
		    s->mtu >= 0 && s->mtu < IPV6_MIN_MTU &&
		    !planned_del(p, &pr.v[i]))
			ret = refuse(cur->name, tail,
				     "cannot set mtu %d: IPv6 needs an MTU of at least %d, and the kernel would remove %s's IPv6 address %s (delete its IPv6 addresses first: deladdr %s)",
				     s->mtu, IPV6_MIN_MTU, vis(cur->name),
				     pr.v[i].text, pr.v[i].text);
	/* Secondaries go before primaries: deleting a primary IPv4
	 * address takes its secondaries along, and a deletion of one of
	 * them after it would fail on an address already gone. */
	for (i = 1; i < p->n_del; i++) {
		struct cidr c = p->del[i];
		size_t j = i;

		if (!c.secondary)
			continue;
		for (; j > 0 && !p->del[j - 1].secondary; j--)
			p->del[j] = p->del[j - 1];
		p->del[j] = c;
	}
	free(pr.v);
	return ret;
}

int plan_build(struct plan *p, const struct device_spec *s,
	       const struct linkinfo *cur, int master, enum plan_mode mode,
	       const char *tail)
{
	struct link_change none = LINK_CHANGE_NONE;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->s = s;
	p->mode = mode;
	p->lc = none;
	if (s->has_mac && !cur->tap)
		return refuse(cur->name, tail,
			      "cannot set address: tun devices have no MAC address (they carry IP packets, not Ethernet frames)");
	if (master > 0 && !cur->tap)
		return refuse(cur->name, tail,
			      "cannot set master %s: tun devices cannot be bridge ports (a bridge forwards Ethernet frames; use mode tap)",
			      vis(s->master));
	if (s->mtu >= 0 && cur->max_mtu &&
	    ((uint32_t)s->mtu < cur->min_mtu || (uint32_t)s->mtu > cur->max_mtu))
		return refuse(cur->name, tail,
			      "cannot set mtu %d: out of range for this device (%u-%u)",
			      s->mtu, cur->min_mtu, cur->max_mtu);
	for (i = 0; i < s->n_addrs; i++) {
		uint32_t mtu = s->mtu >= 0 ? (uint32_t)s->mtu : cur->mtu;

		if (s->addrs[i].family == AF_INET6 && mtu < IPV6_MIN_MTU)
			return refuse(cur->name, tail,
				      "cannot add address %s: IPv6 needs an MTU of at least %d, and %s's %s %u",
				      s->addrs[i].text, IPV6_MIN_MTU, vis(cur->name),
				      s->mtu >= 0 ? "would be" : "is", mtu);
	}
	if (s->addrgenmode == 2 /* stable_privacy */ &&
	    cur->addrgenmode != 2 && !sysfs_ipv6_has_stable_secret(cur->name))
		return refuse(cur->name, tail,
			      "cannot set addrgenmode stable_privacy: it needs a secret, and net.ipv6.conf.%s.stable_secret is not set (sysctl -w net.ipv6.conf.%s.stable_secret=IPV6-ADDRESS, or the same for default before the device is made)",
			      vis(cur->name), vis(cur->name));
	if (s->addrgenmode >= 0 && cur->addrgenmode < 0)
		return refuse(cur->name, tail,
			      "cannot set addrgenmode: the device has no IPv6 (is IPv6 disabled?)");
	/* Only what differs is sent: fewer chances for the kernel to refuse,
	 * and a converging run that changes nothing sends nothing. */
	if (s->mtu >= 0 && (uint32_t)s->mtu != cur->mtu)
		p->lc.mtu = s->mtu;
	if (s->has_mac && memcmp(s->mac, cur->mac, 6) != 0)
		p->lc.mac = s->mac;
	fields_plan(s, cur, &p->lc);
	if (master >= 0 && master != cur->master)
		p->lc.master = master;
	if (s->nomaster && cur->master)
		p->lc.master = 0;
	if (s->updown && (s->updown > 0) != !!(cur->ifflags & IFF_UP))
		p->lc.up = s->updown > 0;
	if (s->alias && strcmp(s->alias, cur->alias) != 0)
		p->lc.alias = s->alias;
	if (s->addrgenmode >= 0 && s->addrgenmode != cur->addrgenmode)
		p->lc.addrgenmode = s->addrgenmode;
	if (s->newname && strcmp(s->newname, cur->name) != 0)
		p->lc.name = s->newname;
	return plan_addrs(p, s, cur, mode, tail);
}

static bool link_part(const struct link_change *lc)
{
	return lc->mtu >= 0 || lc->mac || fields_change_any(lc) ||
	       lc->master >= 0 || lc->up >= 0 || lc->alias || lc->addrgenmode >= 0 || lc->name;
}

bool plan_empty(const struct plan *p)
{
	return !link_part(&p->lc) && !p->n_add && !p->n_del;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t o = strlen(buf);
	va_list ap;

	snprintf(buf + o, len - o, "%s", o ? ", " : "");
	o = strlen(buf);
	va_start(ap, fmt);
	vsnprintf(buf + o, len - o, fmt, ap);
	va_end(ap);
}

/* Sort each setting of lc into done or todo by comparing it with the
 * device as it is now; without now, all go to done if applied, else
 * to todo. */
static void account_link(const struct plan *p, const struct link_change *lc,
			 const struct linkinfo *now, bool applied, char *done,
			 char *todo, size_t len)
{
	char mac[18];
	size_t i;

	if (!now) {
		if (applied)
			todo = done;
		else
			done = todo;
	}
	if (lc->mtu >= 0)
		append(now && now->mtu == (uint32_t)lc->mtu ? done : todo, len,
		       "mtu %d", lc->mtu);
	if (lc->mac)
		append(now && !memcmp(now->mac, lc->mac, 6) ? done : todo, len,
		       "address %s", mac_text(lc->mac, mac));
	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		int64_t n;

		if (!(f->flags & FIELD_NUMBER) || (n = fields_change_num(f, lc)) < 0)
			continue;
		append(now && fields_info_num(f, now) == (uint32_t)n ? done :
		       todo, len, "%s %lld", f->key, (long long)n);
	}
	if (lc->master > 0)
		append(now && now->master == lc->master ? done : todo, len,
		       "master %s", vis(p->s->master));
	else if (lc->master == 0)
		append(now && !now->master ? done : todo, len, "nomaster");
	if (lc->name)
		append(now && !strcmp(now->name, lc->name) ? done : todo, len,
		       "name %s", vis(lc->name));
	if (lc->alias)
		append(now && !strcmp(now->alias, lc->alias) ? done : todo, len,
		       "alias %s", lc->alias[0] ? vis(lc->alias) : "''");
	if (lc->addrgenmode >= 0)
		append(now && now->addrgenmode == lc->addrgenmode ? done : todo,
		       len, "addrgenmode %s", addrgenmode_name(lc->addrgenmode));
	if (lc->up >= 0)
		append(now && !!(now->ifflags & IFF_UP) == lc->up ? done : todo,
		       len, "%s", lc->up ? "up" : "down");
}

static void say_failed(const char *name, const char *step,
		       const struct fail *f, const char *done,
		       const char *todo, const char *tail)
{
	char reason[320];

	fail_text(f, reason, sizeof(reason));
	if (tail)
		report(name, "cannot %s: %s; %s", step, reason, tail);
	else
		report(name, "cannot %s: %s; applied: %s; not applied: %s",
		       step, reason, *done ? done : "nothing",
		       *todo ? todo : "nothing");
}

struct progress {
	char done[1024], todo[1024];
};

/* Apply one link change; on failure, account for it and for what was
 * still to come (addresses from index first_addr, then the last link
 * change), and report. */
static int apply_link(const struct plan *p, const struct link_change *lc,
		      const struct link_change *after, size_t first_addr,
		      struct progress *pg, const char *name, int ifindex,
		      const char *tail)
{
	struct nlctx *nl = device_nl();
	struct fail f = { 0, "" }, f2 = { 0, "" };
	struct linkinfo now;
	char step[1100];
	size_t i;

	if (!link_part(lc) || link_change(nl, ifindex, lc, &f) == 0) {
		account_link(p, lc, NULL, true, pg->done, pg->todo,
			     sizeof(pg->done));
		return 0;
	}
	if (lc->name && f.err == EBUSY && !f.ext[0])
		snprintf(f.ext, sizeof(f.ext),
			 "this kernel renames only a link that is down: give 'down' with the new name, then 'up'");
	account_link(p, lc, link_get(nl, NULL, ifindex, &now, &f2) == 0 ?
		     &now : NULL, false, pg->done, pg->todo, sizeof(pg->todo));
	snprintf(step, sizeof(step), "set %s", *pg->todo ? pg->todo :
		 "the link settings");
	for (i = first_addr; i < p->n_del + p->n_add; i++)
		append(pg->todo, sizeof(pg->todo), "%s %s",
		       i < p->n_del ? "deladdr" : "addr",
		       i < p->n_del ? p->del[i].text : p->add[i - p->n_del].text);
	if (after)
		account_link(p, after, NULL, false, pg->done, pg->todo,
			     sizeof(pg->todo));
	say_failed(name, step, &f, pg->done, pg->todo, tail);
	return 1;
}

/* A new device joins its bridge and goes up in a last step of its own.
 * A link that is to go up with a new address generation mode goes up
 * after it (the kernel takes IFLA_AF_SPEC after the flags, and the
 * link-local address is made when the link goes up). */
static void split(const struct plan *p, struct link_change *first,
		  struct link_change *last)
{
	struct link_change none = LINK_CHANGE_NONE;

	*first = p->lc;
	*last = none;
	if (p->mode == PLAN_NEW) {
		last->master = first->master;
		last->up = first->up;
		first->master = first->up = -1;
	} else if (first->addrgenmode >= 0 && first->up == 1) {
		last->up = 1;
		first->up = -1;
	}
}

/* What the request asked is what the device has: an address that is
 * already there (added meanwhile by a concurrent run of the same boot
 * file, say), or already gone.  Only an explicit set calls that an
 * error, and it has checked before. */
static bool already(const struct plan *p, bool del, int err)
{
	if (p->mode == PLAN_SET)
		return false;
	return del ? err == EADDRNOTAVAIL || err == ENOENT : err == EEXIST;
}

/* Addresses from index i to end (deletions, then additions); on
 * failure, account for them and for the link changes still to come. */
static int apply_addrs(const struct plan *p, size_t i, size_t end,
		       const struct link_change *next,
		       const struct link_change *last, struct progress *pg,
		       const char *name, int ifindex, const char *tail)
{
	struct nlctx *nl = device_nl();
	struct fail f = { 0, "" };
	char step[1100];
	size_t j;

	for (; i < end; i++) {
		bool del = i < p->n_del;
		const struct cidr *c = del ? &p->del[i] : &p->add[i - p->n_del];

		if (addr_change(nl, ifindex, c, !del, &f) == 0 ||
		    already(p, del, f.err)) {
			append(pg->done, sizeof(pg->done), "%s %s",
			       del ? "deladdr" : "addr", c->text);
			continue;
		}
		/* The link change between deletions and additions, if it is
		 * still to come, goes where it would have been made. */
		for (j = i; j < p->n_del + p->n_add; j++) {
			if (next && j == p->n_del)
				account_link(p, next, NULL, false, pg->done,
					     pg->todo, sizeof(pg->todo));
			append(pg->todo, sizeof(pg->todo), "%s %s",
			       j < p->n_del ? "deladdr" : "addr",
			       j < p->n_del ? p->del[j].text :
			       p->add[j - p->n_del].text);
		}
		if (next && !p->n_add)
			account_link(p, next, NULL, false, pg->done, pg->todo,
				     sizeof(pg->todo));
		account_link(p, last, NULL, false, pg->done, pg->todo,
			     sizeof(pg->todo));
		snprintf(step, sizeof(step), "%s address %s",
			 del ? "delete" : "add", c->text);
		say_failed(name, step, &f, pg->done, pg->todo, tail);
		return 1;
	}
	return 0;
}

int plan_apply(struct plan *p, const char *name, int ifindex,
	       const char *tail)
{
	struct link_change first, last;
	struct progress pg = { "", "" };

	if (!device_nl())
		return 1;
	split(p, &first, &last);
	/* The kernel renames before it takes the flags, and Linux before
	 * 6.x renames only a link that is down: down goes first. */
	if (first.name && first.up == 0) {
		struct link_change down = LINK_CHANGE_NONE;

		down.up = 0;
		first.up = -1;
		if (apply_link(p, &down, &first, 0, &pg, name, ifindex, tail))
			return 1;
	}
	/* Removals before the link settings: an MTU below IPv6's least
	 * leaves no IPv6 address to remove.  Additions after them: a
	 * raised MTU lets IPv6 ones in. */
	if (apply_addrs(p, 0, p->n_del, &first, &last, &pg, name, ifindex,
			tail) ||
	    apply_link(p, &first, &last, p->n_del, &pg, name, ifindex, tail) ||
	    apply_addrs(p, p->n_del, p->n_del + p->n_add, NULL, &last, &pg,
			name, ifindex, tail))
		return 1;
	if (p->mode == PLAN_NEW)
		return 0;
	return apply_link(p, &last, NULL, SIZE_MAX, &pg, name, ifindex, tail);
}

int plan_finish(struct plan *p, const char *name, int ifindex,
		const char *tail)
{
	struct link_change first, last;
	struct progress pg = { "", "" };

	if (p->mode != PLAN_NEW || !device_nl())
		return p->mode != PLAN_NEW ? 0 : 1;
	split(p, &first, &last);
	return apply_link(p, &last, NULL, SIZE_MAX, &pg, name, ifindex, tail);
}

bool plan_joins_bridge(const struct plan *p)
{
	return p->lc.master > 0;
}

void plan_free(struct plan *p)
{
	free(p->add);
	free(p->del);
	memset(p, 0, sizeof(*p));
}

/* What the kernel does on its own, as a real run then reads back: a
 * link taken down loses its IPv6 addresses (unless keep_addr_on_down
 * says otherwise), and so does one whose MTU drops below IPv6's
 * minimum. */
static void drop_ipv6(struct devstate *st)
{
	size_t i = 0;

	while (i < st->n_addrs) {
		if (st->addrs[i].family == AF_INET6)
			devstate_del_addr(st, &st->addrs[i]);
		else
			i++;
	}
}

/* Link settings of lc, in the order plan_apply sends them. */
static void predict_link(const struct plan *p, const struct link_change *lc,
			 struct devstate *st)
{
	bool was_up = st->li.ifflags & IFF_UP;

	if (lc->mtu >= 0)
		st->li.mtu = (uint32_t)lc->mtu;
	if (lc->mac) {
		memcpy(st->li.mac, lc->mac, 6);
		st->li.has_mac = true;
	}
	fields_apply(lc, &st->li);
	if (lc->name)
		snprintf(st->li.name, sizeof(st->li.name), "%s", lc->name);
	if (lc->alias)
		snprintf(st->li.alias, sizeof(st->li.alias), "%s", lc->alias);
	if (lc->addrgenmode >= 0)
		st->li.addrgenmode = lc->addrgenmode;
	if (lc->master > 0)
		snprintf(st->master, sizeof(st->master), "%s", p->s->master);
	else if (lc->master == 0)
		st->master[0] = '\0';
	if (lc->up >= 0)
		st->li.ifflags = lc->up ? st->li.ifflags | IFF_UP :
			       st->li.ifflags & ~(unsigned)IFF_UP;
	if ((was_up && lc->up == 0 && !sysfs_ipv6_keeps_addrs(st->li.name)) ||
	    st->li.mtu < IPV6_MIN_MTU)
		drop_ipv6(st);
}

void plan_predict(const struct plan *p, struct devstate *st)
{
	struct link_change first, last;
	size_t i;

	split(p, &first, &last);
	predict_link(p, &first, st);
	for (i = 0; i < p->n_del; i++)
		devstate_del_addr(st, &p->del[i]);
	for (i = 0; i < p->n_add; i++)
		devstate_add_addr(st, &p->add[i]);
	predict_link(p, &last, st);
}
