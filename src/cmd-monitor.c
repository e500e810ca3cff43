/* SPDX-License-Identifier: GPL-2.0-or-later */
/* monitor: tun/tap devices live, one line per event (created, deleted,
 * moved, attached, detached, changed), as text or JSON lines, until
 * interrupted or until nobody reads the output. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "cmd-monitor.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "listing.h"
#include "output.h"
#include "procs.h"
#include "report.h"
#include "select.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

#ifndef JSON_C_TO_STRING_NOSLASHESCAPE
#define JSON_C_TO_STRING_NOSLASHESCAPE 0
#endif

/* Every link of the namespace by ifindex (bridges for their names), and
 * for tun/tap devices their state: a chained hash, for bursts of tens
 * of thousands of events. */
struct ent {
	int ifindex;
	char name[IFNAMSIZ];
	bool tun;
	bool fresh;		/* first seen by the reading of all devices */
	struct devstate st;	/* tun/tap devices: the state last told */
	struct ent *next;
};

struct mon {
	const struct device_spec *s;
	struct ent **bucket;
	size_t nbucket, n;
	bool json, stamps;
	bool silent;		/* reading the devices as they are */
	bool reading;		/* in read_all's dump */
	bool out_gone;		/* nobody reads our output any more */
	int genmode;		/* the default addrgenmode, read with the devices */
	struct strbuf line;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static struct ent **slot(struct mon *m, int ifindex)
{
	struct ent **e = &m->bucket[(unsigned)ifindex & (m->nbucket - 1)];

	while (*e && (*e)->ifindex != ifindex)
		e = &(*e)->next;
	return e;
}

static void grow(struct mon *m)
{
	struct ent **old = m->bucket;
	size_t i, n = m->nbucket;

	m->nbucket = n ? n * 2 : 1024;
	m->bucket = xcalloc(m->nbucket, sizeof(struct ent *));
	for (i = 0; i < n; i++) {
		struct ent *e = old[i], *next;

		for (; e; e = next) {
			struct ent **to = &m->bucket[(unsigned)e->ifindex &
						     (m->nbucket - 1)];

			next = e->next;
			e->next = *to;
			*to = e;
		}
	}
	free(old);
}

static struct ent *find(struct mon *m, int ifindex)
{
	return *slot(m, ifindex);
}

static struct ent *add_ent(struct mon *m, int ifindex)
{
	struct ent *e;

	if (m->n + 1 > m->nbucket)
		grow(m);
	e = xcalloc(1, sizeof(*e));
	e->ifindex = ifindex;
	e->next = *slot(m, ifindex);
	*slot(m, ifindex) = e;
	m->n++;
	return e;
}

static void drop_ent(struct mon *m, int ifindex)
{
	struct ent **p = slot(m, ifindex), *e = *p;

	if (!e)
		return;
	*p = e->next;
	devstate_free(&e->st);
	free(e);
	m->n--;
}

static void free_all(struct mon *m)
{
	size_t i;

	for (i = 0; i < m->nbucket; i++)
		while (m->bucket[i])
			drop_ent(m, m->bucket[i]->ifindex);
	free(m->bucket);
}

/* The bridge's name in a device's state. */
static void fill_master(struct mon *m, struct devstate *st)
{
	struct ent *b = st->li.master ? find(m, st->li.master) : NULL;

	snprintf(st->master, sizeof(st->master), "%s", b ? b->name : "");
}

static bool wanted(const struct mon *m, const struct devstate *st)
{
	const struct device_spec *s = m->s;
	size_t i;

	if (s->n_names) {
		for (i = 0; i < s->n_names; i++)
			if (!strcmp(s->names[i], st->li.name))
				break;
		if (i == s->n_names)
			return false;
	}
	/* master: compared by name, the bridge may come and go. */
	if (s->master && strcmp(s->master, st->master) != 0)
		return false;
	return selection_matches(s, &st->li, -1);
}

/* ISO 8601, local time, to the microsecond. */
static void stamp(struct strbuf *b)
{
	struct timespec ts;
	struct tm tm;
	char t[40], z[8];

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);
	sb_addf(b, "%s.%06ld%.3s:%s", t, ts.tv_nsec / 1000, z, z + 3);
}

