/* SPDX-License-Identifier: GPL-2.0-or-later */
/* save: the persistent tun/tap devices as a boot file, one add line per
 * device (names sorted) that -b turns back into the same devices, and
 * that --exist-ok -b finds unchanged; what cannot be saved is said in
 * a comment line.  One link dump, one address dump, one pass over /proc
 * and one sysfs read per device: linear in the number of devices. */
#include "config.h"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "args.h"
#include "cmd-save.h"
#include "escape.h"
#include "fields.h"
#include "holding.h"
#include "ids.h"
#include "macaddr.h"
#include "output.h"
#include "report.h"
#include "selection.h"
#include "tunfd.h"
#include "util.h"

/* One word as the boot file reads it back byte for byte: as it is when
 * it holds only characters no reader takes for syntax; in $'...' with
 * every byte outside printable ASCII as \xHH when it holds what printing
 * escapes (control bytes, invalid UTF-8, invisible characters: add takes
 * those only so spelled, and the line stays one line of plain text);
 * else in single quotes, inside which every byte is itself and a quote
 * is written '\''. */
static void put_word(struct strbuf *b, const char *w)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz"
				   "0123456789_.:/%@+=,-";
	const char *p;

	if (b->len)
		sb_add(b, " ", 1);
	if (*w && strspn(w, safe) == strlen(w)) {
		sb_add(b, w, strlen(w));
		return;
	}
	if (text_flaw(w) != TEXT_PLAIN) {
		sb_add(b, "$'", 2);
		for (p = w; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c == '\\' || c == '\'')
				sb_addf(b, "\\%c", c);
			else if (c < 0x20 || c > 0x7e)
				sb_addf(b, "\\x%02x", c);
			else
				sb_add(b, p, 1);
		}
		sb_add(b, "'", 1);
		return;
	}
	sb_add(b, "'", 1);
	for (p = w; *p; p++) {
		if (*p == '\'')
			sb_add(b, "'\\''", 4);
		else
			sb_add(b, p, 1);
	}
	sb_add(b, "'", 1);
}

static void put_kv(struct strbuf *b, const char *key, const char *val)
{
	put_word(b, key);
	put_word(b, val);
}

static void put_num(struct strbuf *b, const char *key, unsigned long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", v);
	put_kv(b, key, buf);
}

/* A user or group: its name where it has one, else its number. */
static void put_id(struct strbuf *b, const char *key, int64_t id, bool user)
{
	const char *name = ids_name(id, user);

	if (name)
		put_kv(b, key, name);
	else
		put_num(b, key, (unsigned long long)id);
}

struct saved {
	const struct linkinfo *li;
	struct strbuf line;	/* the add line, empty when none */
	struct strbuf notes;	/* comment lines' texts, one per line */
};

static void note(struct saved *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct saved *sv, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sb_addf(&sv->notes, "%s: %s\n", vis(sv->li->name), msg);
}

/* What of address a the line cannot say: flags add does not take, a
 * lifetime (the line makes it permanent). */
static void address_note(struct saved *sv, const struct cidr *a)
{
	static const struct {
		unsigned flag;
		const char *word;
	} flags[] = {
		{ IFA_F_NODAD, "nodad" },
		{ IFA_F_HOMEADDRESS, "home" },
		{ IFA_F_MANAGETEMPADDR, "mngtmpaddr" },
		{ IFA_F_NOPREFIXROUTE, "noprefixroute" },
		{ IFA_F_MCAUTOJOIN, "autojoin" },
	};
	struct strbuf words = SB_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (a->set_flags & flags[i].flag)
			sb_addf(&words, "%s%s", words.len ? " " : "",
				flags[i].word);
	note(sv, "address %s: saved without %s%s%s (add takes neither flags nor lifetimes)",
	     a->text, sb_str(&words), words.len && a->expires ? " and " : "",
	     a->expires ? "its lifetime" : "");
	sb_free(&words);
}

/* Whether add would give tap li the MAC address it has. */
static bool derived_mac(const struct linkinfo *li)
{
	unsigned char mac[6];

	return mac_for_name(li->name, mac) && !memcmp(mac, li->mac, 6);
}

