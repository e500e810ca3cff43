/* SPDX-License-Identifier: GPL-2.0-or-later */
/* monitor: tun/tap devices live, one line per event (created, deleted,
 * moved, attached, detached, changed), as text or JSON lines, until
 * interrupted or until nobody reads the output. */
#include "config.h"

#include <errno.h>
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
#include "holding.h"
#include "ids.h"
#include "listing.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "util.h"
#include "watch.h"

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
	/* Not told yet: a tool is making it (maker its pid), or its maker
	 * let go of it (letgo) and it is told once the messages it caused
	 * have been read.  See settle_pass. */
	bool unsettled, letgo;
	int maker;
	unsigned long letgo_at;	/* m->drains when letgo was seen */
	unsigned long seq;	/* m->msg at its last message */
	unsigned long mark;
	bool said_attached;	/* an attached was told, its detached not */
	bool have_left;		/* left: what the kernel said when it was
				 * found left by its maker */
	struct linkinfo left;
	struct devstate st;	/* tun/tap devices: the state last told */
	struct ent *next;
};

/* A line held back while a device made before it is yet to be told;
 * seq, the message it came of, orders the created lines put among
 * them. */
struct held_line {
	unsigned long seq;
	char *text;
};

struct mon {
	const struct device_spec *s;
	struct watch *w;	/* the kernel's events, and the makers */
	struct ent **bucket;
	size_t nbucket, n;
	bool json, stamps;
	bool colour;		/* text lines in their hues (-c) */
	bool silent;		/* reading the devices as they are */
	bool reading;		/* in read_all's dump */
	bool telling;		/* read_all tells what differs */
	bool out_gone;		/* nobody reads our output any more */
	bool can_scan;		/* /proc shows other users' fds (root) */
	int genmode;		/* the default addrgenmode, read with the devices */
	struct strbuf line;
	int *pend;		/* ifindexes of unsettled devices */
	size_t n_pend, cap_pend;
	unsigned long drains, msg, pass;	/* msg: messages read */
	struct held_line *held;
	size_t n_held, cap_held;
	const struct ent *placing;	/* its created line goes at its seq */
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

static bool blocking(struct mon *m);

/* An event's line: printed, or held back while a device whose maker let
 * go of it before this line's event is yet to be told (see
 * settle_pass).  A created line told late goes among the held lines by
 * its device's last message. */
static void tell_line(struct mon *m, const char *text)
{
	unsigned long seq;
	size_t i;

	if (m->placing) {
		seq = m->placing->seq;
		if (!m->n_held && !blocking(m)) {
			put_line(m, text);
			return;
		}
		for (i = m->n_held; i > 0 && m->held[i - 1].seq > seq; i--)
			;
	} else {
		seq = m->msg;
		if (!m->n_held && !blocking(m)) {
			put_line(m, text);
			return;
		}
		i = m->n_held;
	}
	xgrow((void **)&m->held, &m->cap_held, m->n_held, sizeof(*m->held));
	memmove(&m->held[i + 1], &m->held[i],
		(m->n_held - i) * sizeof(*m->held));
	m->held[i].seq = seq;
	m->held[i].text = xstrdup(text);
	m->n_held++;
}

static void flush_held(struct mon *m)
{
	size_t i;

	for (i = 0; i < m->n_held; i++) {
		put_line(m, m->held[i].text);
		free(m->held[i].text);
	}
	m->n_held = 0;
}

static void add_change(const char *key, const struct val *o,
		       const struct val *n, void *arg)
{
	json_object_object_add(arg, key, out_change(o, n));
}

/* Text from outside (a name) or our own word, escaped, in hue h when
 * -c colours. */
static void hued(const struct mon *m, struct strbuf *b, enum out_hue h,
		 const char *text)
{
	bool on = m->colour && h != HUE_NONE;

	if (on)
		sb_addf(b, "%s", out_hue_start(h));
	escape_append(b, text);
	if (on)
		sb_addf(b, "%s", OUT_HUE_END);
}

/* One event.  st: the device as it is now (as it was, for deleted and
 * moved); before: for changed; who: the processes of an attach. */
static void event(struct mon *m, const char *what, const struct devstate *st,
		  const struct devstate *before, const struct holding *who)
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
		hued(m, b, !strcmp(what, "created") ? HUE_UP :
			 !strcmp(what, "deleted") ? HUE_DOWN : HUE_NONE, what);
		sb_add(b, " ", 1);
		hued(m, b, HUE_NAME, st->li.name);
		if (!strcmp(what, "created")) {
			sb_add(b, ": ", 2);
			devstate_say_new(b, st, m->genmode);
		} else if (!strcmp(what, "changed")) {
			sb_add(b, ": ", 2);
			devstate_say_changes(b, before, st);
		} else if (!strcmp(what, "attached")) {
			sb_addf(b, ": %s", who ? sb_str(&who->who) : "");
		} else if (!strcmp(what, "moved")) {
			sb_add(b, ": to another network namespace", 31);
		}
		tell_line(m, sb_str(b));
		return;
	}
	{
		struct listing_opts lo = { false, false };
		struct json_object *ev = json_object_new_object(), *row, *a;
		struct json_object_iterator it, end;
		struct out o;

		if (m->stamps) {
			stamp(b);
			json_object_object_add(ev, "time",
					       json_object_new_string(sb_str(b)));
		}
		json_object_object_add(ev, "event", json_object_new_string(what));
		out_begin(&o, stdout, true, false);
		o.keep = true;
		listing_row(&o, &lo, &st->li, st->master[0] ? st->master : NULL,
			    st->addrs, st->n_addrs, NULL);
		row = out_row_take(&o);
		out_end(&o);
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
			for (i = 0; who && i < who->n; i++) {
				struct json_object *p = json_object_new_object();

				json_object_object_add(p, "pid",
						       json_object_new_int(who->v[i].pid));
				json_put_text(p, "comm", who->v[i].comm);
				json_object_array_add(a, p);
			}
			json_object_object_add(ev, "processes", a);
		}
		tell_line(m, json_object_to_json_string_ext(ev,
			 JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(ev);
	}
}