static void put_line(struct mon *m, const char *s)
{
	if (m->out_gone)
		return;
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ||
	    fflush(stdout) == EOF)
		m->out_gone = true;
}

static void add_change(const char *key, const struct val *o,
		       const struct val *n, void *arg)
{
	json_object_object_add(arg, key, out_change(o, n));
}

/* One event.  st: the device as it is now (as it was, for deleted and
 * moved); before: for changed; who/n: the processes of an attach. */
static void event(struct mon *m, const char *what, const struct devstate *st,
		  const struct devstate *before, const struct holder *who,
		  size_t n)
{
	struct strbuf *b = &m->line;
	size_t i;

	if (m->silent)
		return;
	b->len = 0;
	sb_add(b, "", 0);
	if (!m->json) {
		if (m->stamps) {
			stamp(b);
			sb_add(b, " ", 1);
		}
		sb_addf(b, "%s ", what);
		escape_append(b, st->li.name);
		if (!strcmp(what, "created")) {
			sb_add(b, ": ", 2);
			devstate_say_new(b, st, m->genmode);
		} else if (!strcmp(what, "changed")) {
			sb_add(b, ": ", 2);
			devstate_say_changes(b, before, st);
		} else if (!strcmp(what, "attached")) {
			struct strbuf d = SB_INIT;

			sb_addf(b, ": %s", holders_describe(who, n, &d));
			sb_free(&d);
		} else if (!strcmp(what, "moved")) {
			sb_add(b, ": to another network namespace", 31);
		}
		put_line(m, sb_str(b));
		return;
	}
	{
		struct listing_opts lo = { false, false };
		struct json_object *ev = json_object_new_object(), *row, *a;
		struct json_object_iterator it, end;
		const char **addrs = xcalloc(st->n_addrs + 1, sizeof(*addrs));
		struct out o;

		if (m->stamps) {
			stamp(b);
			json_object_object_add(ev, "time",
					       json_object_new_string(sb_str(b)));
		}
		json_object_object_add(ev, "event", json_object_new_string(what));
		for (i = 0; i < st->n_addrs; i++)
			addrs[i] = st->addrs[i].text;
		out_begin(&o, stdout, true, false);
		o.keep = true;
		listing_row(&o, &lo, &st->li, st->master[0] ? st->master : NULL,
			    addrs, st->n_addrs, NULL);
		row = out_row_take(&o);
		out_end(&o);
		free(addrs);
		for (it = json_object_iter_begin(row),
		     end = json_object_iter_end(row);
		     !json_object_iter_equal(&it, &end);
		     json_object_iter_next(&it))
			json_object_object_add(ev, json_object_iter_peek_name(&it),
					       json_object_get(json_object_iter_peek_value(&it)));
		json_object_put(row);
		if (before) {
			a = json_object_new_object();
			devstate_diff(before, st, add_change, a);
			json_object_object_add(ev, "changes", a);
		}
		if (!strcmp(what, "attached")) {
			a = json_object_new_array();
			for (i = 0; i < n; i++) {
				struct json_object *p = json_object_new_object();

				json_object_object_add(p, "pid",
						       json_object_new_int(who[i].pid));
				json_put_text(p, "comm", who[i].comm);
				json_object_array_add(a, p);
			}
			json_object_object_add(ev, "processes", a);
		}
		put_line(m, json_object_to_json_string_ext(ev,
			 JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(ev);
	}
}

/* The carrier went on: a queue attached.  One pass over /proc says
 * who, when it can. */
static void attached(struct mon *m, const struct devstate *st)
{
	struct holders h = { NULL, 0, 0 };
	const struct holder *v;
	size_t n;

	if (m->silent)
		return;
	holders_scan(&h);
	v = holders_of(&h, st->li.name, &n);
	event(m, "attached", st, NULL, v, n);
	holders_free(&h);
}

/* What one link message says, against what was last told. */
static void link_changed(const struct linkinfo *li, bool deleted,
			 uint32_t sender, void *arg)
{
	struct mon *m = arg;
	struct ent *e;
	struct devstate now;

	(void)sender;
	if (!li)
		return;
	e = find(m, li->ifindex);
	if (!deleted && !e)
		e = add_ent(m, li->ifindex);
	if (!deleted)
		snprintf(e->name, sizeof(e->name), "%s", li->name);
	if (!e || !li->tun) {
		if (deleted)
			drop_ent(m, li->ifindex);
		return;
	}
	memset(&now, 0, sizeof(now));
	now.exists = true;
	now.all_addrs = true;
	now.li = *li;
	fill_master(m, &now);
	if (!e->tun && deleted) {
		drop_ent(m, li->ifindex);
		return;
	}
	if (!e->tun) {
		e->tun = true;
		e->fresh = m->reading;
		e->st = now;
		if (wanted(m, &now))
			event(m, "created", &now, NULL, NULL, 0);
		return;
	}
	/* The addresses are the last ones told. */
	now.addrs = e->st.addrs;
	now.n_addrs = e->st.n_addrs;
	now.cap_addrs = e->st.cap_addrs;
	/* The last message has no IPv6 part: the device has left IPv6. */
	if (deleted && now.li.addrgenmode < 0)
		now.li.addrgenmode = e->st.li.addrgenmode;
	/* Any message, the last one too, may carry changes the kernel did
	 * not announce when they were made (owner, group, persist, alias of
	 * a link that is down). */
	if (wanted(m, &now) || wanted(m, &e->st)) {
		if (devstate_diff(&e->st, &now, NULL, NULL))
			event(m, "changed", &now, &e->st, NULL, 0);
		if (!deleted && !e->st.li.carrier && li->carrier)
			attached(m, &now);
		else if (!deleted && e->st.li.carrier && !li->carrier)
			event(m, "detached", &now, NULL, NULL, 0);
	}
	if (deleted) {
		if (wanted(m, &now))
			event(m, li->moved ? "moved" : "deleted", &now, NULL,
			      NULL, 0);
		drop_ent(m, li->ifindex);
		return;
	}
	e->st = now;
}

static void addr_changed(int ifindex, const struct cidr *a, bool deleted,
			 void *arg)
{
	struct mon *m = arg;
	struct ent *e = find(m, ifindex);
	struct devstate before;
	size_t i;

	if (!e || !e->tun)
		return;
	for (i = 0; i < e->st.n_addrs; i++)
		if (!strcmp(e->st.addrs[i].text, a->text))
			break;
	/* A known address announced again (its flags, its lifetime). */
	if (deleted ? i == e->st.n_addrs : i < e->st.n_addrs)
		return;
	devstate_copy(&before, &e->st);
	if (deleted)
		devstate_del_addr(&e->st, a);
	else
		devstate_add_addr(&e->st, a);
	if (wanted(m, &e->st))
		event(m, "changed", &e->st, &before, NULL, 0);
	devstate_free(&before);
}

static void dump_link(const struct linkinfo *li, void *arg)
{
	if (li)
		link_changed(li, false, 0, arg);
}

static void dump_addr(int ifindex, const struct cidr *a, void *arg)
{
	addr_changed(ifindex, a, false, arg);
}

/* What read_all found changed in one device it knew: attach and detach
 * (told as such, with the holders as they are now), then the rest. */
static void tell_difference(struct mon *m, struct ent *e,
			    const struct devstate *was)
{
	if (!wanted(m, &e->st) && !wanted(m, was))
		return;
	if (!was->li.carrier && e->st.li.carrier)
		attached(m, &e->st);
	else if (was->li.carrier && !e->st.li.carrier)
		event(m, "detached", &e->st, NULL, NULL, 0);
	if (devstate_diff(was, &e->st, NULL, NULL))
		event(m, "changed", &e->st, was, NULL, 0);
}

/* The devices as they are: at the start (telling nothing), and after
 * the kernel dropped events (telling what differs from what we knew:
 * each device gone, new or changed once, with its addresses). */
static int read_all(struct mon *m, bool tell)
{
	struct fail f = { 0, "" };
	struct devstate *old = NULL;
	struct ent *e, *next;
	size_t i, k = 0;
	int r;

	m->genmode = sysfs_ipv6_genmode(NULL);
	/* Mark every entry: those the dump does not name again are gone.
	 * The addresses are read afresh, the old kept to compare. */
	old = xcalloc(m->n + 1, sizeof(*old));
	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e; e = e->next) {
			e->name[0] = '\0';
			if (!e->tun)
				continue;
			old[k] = e->st;
			old[k++].addrs = e->st.addrs;
			e->st.addrs = NULL;
			e->st.n_addrs = e->st.cap_addrs = 0;
		}
	/* Silently: the differences are told below, once each. */
	m->silent = m->reading = true;
	r = link_dump(nl_get(), dump_link, m, &f);
	m->reading = false;
	if (r == 0) {
		m->silent = !tell;
		for (i = 0; i < m->nbucket; i++)
			for (e = m->bucket[i]; e; e = next) {
				next = e->next;
				if (e->name[0])
					continue;
				if (e->tun)
					link_changed(&e->st.li, true, 0, m);
				else
					drop_ent(m, e->ifindex);
			}
		/* A bridge may come after its ports in the dump. */
		for (i = 0; i < m->nbucket; i++)
			for (e = m->bucket[i]; e; e = e->next)
				if (e->tun)
					fill_master(m, &e->st);
		m->silent = true;
		r = addr_dump(nl_get(), 0, dump_addr, m, &f);
	}
	m->silent = !tell;
	for (i = 0; i < k; i++) {
		e = find(m, old[i].li.ifindex);
		if (r == 0 && e && e->tun && !e->fresh)
			tell_difference(m, e, &old[i]);
		devstate_free(&old[i]);
	}
	free(old);
	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e; e = e->next) {
			if (r == 0 && e->fresh && wanted(m, &e->st))
				event(m, "created", &e->st, NULL, NULL, 0);
			e->fresh = false;
		}
	m->silent = false;
	if (r < 0)
		report_fail(NULL, &f, "cannot read the devices");
	return r < 0 ? 1 : 0;
}

