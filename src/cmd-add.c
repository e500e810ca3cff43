/* SPDX-License-Identifier: GPL-2.0-or-later */
/* add: create a device and configure it in one step; nothing half-made
 * remains.  The device stays non-persistent, held only by our fd, until
 * every step has succeeded, so any failure (or our death) removes it. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "cmd-add.h"
#include "converge.h"
#include "devices.h"
#include "escape.h"
#include "fields.h"
#include "ids.h"
#include "lock.h"
#include "macaddr.h"
#include "move.h"
#include "output.h"
#include "plan.h"
#include "holders.h"
#include "report.h"
#include "selection.h"
#include "state.h"
#include "sysfs.h"
#include "tun.h"
#include "tunfd.h"
#include "util.h"

static unsigned create_flags(const struct device_spec *s)
{
	return (s->mode == MODE_TAP ? IFF_TAP : IFF_TUN) |
	       (s->pi ? 0 : IFF_NO_PI) |
	       (s->vnet_hdr ? IFF_VNET_HDR : 0) |
	       (s->multi_queue ? IFF_MULTI_QUEUE : 0) |
	       (s->one_queue ? IFF_ONE_QUEUE : 0);
}

/* Settings that go through netlink (the MAC address goes through our
 * fd, at creation). */
static bool wants_link(const struct device_spec *s)
{
	return s->mtu >= 0 || fields_spec_gives(s, FIELD_LINK) || s->master ||
	       s->updown ||
	       s->n_addrs || s->alias || s->addrgenmode >= 0;
}

/* A converged device's name, said as a created one's is; r passed on. */
static int said(const struct device_spec *s, const struct run *run, int r)
{
	if (!r && !run->quiet)
		printf("%s\n", vis(s->names[0]));
	return r;
}

static int describe_existing(const char *name)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (device_lookup(name, &li, &f) == 0) {
		if (li.tun)
			report(name, "cannot create the device: it already exists as %s (use --exist-ok to keep it and converge it, or delete it first)",
			       device_kind_phrase(&li));
		else
			report(name, "cannot create the device: the name is taken by %s",
			       device_kind_phrase(&li));
	} else {
		report(name, "cannot create the device: the name is taken (by a tun/tap device attached elsewhere or one just created)");
	}
	return 1;
}

/* The bridge a new device joins, as it was: a bridge whose own address
 * was never set takes the lowest of its ports' and takes another when
 * one leaves (none left: 00:00:00:00:00:00), so a rollback after the
 * device joined must give the bridge its address back. */
struct bridge_mac {
	int ifindex;
	bool known;
	unsigned char mac[6];
};

static void bridge_remember(struct bridge_mac *b, int ifindex)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	b->ifindex = ifindex;
	b->known = ifindex > 0 && link_get(device_nl(), NULL, ifindex, &li, &f) == 0 &&
		   li.has_mac;
	if (b->known)
		memcpy(b->mac, li.mac, 6);
}

static void bridge_restore(const struct bridge_mac *b)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct fail f = { 0, "" };
	struct linkinfo li;
	char text[18];

	if (!b->known || link_get(device_nl(), NULL, b->ifindex, &li, &f) < 0 ||
	    !memcmp(li.mac, b->mac, 6))
		return;
	lc.mac = b->mac;
	if (link_change(device_nl(), b->ifindex, &lc, &f) < 0)
		report_fail(li.name, &f, "cannot give the bridge its address %s back",
			    mac_text(b->mac, text));
}

/* Closing our fd removes the device: it is not persistent yet. */
static int undo(int fd, const char *name, const struct fail *f,
		const char *step, const struct bridge_mac *b)
{
	char reason[320];

	report(name, "cannot %s: %s; %s was removed", step,
	       fail_text(f, reason, sizeof(reason)), vis(name));
	close(fd);
	if (b)
		bridge_restore(b);
	return 1;
}

/* Link settings and addresses of the new device; the plan's last step
 * (bridge, up) is left to the caller.  0, or 1 after reporting. */
static int configure_new(const struct device_spec *s, const char *name, int master,
			 struct plan *p, int *ifindex)
{
	struct nlctx *nl = device_nl();
	struct fail f = { 0, "" };
	struct linkinfo li;
	char tail[64];