/* The carrier went on (st: the device now): a queue attached.  One pass
 * over /proc (or h, one made already) says who.  tuntapctl's own fds
 * leave the carrier as it is (IFF_NO_CARRIER), so a set-owner or
 * persist is no attach; any other attach is told, a moment's too. */
static void tell_attach(struct mon *m, struct ent *e,
			const struct devstate *st, const struct holders *h)
{
	struct holding who;

	if (m->silent)
		return;
	holding_of(h, &st->li, &who);
	event(m, "attached", st, NULL, &who);
	e->said_attached = true;
	holding_done(&who);
}

/* Whether the maker of e (watch.h) has let go of it, or ended. */
static bool maker_let_go(struct mon *m, const struct ent *e)
{
	return !watch_maker_holds(m->w, e->maker, e->st.li.name);
}

static void hold(struct mon *m, struct ent *e, int maker)
{
	e->unsettled = true;
	e->letgo = false;
	e->maker = maker;
	xgrow((void **)&m->pend, &m->cap_pend, m->n_pend, sizeof(*m->pend));
	m->pend[m->n_pend++] = e->ifindex;
}

static void mark_letgo(struct mon *m, struct ent *e)
{
	e->letgo = true;
	e->letgo_at = m->drains;
}

/* Whether a line told now must wait: a device whose maker has let go
 * of it is told first, once what it caused has been read. */
static bool blocking(struct mon *m)
{
	size_t i;
	bool any = false;

	if (!m->n_pend)
		return false;
	watch_makers_reap(m->w);
	for (i = 0; i < m->n_pend; i++) {
		struct ent *e = find(m, m->pend[i]);

		if (!e || !e->unsettled)
			continue;
		if (!e->letgo && maker_let_go(m, e))
			mark_letgo(m, e);
		any |= e->letgo;
	}
	return any;
}

/* Tell a device's creation, from the state its messages gave; fresh:
 * with what the kernel did not announce (persistence, and the owner,
 * group, alias and address generation mode set while the link was down,
 * the carrier its maker's fd held) read now. */
static void settle(struct mon *m, struct ent *e, bool fresh,
		   const struct holders *h)
{
	struct linkinfo li;

	if (fresh && e->have_left)
		li = e->left;
	if (fresh && (e->have_left || watch_link(e->ifindex, &li)) &&
	    li.tun_data) {
		e->st.li.persist = li.persist;
		e->st.li.owner = li.owner;
		e->st.li.tgroup = li.tgroup;
		e->st.li.carrier = li.carrier;
		e->st.li.addrgenmode = li.addrgenmode;
		memcpy(e->st.li.alias, li.alias, sizeof(li.alias));
		e->st.li.one_queue_read = false;
		device_read_one_queue(&e->st.li);
	}
	e->unsettled = e->letgo = e->have_left = false;
	e->maker = 0;
	if (!wanted(m, &e->st))
		return;
	m->placing = e;
	event(m, "created", &e->st, NULL, NULL);
	if (e->st.li.carrier)
		tell_attach(m, e, &e->st, h);
	m->placing = NULL;
}