int cmd_monitor(struct device_spec *s)
{
	struct mon m;
	struct linkwatch *w = NULL;
	struct fail f = { 0, "" };
	struct sigaction sa;
	struct pollfd pf[2];
	int status = 0;

	memset(&m, 0, sizeof(m));
	m.s = s;
	m.json = s->json;
	m.stamps = s->timestamps;
	if (resolve_ids(s, NULL) || !nl_get())
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* Listen first, then read: nothing falls between. */
	if (linkwatch_open(&w, true, &f) < 0) {
		report_fail(NULL, &f, "cannot listen to the kernel's link events");
		return 1;
	}
	grow(&m);
	if (read_all(&m, false)) {
		linkwatch_close(w);
		free_all(&m);
		return 1;
	}
	pf[0].fd = linkwatch_fd(w);
	pf[0].events = POLLIN;
	/* A pipe whose reader has gone says so (POLLERR) without our
	 * writing: monitor | head -3 ends with head. */
	pf[1].fd = STDOUT_FILENO;
	pf[1].events = 0;
	while (!stop && !m.out_gone) {
		int r = poll(pf, 2, -1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			report(NULL, "cannot wait for events: %s", strerror(errno));
			status = 1;
			break;
		}
		if (pf[1].revents & (POLLERR | POLLHUP))
			break;
		if (!(pf[0].revents & POLLIN))
			continue;
		if (linkwatch_drain(w, link_changed, addr_changed, &m, &f) == 0)
			continue;
		if (f.err != ENOBUFS) {
			report_fail(NULL, &f, "cannot read the kernel's link events");
			status = 1;
			break;
		}
		/* Never quiet about a loss: say so, then tell what changed
		 * meanwhile from a fresh read. */
		report(NULL, "the kernel dropped events (its buffer for us overflowed); reading the devices again, what changed meanwhile follows");
		put_line(&m, m.json ? "{\"event\":\"lost\"}" :
			 "lost: the kernel dropped events; what changed meanwhile follows");
		linkwatch_discard(w);
		if (read_all(&m, true)) {
			status = 1;
			break;
		}
	}
	linkwatch_close(w);
	free_all(&m);
	sb_free(&m.line);
	/* A reader that went away ends us quietly, as it ends head's
	 * writers. */
	if (m.out_gone)
		out_stdout_failed_set();
	return status;
}