	memset(p, 0, sizeof(*p));
	if (!nl)
		return 1;
	if (link_get(nl, name, 0, &li, &f) < 0) {
		char reason[320];

		report(name, "cannot read the new device back: %s; %s was removed",
		       fail_text(&f, reason, sizeof(reason)), vis(name));
		return 1;
	}
	*ifindex = li.ifindex;
	snprintf(tail, sizeof(tail), "%s was removed", vis(name));
	if (plan_build(p, s, &li, master, PLAN_NEW, tail))
		return 1;
	return plan_apply(p, name, li.ifindex, tail);
}

/* The new tap's address: the one asked for, else one derived from the
 * machine id and the name (see macaddr.h), unless 'address random'. */
static const unsigned char *new_mac(const struct device_spec *s,
				    const char *name, unsigned char buf[6])
{
	if (s->mode != MODE_TAP || s->mac_random)
		return NULL;
	if (s->has_mac)
		return s->mac;
	mac_for_name(name, buf);
	return buf;
}

/* The index asked for must be free (the kernel's EBUSY would not say
 * whether the name or the index is taken). */
static int index_taken(const struct device_spec *s, const char *label)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (!s->ifindex || !device_nl() ||
	    link_get(device_nl(), NULL, (int)s->ifindex, &li, &f) < 0)
		return 0;
	report(label, "cannot create the device: index %u is taken by %s (%s); nothing was made",
	       s->ifindex, vis(li.name), device_kind_phrase(&li));
	return 1;
}

/* What the kernel would refuse once the device is made, refused before:
 * a taken index, and stable_privacy with no secret for the new device
 * to take from default (checked again where it moves to, if it does). */
static int refused_early(const struct device_spec *s, const char *name,
			 const char *label, int nsfd)
{
	if (index_taken(s, label))
		return 1;
	if (s->addrgenmode == 2 /* stable_privacy */ && nsfd < 0 &&
	    !sysfs_ipv6_has_stable_secret(name)) {
		report(label, "cannot create the device with addrgenmode stable_privacy: it needs a secret, and net.ipv6.conf.default.stable_secret is not set (sysctl -w net.ipv6.conf.default.stable_secret=IPV6-ADDRESS); nothing was made");
		return 1;
	}
	return 0;
}

/* The plan checked against the device as the kernel will make it,
 * before it is made: limits the kernel decides (the MTU's range, IPv6's
 * least MTU) refuse the line with nothing made, as the dry run does.
 * The bridge of a moved device is found there, and checked there. */
static int refused_by_plan(const struct device_spec *s, const char *name,
			   const char *label, int master, int nsfd)
{
	struct device_spec c = *s;
	struct devstate st;
	struct plan p;
	int r;

	/* Where the device goes, its address generation mode is checked
	 * there (move_check_there): this namespace's IPv6 says nothing. */
	if (nsfd >= 0)
		c.addrgenmode = -1;
	devstate_new(&st, name && !strchr(name, '%') ? name : label,
		     s->mode == MODE_TAP, sysfs_ipv6_genmode(NULL));
	r = plan_build(&p, &c, &st.li, nsfd >= 0 ? -1 : master, PLAN_NEW,
		       "nothing was made");
	plan_free(&p);
	devstate_free(&st);
	return r;
}