/* Whether the device is as a maker leaves it: persistent, and no fd
 * attached.  What the kernel says then is kept for its created line:
 * every message that came before this reading is read before that
 * line is told, and none of them is newer. */
static bool left_made(struct ent *e)
{
	e->have_left = watch_link(e->ifindex, &e->left) &&
		       e->left.persist && !e->left.carrier;
	return e->have_left;
}

/* A device's first message.  One that is not persistent yet may be in
 * the making: while a tool (tuntapctl, tunctl, ip) holds it, its
 * messages are taken in silently, and it is told once, as that tool
 * leaves it.  Any other is told now, as it is. */
static void new_device(struct mon *m, struct ent *e)
{
	struct holders h = { NULL, 0, 0 };
	struct holding who;
	bool held;
	int maker;

	e->seq = m->msg;
	if (e->st.li.persist) {
		settle(m, e, false, NULL);
		return;
	}
	maker = watch_maker_holding(m->w, e->st.li.name);
	if (maker) {
		hold(m, e, maker);
		return;
	}
	/* Made and let go of before we looked. */
	if (left_made(e)) {
		hold(m, e, 0);
		mark_letgo(m, e);
		return;
	}
	if (m->can_scan) {
		holding_scan(&h);
		holding_of(&h, &e->st.li, &who);
		maker = watch_maker_among(m->w, who.v, who.n);
		held = who.n > 0;
		holding_done(&who);
		/* A maker that cannot be watched (gone already, or no
		 * pidfds) has let go, or is taken to have. */
		if (maker || (!held && left_made(e))) {
			hold(m, e, maker > 0 ? maker : 0);
			if (maker <= 0)
				mark_letgo(m, e);
			holding_free(&h);
			return;
		}
	}
	settle(m, e, false, m->can_scan ? &h : NULL);
	holding_free(&h);
}

/* After a drain: tell the devices whose makers let go of them before
 * the drain began (so that every message their making caused has been
 * read), then the lines that waited for them.  Whether another drain
 * is wanted first. */
static bool settle_pass(struct mon *m)
{
	bool again = false;
	size_t i, k = 0;

	watch_makers_reap(m->w);
	m->pass++;
	for (i = 0; i < m->n_pend; i++) {
		struct ent *e = find(m, m->pend[i]);

		if (!e || !e->unsettled || e->mark == m->pass)
			continue;
		e->mark = m->pass;
		if (e->letgo && m->drains > e->letgo_at) {
			settle(m, e, true, NULL);
			continue;
		}
		if (!e->letgo && maker_let_go(m, e))
			mark_letgo(m, e);
		again |= e->letgo;
		m->pend[k++] = e->ifindex;
	}
	m->n_pend = k;
	if (!again)
		flush_held(m);
	return again;
}

