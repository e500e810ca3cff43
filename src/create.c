/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Creating a tun/tap device for add: the clone device opened, the device
 * attached and given its identity, kept or removed; its rollback gives
 * the bridge it joined its address back. */
#include "config.h"

#include "create.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "devices.h"
#include "escape.h"
#include "macaddr.h"
#include "report.h"
#include "state.h"
#include "sysfs.h"
#include "tun.h"
#include "tunfd.h"

void create_init(struct newdev *d)
{
	struct lock none = LOCK_NONE;

	memset(d, 0, sizeof(*d));
	d->turn = none;
	d->fd = -1;
}

int create_take_turn(struct newdev *d, const char *name)
{
	struct fail f = { 0, "" };
	int holder;

	if (devlock_take(name, &d->turn, &holder, &f) == 0)
		return 0;
	if (holder > 0)
		report(name, "another run (pid %d) has been creating or converging this device for %d s; nothing changed",
		       holder, DEVLOCK_WAIT_MS / 1000);
	else
		report(name, "another run has been creating or converging this device for %d s; nothing changed",
		       DEVLOCK_WAIT_MS / 1000);
	return 1;
}

void create_end(struct newdev *d)
{
	lock_release(&d->turn);
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

int create_refused(const struct device_spec *s, const char *name,
		   const char *label, bool moves)
{
	if (index_taken(s, label))
		return 1;
	if (s->addrgenmode == 2 /* stable_privacy */ && !moves &&
	    !sysfs_ipv6_has_stable_secret(name)) {
		report(label, "cannot create the device with addrgenmode stable_privacy: it needs a secret, and net.ipv6.conf.default.stable_secret is not set (sysctl -w net.ipv6.conf.default.stable_secret=IPV6-ADDRESS); nothing was made");
		return 1;
	}
	return 0;
}

int create_check_may(const char *label, const char *tail)
{
	/* What held for one line holds for the next (a check of a file of
	 * a thousand adds opens the clone device once); a refusal is
	 * asked again, so that every line it stops says so. */
	static bool may;
	int fd;

	if (may)
		return 0;
	/* Opening the clone device makes nothing. */
	fd = tunfd_open_clone(label, tail);
	if (fd < 0)
		return 1;
	close(fd);
	if (!tun_may_create()) {
		report(label, "cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root); %s",
		       tail);
		return 1;
	}
	may = true;
	return 0;
}

void create_state(struct devstate *st, const char *name, bool tap)
{
	devstate_new(st, name, tap, sysfs_ipv6_genmode(NULL));
}

const unsigned char *create_mac(const struct device_spec *s, const char *name,
				unsigned char buf[6])
{
	if (s->mode != MODE_TAP || s->mac_random)
		return NULL;
	if (s->has_mac)
		return s->mac;
	mac_for_name(name, buf);
	return buf;
}

static unsigned create_flags(const struct device_spec *s)
{
	return (s->mode == MODE_TAP ? IFF_TAP : IFF_TUN) |
	       (s->pi ? 0 : IFF_NO_PI) |
	       (s->vnet_hdr ? IFF_VNET_HDR : 0) |
	       (s->multi_queue ? IFF_MULTI_QUEUE : 0) |
	       (s->one_queue ? IFF_ONE_QUEUE : 0);
}

int create_attach(struct newdev *d, const struct device_spec *s,
		  const char *name, const char *label)
{
	const unsigned char *mac;
	unsigned char macbuf[6];
	struct fail f = { 0, "" };

	d->fd = tunfd_open_clone(label, NULL);
	if (d->fd < 0)
		return 1;
	if (s->ifindex && tun_set_ifindex(d->fd, s->ifindex, &f) < 0) {
		close(d->fd);
		d->fd = -1;
		report_fail(label, &f, "cannot create the device with index %u",
			    s->ifindex);
		return 1;
	}
	if (tun_attach(d->fd, name, create_flags(s), true, d->name, &f) < 0) {
		close(d->fd);
		d->fd = -1;
		if (f.err == EBUSY && name && !strchr(name, '%'))
			return CREATE_EXISTS;
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
	tun_set_carrier(d->fd, false, &f);
	mac = create_mac(s, d->name, macbuf);
	if (mac && tun_set_hwaddr(d->fd, mac, &f) < 0)
		return create_undo(d, &f, "set the MAC address");
	if (s->user.text && tun_set_owner(d->fd, s->user.id, &f) < 0)
		return create_undo(d, &f, "set the user");
	if (s->group.text && tun_set_group(d->fd, s->group.id, &f) < 0)
		return create_undo(d, &f, "set the group");
	return 0;
}

int create_read_back(const struct newdev *d, struct linkinfo *li)
{
	struct nlctx *nl = device_nl();
	struct fail f = { 0, "" };
	char reason[320];

	if (!nl)
		return 1;
	if (link_get(nl, d->name, 0, li, &f) == 0)
		return 0;
	report(d->name, "cannot read the new device back: %s; %s was removed",
	       fail_text(&f, reason, sizeof(reason)), vis(d->name));
	return 1;
}

void create_bridge_joins(struct newdev *d, int master)
{
	struct fail f = { 0, "" };
	struct linkinfo li;

	d->bridge = master;
	d->bridge_known = master > 0 &&
			  link_get(device_nl(), NULL, master, &li, &f) == 0 &&
			  li.has_mac;
	if (d->bridge_known)
		memcpy(d->bridge_mac, li.mac, 6);
}

static void bridge_restore(const struct newdev *d)
{
	struct link_change lc = LINK_CHANGE_NONE;
	struct fail f = { 0, "" };
	struct linkinfo li;
	char text[18];

	if (!d->bridge_known ||
	    link_get(device_nl(), NULL, d->bridge, &li, &f) < 0 ||
	    !memcmp(li.mac, d->bridge_mac, 6))
		return;
	lc.mac = d->bridge_mac;
	if (link_change(device_nl(), d->bridge, &lc, &f) < 0)
		report_fail(li.name, &f, "cannot give the bridge its address %s back",
			    mac_text(d->bridge_mac, text));
}

/* Closing our fd removes the device: it is not persistent yet. */
int create_undo(struct newdev *d, const struct fail *f, const char *step)
{
	char reason[320];

	if (f && step)
		report(d->name, "cannot %s: %s; %s was removed", step,
		       fail_text(f, reason, sizeof(reason)), vis(d->name));
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	bridge_restore(d);
	return 1;
}

int create_keep(struct newdev *d)
{
	struct fail f = { 0, "" };

	if (tun_set_persist(d->fd, true, &f) < 0)
		return create_undo(d, &f, "make the device persistent");
	close(d->fd);
	d->fd = -1;
	return 0;
}