static int create(const struct device_spec *s, struct run *run,
		  const char *name, const char *label, int master,
		  const struct move *m)
{
	char actual[IFNAMSIZ], tail[64];
	const unsigned char *mac;
	unsigned char macbuf[6];
	struct fail f = { 0, "" };
	struct bridge_mac bridge = { 0, false, { 0 } };
	const struct device_spec *here = &m->here;
	int nsfd = m->fd;
	struct linkinfo li;
	struct plan p;
	int fd, ifindex = 0;

	memset(&p, 0, sizeof(p));
	/* The early refusals are about a new device: one of that name is
	 * looked for first (only then: a boot file of thousands of lines
	 * would pay a netlink round trip per line; TUNSETIFF says EBUSY). */
	if ((s->ifindex || s->addrgenmode == 2) && name && !strchr(name, '%') &&
	    device_lookup(name, &li, &f) == 0)
		return s->exist_ok ? said(s, run, converge_device(s, run, master, m)) :
		       describe_existing(name);
	if (refused_early(s, name, label, nsfd) ||
	    refused_by_plan(s, name, label, master, nsfd))
		return 1;
	fd = tunfd_open_clone(label, NULL);
	if (fd < 0)
		return 1;
	if (s->ifindex && tun_set_ifindex(fd, s->ifindex, &f) < 0) {
		close(fd);
		report_fail(label, &f, "cannot create the device with index %u",
			    s->ifindex);
		return 1;
	}
	if (tun_attach(fd, name, create_flags(s), true, actual, &f) < 0) {
		close(fd);
		if (f.err == EBUSY && name && !strchr(name, '%'))
			return s->exist_ok ? said(s, run, converge_device(s, run, master, m)) :
			       describe_existing(name);
		if (f.err == EPERM)
			report(label, "cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root)");
		else if (f.err == ENFILE || f.err == EBUSY)
			report(label, "cannot create the device: no free name matches the pattern");
		else
			report_fail(label, &f, "cannot create the device");
		return 1;
	}
	/* Attaching turned the carrier on.  With it off, a link brought up
	 * now shows no carrier and starts no IPv6 until a real program
	 * attaches, as after ip tuntap add (Linux 4.19 and later; older
	 * kernels refuse, and keep the carrier until we close). */
	tun_set_carrier(fd, false, &f);
	mac = new_mac(s, actual, macbuf);
	if (mac && tun_set_hwaddr(fd, mac, &f) < 0)
		return undo(fd, actual, &f, "set the MAC address", NULL);
	if (s->user.text && tun_set_owner(fd, s->user.id, &f) < 0)
		return undo(fd, actual, &f, "set the user", NULL);
	if (s->group.text && tun_set_group(fd, s->group.id, &f) < 0)
		return undo(fd, actual, &f, "set the group", NULL);
	/* What the move undoes is given there, after it. */
	if ((wants_link(here) || nsfd >= 0) &&
	    configure_new(here, actual, master, &p, &ifindex)) {
		plan_free(&p);
		close(fd);
		return 1;
	}
	snprintf(tail, sizeof(tail), "%s was removed", vis(actual));
	if (move_finish(m, actual, ifindex, tail, run)) {
		plan_free(&p);
		close(fd);
		return 1;
	}
	/* The caller must learn the name (the kernel may have picked it):
	 * a device whose name could not be written is not kept. */
	if (!run->quiet && (printf("%s\n", vis(actual)) < 0 || fflush(stdout) != 0)) {
		f.err = errno ? errno : EIO;
		f.ext[0] = '\0';
		out_stdout_failed_set();
		plan_free(&p);
		return undo(fd, actual, &f, "write the device name", NULL);
	}
	/* Joining the bridge comes last: little can fail after it.  (A
	 * moved device went up there.) */
	if (wants_link(here) && nsfd < 0) {
		if (plan_joins_bridge(&p))
			bridge_remember(&bridge, master);
		if (plan_finish(&p, actual, ifindex, tail)) {
			plan_free(&p);
			close(fd);
			bridge_restore(&bridge);
			return 1;
		}
	}
	plan_free(&p);
	if (tun_set_persist(fd, true, &f) < 0)
		return undo(fd, actual, &f, "make the device persistent",
			    &bridge);
	close(fd);
	memcpy(run->created, actual, IFNAMSIZ);
	tunfd_warn_clone_access(actual, s, run);
	return 0;
}

/* The name a pattern gives: its lowest free number, as the kernel
 * picks it. */
static void predict_name(const char *pattern, char out[IFNAMSIZ])
{
	const char *pct = strstr(pattern, "%d");
	struct linkset ls;
	struct fail f = { 0, "" };
	unsigned i;

	memset(&ls, 0, sizeof(ls));
	linkset_load(&ls, &f);
	for (i = 0;; i++) {
		snprintf(out, IFNAMSIZ, "%.*s%u%s", (int)(pct - pattern), pattern,
			 i, pct + 2);
		if (!linkset_by_name(&ls, out))
			break;
	}
	linkset_free(&ls);
}

/* What a refused add made: nothing, and a dry run says that it is one
 * (a batch file's check is the run itself, not yet begun). */
static const char *nothing_made(const struct device_spec *s,
				const struct run *run)
{
	return s->dry_run && !run->checking ? "nothing was made (a dry run)" :
	       "nothing was made";
}

/* A dry run of add: every check a real one makes, in its order, from
 * reads alone; the new device as it would be in run->predict. */