/* What one link message says, against what was last told. */
static void got_link(const struct linkinfo *li, bool deleted, void *arg)
{
	struct mon *m = arg;
	struct ent *e;
	struct devstate now;

	if (!li)
		return;
	m->msg++;
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
	/* one_queue only sysfs says: read as the message comes; a device
	 * deleted, or gone before its message is read, keeps the one last
	 * told. */
	if (e->tun)
		now.li.one_queue = e->st.li.one_queue;
	if (!deleted)
		device_read_one_queue(&now.li);
	now.li.one_queue_read = true;
	fill_master(m, &now);
	if (!e->tun && deleted) {
		drop_ent(m, li->ifindex);
		return;
	}
	if (!e->tun) {
		e->tun = true;
		e->fresh = m->reading;
		e->st = now;
		if (!m->reading)
			new_device(m, e);
		return;
	}
	/* The addresses are the last ones told. */
	now.addrs = e->st.addrs;
	now.n_addrs = e->st.n_addrs;
	now.cap_addrs = e->st.cap_addrs;
	/* The last message has no IPv6 part: the device has left IPv6. */
	if (deleted && now.li.addrgenmode < 0)
		now.li.addrgenmode = e->st.li.addrgenmode;
	/* A port leaves its bridge as it is deleted: part of the deletion,
	 * and a filter of that master still matches it. */
	if (deleted)
		memcpy(now.master, e->st.master, sizeof(now.master));
	if (e->unsettled && !deleted && !m->reading && !e->st.li.persist &&
	    now.li.persist && !(e->st.li.ifflags & IFF_UP)) {
		/* Made persistent while down, which the kernel does not
		 * announce: the making (persistence is its last step) ended
		 * before this message, which tells what came after. */
		e->st.li.persist = now.li.persist;
		e->st.li.owner = now.li.owner;
		e->st.li.tgroup = now.li.tgroup;
		e->st.li.carrier = now.li.carrier;
		settle(m, e, false, NULL);
	} else if (e->unsettled) {
		e->st = now;
		e->seq = m->msg;
		if (!deleted) {
			/* Persistent and let go: as its maker leaves it. */
			if (!m->reading && now.li.persist && !now.li.carrier)
				settle(m, e, false, NULL);
			return;
		}
		settle(m, e, false, NULL);
	}
	/* Any message, the last one too, may carry changes the kernel did
	 * not announce when they were made (owner, group, persist, alias of
	 * a link that is down). */
	if (wanted(m, &now) || wanted(m, &e->st)) {
		if (devstate_diff(&e->st, &now, NULL, NULL))
			event(m, "changed", &now, &e->st, NULL);
		if (!deleted && !e->st.li.carrier && li->carrier)
			tell_attach(m, e, &now, NULL);
	}
	/* Each attached told gets its detached, matched or not. */
	if (!m->reading && e->said_attached && (deleted || !li->carrier)) {
		event(m, "detached", &now, NULL, NULL);
		e->said_attached = false;
	}
	if (deleted) {
		if (wanted(m, &now))
			event(m, li->moved ? "moved" : "deleted", &now, NULL,
			      NULL);
		drop_ent(m, li->ifindex);
		return;
	}
	e->st = now;
}

/* What one address message says. */
static void got_addr(int ifindex, const struct cidr *a, bool deleted,
		     void *arg)
{
	struct mon *m = arg;
	struct ent *e = find(m, ifindex);
	struct devstate before;
	size_t i;

	m->msg++;
	if (!e || !e->tun)
		return;
	for (i = 0; i < e->st.n_addrs; i++)
		if (!strcmp(e->st.addrs[i].text, a->text))
			break;
	/* A known address announced again (its flags, its lifetime). */
	if (deleted ? i == e->st.n_addrs : i < e->st.n_addrs)
		return;
	if (e->unsettled) {
		if (deleted)
			devstate_del_addr(&e->st, a);
		else
			devstate_add_addr(&e->st, a);
		e->seq = m->msg;
		return;
	}
	devstate_copy(&before, &e->st);
	if (deleted)
		devstate_del_addr(&e->st, a);
	else
		devstate_add_addr(&e->st, a);
	if (wanted(m, &e->st))
		event(m, "changed", &e->st, &before, NULL);
	devstate_free(&before);
}

/* What read_all found changed in one device it knew: attach and detach
 * (told as such, with the holders as they are now), then the rest. */
static void tell_difference(struct mon *m, struct ent *e,
			    const struct devstate *was)
{
	bool w = wanted(m, &e->st) || wanted(m, was);

	if (w && !was->li.carrier && e->st.li.carrier) {
		tell_attach(m, e, &e->st, NULL);
	} else if (e->said_attached && !e->st.li.carrier) {
		event(m, "detached", &e->st, NULL, NULL);
		e->said_attached = false;
	}
	if (w && devstate_diff(was, &e->st, NULL, NULL))
		event(m, "changed", &e->st, was, NULL);
}

/* Between read_all's links and its addresses: the devices the dump did
 * not name are gone, those in the making are told as they are now. */
static void links_read(void *arg)
{
	struct mon *m = arg;
	struct ent *e, *next;
	size_t i;

	m->reading = false;
	m->silent = !m->telling;
	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e; e = next) {
			next = e->next;
			if (e->name[0])
				continue;
			if (e->tun)
				got_link(&e->st.li, true, m);
			else
				drop_ent(m, e->ifindex);
		}
	/* A device still in the making is told as it is now. */
	for (i = 0; i < m->n_pend; i++) {
		e = find(m, m->pend[i]);
		if (e && e->unsettled) {
			e->unsettled = e->letgo = false;
			e->maker = 0;
			e->fresh = true;
		}
	}
	m->n_pend = 0;
	/* A bridge may come after its ports in the dump. */
	for (i = 0; i < m->nbucket; i++)
		for (e = m->bucket[i]; e; e = e->next)
			if (e->tun)
				fill_master(m, &e->st);
	m->silent = true;
}

