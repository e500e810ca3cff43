/* show: every tun/tap fact from one link dump (the tun facts come in
 * its IFLA_INFO_DATA; see select.c for kernels without them), one
 * address dump when addresses are shown, and one pass over /proc for
 * -d.  Cost is linear in the number of devices. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "cmd-show.h"
#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "output.h"
#include "procs.h"
#include "report.h"
#include "select.h"
#include "util.h"

struct addr_entry {
	int ifindex;
	size_t seq;
	char text[INET6_ADDRSTRLEN + 8];
};

struct addr_list {
	struct addr_entry *v;
	size_t n, cap;
	const struct selection *sel;
};

static void collect_addr(int ifindex, const struct cidr *a, void *arg)
{
	struct addr_list *l = arg;
	struct linkinfo *li = linkset_by_index(&l->sel->all, ifindex);

	if (!li || !li->tun)
		return;
	xgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v));
	l->v[l->n].ifindex = ifindex;
	l->v[l->n].seq = l->n;
	memcpy(l->v[l->n].text, a->text, sizeof(l->v[l->n].text));
	l->n++;
}

static int addr_cmp(const void *a, const void *b)
{
	const struct addr_entry *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The addresses of one device, in kernel order: pointers into l's
 * vector, grown as needed (no device has too many to show). */
static size_t addrs_of(const struct addr_list *l, int ifindex,
		       const char ***out, size_t *cap)
{
	size_t lo = 0, hi = l->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->n && l->v[lo].ifindex == ifindex; lo++) {
		xgrow((void **)out, cap, n, sizeof(**out));
		(*out)[n++] = l->v[lo].text;
	}
	return n;
}

static const char *flag_text(const struct linkinfo *li, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", li->pi ? ",pi" : "",
		 li->vnet_hdr ? ",vnet_hdr" : "",
		 li->multi_queue ? ",multi_queue" : "",
		 li->persist ? ",persist" : "");
	return buf[0] ? buf + 1 : NULL;
}