static int create_dry(const struct device_spec *s, struct run *run,
		      const char *name, const char *label, int master,
		      const struct move *m)
{
	struct devstate *st = run->predict;
	char actual[IFNAMSIZ], tail[64];
	const unsigned char *mac;
	unsigned char macbuf[6];
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	int fd, r;

	/* Opening the clone device makes nothing. */
	fd = tunfd_open_clone(label, nothing_made(s, run));
	if (fd < 0)
		return 1;
	close(fd);
	if (!tun_may_create()) {
		report(label, "cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root); %s",
		       nothing_made(s, run));
		return 1;
	}
	if (name && !strchr(name, '%')) {
		if (device_lookup(name, &li, &f) == 0)
			return s->exist_ok ? said(s, run, converge_device(s, run, master, m)) :
			       describe_existing(name);
		snprintf(actual, sizeof(actual), "%s", name);
	} else {
		predict_name(name ? name : label, actual);
	}
	if (refused_early(s, actual, label, m->fd))
		return 1;
	devstate_new(st, actual, s->mode == MODE_TAP, sysfs_ipv6_genmode(NULL));
	st->li.pi = s->pi;
	st->li.vnet_hdr = s->vnet_hdr;
	st->li.one_queue = s->one_queue;
	st->li.one_queue_read = true;
	st->li.multi_queue = s->multi_queue;
	st->li.persist = true;
	if (s->user.text)
		st->li.owner = s->user.id;
	if (s->group.text)
		st->li.tgroup = s->group.id;
	/* 'address random': the kernel's, which no one can know yet. */
	mac = new_mac(s, actual, macbuf);
	st->li.has_mac = mac != NULL;
	if (mac)
		memcpy(st->li.mac, mac, 6);
	if (s->ifindex)
		st->li.ifindex = (int)s->ifindex;
	snprintf(tail, sizeof(tail), "%s", nothing_made(s, run));
	r = plan_build(&p, s, &st->li, master, PLAN_NEW, tail);
	if (!r)
		plan_predict(&p, st);
	plan_free(&p);
	if (r)
		return 1;
	move_finish(m, actual, 0, NULL, run);
	memcpy(run->created, actual, IFNAMSIZ);
	tunfd_warn_clone_access(actual, s, run);
	return 0;
}

int cmd_add(struct device_spec *s, struct run *run)
{
	const char *name = s->n_names ? s->names[0] : NULL;
	const char *label = name ? name : s->mode == MODE_TAP ? "tap%d" : "tun%d";
	struct fail f = { 0, "" };
	struct lock lock = LOCK_NONE;
	struct move m;
	int master = -1, holder, r;

	if (ids_resolve(s, label))
		return 1;
	if (s->master &&
	    device_find_bridge(label, s->master, nothing_made(s, run), &master))
		return 1;
	r = move_prepare(&m, s, label, name && !strchr(name, '%') ? name : NULL,
			 "nothing was made");
	/* A device of that name there already: --exist-ok converges it
	 * there. */
	if (r == MOVE_TAKEN && s->exist_ok)
		r = said(s, run, converge_there(s, run, &m));
	else if (r == MOVE_TAKEN)
		r = 1, report(name, "cannot create the device: network namespace %s has a device of that name (use --exist-ok to converge it there, or delete it there first); nothing was made",
			      vis(s->netns));
	else if (!r && run->predict)
		r = create_dry(s, run, name, label, master, &m);
	else if (!r)
		r = -1;		/* to be made, below */
	if (r >= 0) {
		move_end(&m);
		return r;
	}
	/* Runs of the same boot file at once (a unit and an ifupdown hook)
	 * take turns per device, so that none sees another's half-made
	 * device.  A pattern cannot clash: the kernel picks a free name. */
	if (name && !strchr(name, '%') &&
	    devlock_take(name, &lock, &holder, &f) < 0) {
		if (holder > 0)
			report(name, "another run (pid %d) has been creating or converging this device for %d s; nothing changed",
			       holder, DEVLOCK_WAIT_MS / 1000);
		else
			report(name, "another run has been creating or converging this device for %d s; nothing changed",
			       DEVLOCK_WAIT_MS / 1000);
		move_end(&m);
		return 1;
	}
	r = create(s, run, name, label, master, &m);
	lock_release(&lock);
	move_end(&m);
	return r;
}