/* The devices as they are: at the start (telling nothing), and after
 * the kernel dropped events (telling what differs from what we knew:
 * each device gone, new or changed once, with its addresses). */
static int read_all(struct mon *m, bool tell)
{
	struct fail f = { 0, "" };
	struct devstate *old = NULL;
	struct ent *e;
	size_t i, k = 0;
	int r;

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
	/* What waited is told before what follows the loss. */
	flush_held(m);
	/* Silently: the differences are told below, once each. */
	m->silent = m->reading = true;
	m->telling = tell;
	r = watch_dump(m->w, &m->genmode, &f);
	m->reading = false;
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
			if (r == 0 && e->fresh && e->tun) {
				e->seq = m->msg;
				settle(m, e, false, NULL);
			}
			e->fresh = false;
		}
	m->silent = false;
	if (r < 0)
		report_fail(NULL, &f, "cannot read the devices");
	return r < 0 ? 1 : 0;
}

/* Read what the kernel sent, and tell what it makes whole. */
static int pump(struct mon *m, struct fail *f)
{
	int r;

	do {
		r = watch_read(m->w, f);
		if (r < 0)
			return r;
		m->drains++;
	} while (settle_pass(m));
	return 0;
}

/* At the end: the devices still in the making are told as they are. */
static void finish(struct mon *m)
{
	struct fail f = { 0, "" };
	size_t i;

	for (i = 0; i < m->n_pend; i++) {
		struct ent *e = find(m, m->pend[i]);

		if (e && e->unsettled && !e->letgo)
			mark_letgo(m, e);
	}
	if (pump(m, &f) < 0) {
		for (i = 0; i < m->n_pend; i++) {
			struct ent *e = find(m, m->pend[i]);

			if (e && e->unsettled)
				settle(m, e, false, NULL);
		}
		m->n_pend = 0;
		flush_held(m);
	}
}

int cmd_monitor(struct device_spec *s, struct run *run __attribute__((unused)))
{
	struct mon m;
	const struct watch_fns fns = { got_link, got_addr, links_read,
				       &m };
	struct watch *w = NULL;
	struct fail f = { 0, "" };
	struct sigaction sa;
	int status = 0;
	size_t i;

	memset(&m, 0, sizeof(m));
	m.s = s;
	m.json = s->json;
	m.stamps = s->timestamps;
	m.colour = !m.json && out_colour_on(stdout);
	/* Without root, /proc hides other users' fds: no maker is seen. */
	m.can_scan = geteuid() == 0;
	if (ids_resolve(s, NULL) || !device_nl())
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* Listen first, then read: nothing falls between. */
	if (watch_open(&w, &fns, &f) < 0) {
		report_fail(NULL, &f, "cannot listen to the kernel's link events");
		return 1;
	}
	m.w = w;
	grow(&m);
	if (read_all(&m, false)) {
		watch_close(w);
		free_all(&m);
		return 1;
	}
	while (!stop && !m.out_gone) {
		/* A pipe whose reader has gone says so (POLLERR) without our
		 * writing: monitor | head -3 ends with head. */
		int r = watch_wait(w, STDOUT_FILENO);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			report(NULL, "cannot wait for events: %s", errno_text(errno));
			status = 1;
			break;
		}
		if (r == 0)
			break;
		if (pump(&m, &f) == 0)
			continue;
		if (f.err != ENOBUFS) {
			report_fail(NULL, &f, "cannot read the kernel's link events");
			status = 1;
			break;
		}
		/* Never quiet about a loss: say so, then tell what changed
		 * meanwhile from a fresh read. */
		flush_held(&m);
		report(NULL, "the kernel dropped events (its buffer for us overflowed); reading the devices again, what changed meanwhile follows");
		put_line(&m, m.json ? "{\"event\":\"lost\"}" :
			 "lost: the kernel dropped events; what changed meanwhile follows");
		watch_discard(w);
		if (read_all(&m, true)) {
			status = 1;
			break;
		}
	}
	if (!status && !m.out_gone)
		finish(&m);
	watch_close(w);
	for (i = 0; i < m.n_held; i++)
		free(m.held[i].text);
	free(m.held);
	free(m.pend);
	free_all(&m);
	sb_free(&m.line);
	/* A reader that went away ends us quietly, as it ends head's
	 * writers. */
	if (m.out_gone)
		out_stdout_failed_set();
	return status;
}