static void add_line(struct saved *sv, const struct selection *sel,
		     const struct addrset *as)
{
	const struct linkinfo *li = sv->li, *m;
	const struct keyword *kw = keyword_find(li->name, C_ADD);
	const struct field_src src = { li, NULL, NULL };
	struct strbuf *b = &sv->line;
	const struct cidr *a;
	struct val genmode;
	char mac[18];
	size_t n, i;

	put_word(b, "add");
	/* A name that add would take for a keyword or an option is given
	 * as dev NAME. */
	if ((kw && (kw->cmds & C_ADD)) || li->name[0] == '-')
		put_word(b, "dev");
	put_word(b, li->name);
	put_kv(b, "mode", li->tap ? "tap" : "tun");
	if (li->multi_queue)
		put_word(b, "multi_queue");
	if (li->pi)
		put_word(b, "pi");
	if (li->vnet_hdr)
		put_word(b, "vnet_hdr");
	if (li->one_queue)
		put_word(b, "one_queue");
	if (li->owner >= 0)
		put_id(b, "user", li->owner, true);
	if (li->tgroup >= 0)
		put_id(b, "group", li->tgroup, false);
	if (li->mtu != 1500)
		put_num(b, "mtu", li->mtu);
	if (li->tap && li->has_mac && !derived_mac(li)) {
		put_kv(b, "address", mac_text(li->mac, mac));
	}
	for (i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];

		if ((f->flags & FIELD_NUMBER) &&
		    fields_info_num(f, li) != fields_default(f, li->tap))
			put_num(b, f->key, fields_info_num(f, li));
	}
	m = li->master ? linkset_by_index(&sel->all, li->master) : NULL;
	if (m)
		put_kv(b, "master", m->name);
	if (li->alias[0])
		put_kv(b, "alias", li->alias);
	/* The field table's word for it, the one add takes. */
	fields_get(fields_find("addrgenmode"), &src, &genmode, NULL, 0);
	if (genmode.kind == V_STR)
		put_kv(b, "addrgenmode", genmode.s);
	put_word(b, li->ifflags & IFF_UP ? "up" : "down");
	a = addrset_of(as, li->ifindex, &n);
	for (i = 0; i < n; i++) {
		char local[INET6_ADDRSTRLEN], word[INET6_ADDRSTRLEN + 8];

		if (a[i].kernel_made)
			continue;
		if (a[i].set_flags || a[i].expires)
			address_note(sv, &a[i]);
		inet_ntop(a[i].family, a[i].addr, local, sizeof(local));
		if (a[i].has_peer) {
			put_kv(b, "addr", local);
			inet_ntop(a[i].family, a[i].peer, local, sizeof(local));
		} else {
			put_word(b, "addr");
		}
		snprintf(word, sizeof(word), "%s/%u", local, a[i].prefix);
		put_word(b, a[i].has_peer ? "peer" : word);
		if (a[i].has_peer)
			put_word(b, word);
	}
}

static void save_one(struct saved *sv, const struct selection *sel,
		     const struct addrset *as, const struct holders *h)
{
	const struct linkinfo *li = sv->li;
	const struct holder *v;
	struct holding hd;
	size_t n;
	bool held = tunfd_held(li, h, &v, &n);

	holding_of(h, li, &hd);
	if (!li->persist) {
		note(sv, "not saved: it is not persistent (it belongs to %s, and goes when it closes the device)",
		     held ? sb_str(&hd.who) : "a program");
	} else {
		/* Every name the kernel has, add can make again: the kernel
		 * names no device with a '%' (it takes one for a pattern, as
		 * add does), and put_word() spells every other byte so that
		 * add takes it. */
		if (held)
			note(sv, "held by %s: its pi, vnet_hdr and one_queue are what that program asked for",
			     sb_str(&hd.who));
		add_line(sv, sel, as);
	}
	holding_done(&hd);
}

/* Whether a program may hold one of the devices, so that /proc is
 * worth a pass (the pass reads every process's fds, which costs more
 * than all the rest at 10,000 devices): a device that is not
 * persistent has a holder; an attach turns the carrier on, and the
 * kernel counts a multi_queue device's queues. */