static void show_processes(struct out *o, const struct holders *h,
			   const char *name)
{
	size_t n, i;
	const struct holder *v = holders_of(h, name, &n);
	struct json_object *a = json_object_new_array();
	struct strbuf text = SB_INIT;

	for (i = 0; i < n; i++) {
		struct json_object *p = json_object_new_object();

		json_object_object_add(p, "pid", json_object_new_int(v[i].pid));
		json_put_text(p, "comm", v[i].comm);
		json_object_array_add(a, p);
		sb_addf(&text, "%s%s(%d)", i ? "," : "", v[i].comm, v[i].pid);
	}
	out_json(o, "processes", a);
	out_str(o, NULL, "PROCESSES", n ? sb_str(&text) : NULL);
	sb_free(&text);
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

/* ip -brief's view: name, type, state and addresses, no header. */
static void show_brief(struct out *o, const struct linkinfo *li,
		       const struct addr_list *addrs)
{
	const char **list = NULL;
	size_t cap = 0, n = addrs_of(addrs, li->ifindex, &list, &cap);

	out_row(o);
	out_str(o, "ifname", "NAME", li->name);
	out_str(o, "type", "TYPE", li->tap ? "tap" : "tun");
	out_str(o, "operstate", "STATE", operstate_name(li->operstate));
	out_strs(o, "addresses", "ADDRESSES", list, n);
	out_row_end(o);
	free(list);
}

static void show_one(struct out *o, const struct device_spec *s,
		     const struct selection *sel, const struct linkinfo *li,
		     const struct addr_list *addrs, const struct holders *h)
{
	const char **list = NULL;
	char buf[96], ubuf[96], gbuf[96], mac[18];
	const struct linkinfo *m;
	size_t n, cap = 0;

	if (s->brief) {
		show_brief(o, li, addrs);
		return;
	}
	out_row(o);
	out_str(o, "ifname", "NAME", li->name);
	out_u64(o, "ifindex", NULL, (uint64_t)li->ifindex);
	out_str(o, "type", "TYPE", li->tap ? "tap" : "tun");
	out_bool(o, "pi", li->pi);
	out_bool(o, "vnet_hdr", li->vnet_hdr);
	out_bool(o, "multi_queue", li->multi_queue);
	out_bool(o, "persist", li->persist);
	out_str(o, NULL, "FLAGS", flag_text(li, buf, sizeof(buf)));
	out_opt_u64(o, "user", NULL, li->owner >= 0, (uint64_t)li->owner);
	out_opt_u64(o, "group", NULL, li->tgroup >= 0, (uint64_t)li->tgroup);
	out_str(o, "user_name", NULL, id_name(li->owner, true));
	out_str(o, "group_name", NULL, id_name(li->tgroup, false));
	out_str(o, NULL, "USER", user_label(li->owner, ubuf, sizeof(ubuf)));
	out_str(o, NULL, "GROUP", group_label(li->tgroup, gbuf, sizeof(gbuf)));
	out_str(o, NULL, "STATE", li->ifflags & IFF_UP ? "up" : "down");
	out_str(o, NULL, "CARRIER", li->carrier ? "on" : "off");
	out_u64(o, "mtu", "MTU", li->mtu);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", li->mac[0],
		 li->mac[1], li->mac[2], li->mac[3], li->mac[4], li->mac[5]);
	out_str(o, "address", s->details ? "MAC" : NULL,
		li->has_mac ? mac : NULL);
	out_str(o, "operstate", NULL, operstate_name(li->operstate));
	out_bool(o, "up", li->ifflags & IFF_UP);
	out_bool(o, "carrier", li->carrier);
	m = li->master ? linkset_by_index(&sel->all, li->master) : NULL;
	out_str(o, "master", s->details ? "MASTER" : NULL, m ? m->name : NULL);
	out_u64(o, "txqueuelen", s->details ? "TXQLEN" : NULL, li->txqlen);
	if (s->details) {
		snprintf(buf, sizeof(buf), li->disabled_queues ?
			 "%u+%u disabled" : "%u", queues(li, h),
			 li->disabled_queues);
		out_str(o, NULL, "QUEUES", buf);
	}
	n = addrs_of(addrs, li->ifindex, &list, &cap);
	out_strs(o, "addresses", s->details ? "ADDRESSES" : NULL, list, n);
	free(list);
	if (s->details) {
		out_u64(o, "queues", NULL, queues(li, h));
		out_u64(o, "disabled_queues", NULL, li->disabled_queues);
		show_processes(o, h, li->name);
	}
	out_row_end(o);
}

int cmd_show(struct device_spec *s)
{
	struct addr_list addrs = { NULL, 0, 0, NULL };
	struct holders h = { NULL, 0, 0 };
	struct selection sel;
	struct fail f = { 0, "" };
	struct out o;
	size_t i;
	int status;

	status = select_devices(s, "not shown", false, &sel);
	if (status == EXIT_USAGE || !sel.all.v) {
		selection_free(&sel);
		return status ? status : 1;
	}
	if (s->names_only) {
		/* Names only: one column, no header (JSON: objects with
		 * ifname alone). */
		out_begin(&o, stdout, s->json, s->pretty);
		o.no_header = true;
		for (i = 0; i < sel.n; i++) {
			out_row(&o);
			out_str(&o, "ifname", "NAME", sel.v[i]->name);
			out_row_end(&o);
		}
		out_end(&o);
	} else {
		addrs.sel = &sel;
		if ((s->json || s->details || s->brief) && sel.n &&
		    addr_dump(nl_get(), 0, collect_addr, &addrs, &f) < 0) {
			report_fail(NULL, &f, "cannot list addresses");
			status = 1;
		}
		if (addrs.n)
			qsort(addrs.v, addrs.n, sizeof(*addrs.v), addr_cmp);
		if (s->details && sel.n)
			holders_scan(&h);
		out_begin(&o, stdout, s->json, s->pretty);
		o.no_header = s->brief;
		for (i = 0; i < sel.n; i++)
			show_one(&o, s, &sel, sel.v[i], &addrs, &h);
		out_end(&o);
		holders_free(&h);
		free(addrs.v);
	}
	selection_report(&sel);
	selection_free(&sel);
	return status ? 1 : 0;
}
