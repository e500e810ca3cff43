#include "configure.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

struct present {
	struct cidr *v;
	size_t n, cap;
	int ifindex;
};

static int collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct present *p = arg;

	if (ifindex != p->ifindex)
		return 0;
	xgrow((void **)&p->v, &p->cap, p->n, sizeof(*p->v));
	p->v[p->n++] = *a;
	return 0;
}

static const struct cidr *find_addr(const struct present *pr,
				    const struct cidr *c)
{
	size_t i;

	for (i = 0; i < pr->n; i++)
		if (pr->v[i].family == c->family &&
		    !memcmp(pr->v[i].addr, c->addr, 16))
			return &pr->v[i];
	return NULL;
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

static int plan_addrs(struct plan *p, const struct device_spec *s,
		      const struct linkinfo *cur, enum plan_mode mode)
{
	struct present pr = { NULL, 0, 0, cur->ifindex };
	struct fail f = { 0, "" };
	size_t i;
	int ret = 0;

	if (mode == PLAN_NEW) {
		for (i = 0; i < s->n_addrs; i++)
			push(&p->add, &p->n_add, &p->cap_add, &s->addrs[i]);
		return 0;
	}
	if ((s->n_addrs || s->n_deladdrs) &&
	    addr_dump(nl_get(), cur->ifindex, collect_addr, &pr, &f) < 0) {
		report_fail(cur->name, &f, "cannot read its addresses");
		return 1;
	}
	for (i = 0; i < s->n_deladdrs && !ret; i++) {
		const struct cidr *want = &s->deladdrs[i];
		const struct cidr *have = find_addr(&pr, want);

		if (!have || (have->prefix != want->prefix && !bare(want))) {
			report(cur->name, "cannot delete address %s: it is not assigned to %s%s%s",
			       want->text, vis(cur->name), have ? "; it has " : "",
			       have ? have->text : "");
			ret = 1;
		} else {
			push(&p->del, &p->n_del, &p->cap_del, have);
		}
	}
	for (i = 0; i < s->n_addrs && !ret; i++) {
		const struct cidr *want = &s->addrs[i];
		const struct cidr *have = find_addr(&pr, want);

		if (have && mode == PLAN_SET) {
			report(cur->name, "cannot add address %s: %s is already assigned to %s",
			       want->text, have->text, vis(cur->name));
			ret = 1;
		} else if (have && have->prefix == want->prefix) {
			continue;
		} else {
			/* Converging to another prefix: replace it. */
			if (have)
				push(&p->del, &p->n_del, &p->cap_del, have);
			push(&p->add, &p->n_add, &p->cap_add, want);
		}
	}
	free(pr.v);
	return ret;
}

int plan_build(struct plan *p, const struct device_spec *s,
	       const struct linkinfo *cur, int master, enum plan_mode mode)
{
	struct link_change none = LINK_CHANGE_NONE;

	memset(p, 0, sizeof(*p));
	p->s = s;
	p->lc = none;
	if (s->has_mac && !cur->tap) {
		report(cur->name, "cannot set address: tun devices have no MAC address (they carry IP packets, not Ethernet frames)");
		return 1;
	}
	if (s->mtu >= 0 && cur->max_mtu &&
	    ((uint32_t)s->mtu < cur->min_mtu || (uint32_t)s->mtu > cur->max_mtu)) {
		report(cur->name, "cannot set mtu %d: out of range for this device (%u-%u)",
		       s->mtu, cur->min_mtu, cur->max_mtu);
		return 1;
	}
	/* Only what differs is sent: fewer chances for the kernel to refuse,
	 * and a converging run that changes nothing sends nothing. */
	if (s->mtu >= 0 && (uint32_t)s->mtu != cur->mtu)
		p->lc.mtu = s->mtu;
	if (s->has_mac && memcmp(s->mac, cur->mac, 6))
		p->lc.mac = s->mac;
	if (s->txqlen >= 0 && (uint32_t)s->txqlen != cur->txqlen)
		p->lc.txqlen = s->txqlen;
	if (master >= 0 && master != cur->master)
		p->lc.master = master;
	if (s->nomaster && cur->master)
		p->lc.master = 0;
	if (s->updown && (s->updown > 0) != !!(cur->ifflags & IFF_UP))
		p->lc.up = s->updown > 0;
	return plan_addrs(p, s, cur, mode);
}

static bool link_part(const struct link_change *lc)
{
	return lc->mtu >= 0 || lc->mac || lc->txqlen >= 0 || lc->master >= 0 ||
	       lc->up >= 0;
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

/* Sort each requested link setting into done or todo, by comparing it
 * with the device as it is now (now NULL: nothing is known). */
static void account_link(const struct plan *p, const struct linkinfo *now,
			 char *done, char *todo, size_t len)
{
	const struct link_change *lc = &p->lc;
	char v[64];

	if (lc->mtu >= 0) {
		snprintf(v, sizeof(v), "%d", lc->mtu);
		append(now && now->mtu == (uint32_t)lc->mtu ? done : todo, len,
		       "mtu %s", v);
	}
	if (lc->mac) {
		snprintf(v, sizeof(v), "%02x:%02x:%02x:%02x:%02x:%02x",
			 lc->mac[0], lc->mac[1], lc->mac[2], lc->mac[3],
			 lc->mac[4], lc->mac[5]);
		append(now && !memcmp(now->mac, lc->mac, 6) ? done : todo, len,
		       "address %s", v);
	}
	if (lc->txqlen >= 0) {
		snprintf(v, sizeof(v), "%lld", (long long)lc->txqlen);
		append(now && now->txqlen == (uint32_t)lc->txqlen ? done : todo,
		       len, "txqueuelen %s", v);
	}
	if (lc->master > 0)
		append(now && now->master == lc->master ? done : todo, len,
		       "master %s", vis(p->s->master));
	else if (lc->master == 0)
		append(now && !now->master ? done : todo, len, "%s", "nomaster");
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

int plan_apply(struct plan *p, const char *name, int ifindex,
	       const char *tail)
{
	struct nlctx *nl = nl_get();
	struct fail f = { 0, "" };
	char done[1024] = "", todo[1024] = "", step[1100];
	size_t i, j;

	if (!nl)
		return 1;
	if (link_part(&p->lc) && link_change(nl, ifindex, &p->lc, &f) < 0) {
		struct linkinfo now;
		struct fail f2 = { 0, "" };
		bool known = link_get(nl, NULL, ifindex, &now, &f2) == 0;

		account_link(p, known ? &now : NULL, done, todo, sizeof(done));
		snprintf(step, sizeof(step), "set %s", *todo ? todo :
			 "the link settings");
		for (i = 0; i < p->n_del; i++)
			append(todo, sizeof(todo), "deladdr %s", p->del[i].text);
		for (i = 0; i < p->n_add; i++)
			append(todo, sizeof(todo), "addr %s", p->add[i].text);
		say_failed(name, step, &f, done, todo, tail);
		return 1;
	}
	/* Everything in the link change was applied: with no "now" to
	 * compare with, account_link puts it all in its last list. */
	account_link(p, NULL, todo, done, sizeof(done));
	/* Removals first, so that replacing a prefix works. */
	for (i = 0; i < p->n_del + p->n_add; i++) {
		bool del = i < p->n_del;
		const struct cidr *c = del ? &p->del[i] : &p->add[i - p->n_del];
		int r = addr_change(nl, ifindex, c, !del, &f);

		if (r == 0) {
			append(done, sizeof(done), "%s %s",
			       del ? "deladdr" : "addr", c->text);
			continue;
		}
		todo[0] = '\0';
		for (j = i; j < p->n_del + p->n_add; j++)
			append(todo, sizeof(todo), "%s %s",
			       j < p->n_del ? "deladdr" : "addr",
			       j < p->n_del ? p->del[j].text :
			       p->add[j - p->n_del].text);
		snprintf(step, sizeof(step), "%s address %s",
			 del ? "delete" : "add", c->text);
		say_failed(name, step, &f, done, todo, tail);
		return 1;
	}
	return 0;
}

void plan_free(struct plan *p)
{
	free(p->add);
	free(p->del);
	memset(p, 0, sizeof(*p));
}