static bool any_held(const struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		if (!sel->v[i]->persist || sel->v[i]->carrier ||
		    (sel->v[i]->queues_known && sel->v[i]->queues))
			return true;
	return false;
}

static int by_name(const void *a, const void *b)
{
	const struct saved *x = a, *y = b;

	return strcmp(x->li->name, y->li->name);
}

static int print_text(const struct saved *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = sb_str(&v[i].notes), *nl;

		for (; (nl = strchr(p, '\n')); p = nl + 1)
			printf("# %.*s\n", (int)(nl - p), p);
		if (v[i].line.len)
			printf("%s\n", sb_str(&v[i].line));
	}
	return fflush(stdout) ? -1 : 0;
}

/* One device's entry in save -j (contrib/save.schema.json), into d. */
static void device_json(const struct saved *sv, struct json_object *d)
{
	struct json_object *notes = json_object_new_array();
	const char *p = sb_str(&sv->notes), *nl;

	json_put_text(d, "device", sv->li->name);
	json_object_object_add(d, "saved",
			       json_object_new_boolean(sv->line.len > 0));
	if (sv->line.len)
		json_put_text(d, "line", sb_str(&sv->line));
	else
		json_object_object_add(d, "line", NULL);
	for (; (nl = strchr(p, '\n')); p = nl + 1)
		json_object_array_add(notes, json_object_new_string_len(
					      p, (int)(nl - p)));
	json_object_object_add(d, "notes", notes);
}

/* save -j: its document; a save line of a batch puts its entries in
 * the change report instead, as a show line does its rows. */
static int print_json(const struct saved *v, size_t n, bool pretty)
{
	struct json_object *doc, *devs;
	struct out o;
	size_t i;
	int r;

	if (out_rows_taken()) {
		out_begin(&o, stdout, true, pretty);
		for (i = 0; i < n; i++) {
			out_row(&o);
			device_json(&v[i], o.obj);
			out_row_end(&o);
		}
		return out_end(&o);
	}
	doc = json_object_new_object();
	devs = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct json_object *d = json_object_new_object();

		device_json(&v[i], d);
		json_object_array_add(devs, d);
	}
	json_object_object_add(doc, "devices", devs);
	r = puts(json_object_to_json_string_ext(doc,
			JSON_C_TO_STRING_NOSLASHESCAPE | (pretty ?
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
			JSON_C_TO_STRING_PLAIN))) < 0 ? -1 : 0;
	json_object_put(doc);
	return r;
}

int cmd_save(struct device_spec *s, struct run *run __attribute__((unused)))
{
	struct addrset as = { NULL, NULL, 0 };
	struct holders h = { NULL, 0, 0 };
	struct selection sel;
	struct fail f = { 0, "" };
	struct saved *v;
	size_t i;
	int status;

	status = selection_make(s, "not saved", false, &sel);
	if (status == EXIT_USAGE || !sel.all.v) {
		selection_free(&sel);
		return status ? status : 1;
	}
	if (sel.n && addrset_load(&as, &sel.all, &f) < 0) {
		report_fail(NULL, &f, "cannot list addresses; nothing saved");
		addrset_free(&as);
		selection_free(&sel);
		return 1;
	}
	if (any_held(&sel))
		holding_scan(&h);
	if (sel.n)
		selection_read_one_queue(&sel);
	v = xcalloc(sel.n + 1, sizeof(*v));
	for (i = 0; i < sel.n; i++) {
		v[i].li = sel.v[i];
		save_one(&v[i], &sel, &as, &h);
	}
	qsort(v, sel.n, sizeof(*v), by_name);
	if ((s->json ? print_json(v, sel.n, s->pretty) :
	     print_text(v, sel.n)) < 0)
		status = 1;
	for (i = 0; i < sel.n; i++) {
		sb_free(&v[i].line);
		sb_free(&v[i].notes);
	}
	free(v);
	holding_free(&h);
	addrset_free(&as);
	selection_report(&sel);
	selection_free(&sel);
	return status ? 1 : 0;
}
