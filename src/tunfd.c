/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What only an fd attached to a device can do, for the commands: the
 * clone device, re-attaching with chosen flags, borrowing a holder's
 * fd, persistence, and whether an owner can open the clone device. */
#include "config.h"

#include "tunfd.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/if_tun.h>

#include "devices.h"
#include "escape.h"
#include "ids.h"
#include "report.h"
#include "sysfs.h"
#include "tun.h"
#include "holders.h"
#include "state.h"
#include "util.h"

static const char *clone_path = TUN_CLONE_DEFAULT;

void tunfd_set_clone(const char *path)
{
	clone_path = path;
}

int tunfd_open_clone(const char *dev, const char *tail)
{
	struct fail f = { 0, "" };
	const char *p = clone_path;
	int fd = tun_open(p, &f);
	const char *sep = tail ? "; " : "", *t = tail ? tail : "";
	struct stat st;

	if (fd >= 0)
		return fd;
	switch (f.err) {
	case ENOENT:
		if (strcmp(p, TUN_CLONE_DEFAULT) != 0)
			report(dev, "cannot open %s: no such file (-f names the clone device, %s by default)%s%s",
			       vis(p), TUN_CLONE_DEFAULT, sep, t);
		else
			report(dev, "%s does not exist: load the tun module (modprobe tun), or in a container create the node (mknod %s c 10 200)%s%s",
			       vis(p), vis(p), sep, t);
		break;
	case EACCES:
		/* The file's mode refuses it: no capability opens it. */
		if (stat(p, &st) == 0) {
			report(dev, "cannot open %s: permission denied by its mode (%04o, owner %s, group %s): run as root, or as a user the mode lets in%s%s",
			       vis(p), (unsigned)(st.st_mode & 07777),
			       ids_name((int64_t)st.st_uid, true) ?
			       ids_name((int64_t)st.st_uid, true) : "?",
			       ids_name((int64_t)st.st_gid, false) ?
			       ids_name((int64_t)st.st_gid, false) : "?",
			       sep, t);
			break;
		}
		/* fall through */
	case EPERM:
		report(dev, "cannot open %s: permission denied (this needs root or CAP_NET_ADMIN)%s%s",
		       vis(p), sep, t);
		break;
	case ENOTTY:
		report(dev, "%s is not the TUN/TAP clone device (a character device 10:200)",
		       vis(p));
		break;
	case ENODEV:
	case ENXIO:
		report(dev, "cannot open %s: the tun driver is not available (modprobe tun)",
		       vis(p));
		break;
	default:
		report_fail(dev, &f, "cannot open %s", vis(p));
	}
	return -1;
}

bool tunfd_held(const struct linkinfo *li, const struct holders *h,
		 const struct holder **v, size_t *n)
{
	*v = holders_of(h, li->name, n);
	return *n || (li->queues_known ? li->queues + li->disabled_queues > 0 :
		      li->carrier);
}

void tunfd_report_busy(const char *name, const char *why)
{
	struct strbuf who = SB_INIT;
	struct holders h;
	const struct holder *v;
	size_t n;

	holders_scan(&h);
	v = holders_of(&h, name, &n);
	report(name, "%s: the device is in use by %s; stop %s first", why,
	       holders_describe(v, n, &who), n > 1 ? "them" : "it");
	sb_free(&who);
	holders_free(&h);
}

int tunfd_reattach(const char *name, int ifindex, const char *why)
{
	return tunfd_reattach_flags(name, ifindex, -1, -1, -1, false, why);
}

int tunfd_reattach_flags(const char *name, int ifindex, int pi, int vnet_hdr,
		   int one_queue, bool busy_ok, const char *why)
{
	struct fail f = { 0, "" };
	struct tun_sysfs ts;
	unsigned flags;
	int fd, r;

	r = sysfs_tun_read(name, &ts);
	if (r < 0) {
		f.err = -r;
		report_fail(name, &f, "%s: cannot read its flags from sysfs",
			    why);
		return -1;
	}
	flags = tun_reattach_flags(ts.flags);
	if (pi >= 0)
		flags = (flags & ~(unsigned)IFF_NO_PI) | (pi ? 0 : IFF_NO_PI);
	if (vnet_hdr >= 0)
		flags = (flags & ~(unsigned)IFF_VNET_HDR) |
			(vnet_hdr ? IFF_VNET_HDR : 0);
	if (one_queue >= 0)
		flags = (flags & ~(unsigned)IFF_ONE_QUEUE) |
			(one_queue ? IFF_ONE_QUEUE : 0);
	fd = tunfd_open_clone(name, NULL);
	if (fd < 0)
		return -1;
	if (tun_attach(fd, name, flags, false, NULL, &f) < 0) {
		close(fd);
		if (f.err == EBUSY && busy_ok)
			return -EBUSY;
		if (f.err == EBUSY)
			tunfd_report_busy(name, why);
		else if (f.err == EPERM)
			report(name, "%s: permission denied (this needs CAP_NET_ADMIN, or being the device's owner)",
			       why);
		else
			report_fail(name, &f, "%s", why);
		return -1;
	}
	/* TUNSETIFF creates a device when the name is free: if ours went
	 * since it was looked up, this fd holds a new one (or someone
	 * else's).  Closing it removes what we made. */
	if ((int)if_nametoindex(name) != ifindex) {
		close(fd);
		report(name, "%s: no such device (it was deleted meanwhile)", why);
		return -1;
	}
	return fd;
}

int tunfd_borrow(const char *name, const struct holder *v, size_t n,
	      struct fail *f)
{
	char attached[IFNAMSIZ];
	size_t i;

	f->err = ESRCH;
	f->ext[0] = '\0';
	for (i = 0; i < n; i++) {
		int fd = tun_fd_from_process(v[i].pid, v[i].fd);

		if (fd < 0) {
			f->err = -fd;
			continue;
		}
		/* The holder may have closed that fd and reused the number
		 * since /proc was read. */
		if (tun_attached_name(fd, attached) == 0 &&
		    !strcmp(attached, name))
			return fd;
		close(fd);
	}
	return -1;
}

/* Read and write access as a process of uid with groups would get it
 * from the mode bits (ACLs aside).  uid (uid_t)-1: not the file's owner. */
static bool may_open_rw(const struct stat *st, uid_t uid, const gid_t *g,
			int ng)
{
	int i;

	if (uid == 0)
		return true;
	if (uid == st->st_uid)
		return (st->st_mode & 0600) == 0600;
	for (i = 0; i < ng; i++)
		if (g[i] == st->st_gid)
			return (st->st_mode & 060) == 060;
	return (st->st_mode & 06) == 06;
}

/* The groups a process of the user would run with, and group g. */
static int groups_of(uint32_t uid, int64_t g, gid_t *v, int max)
{
	struct passwd *pw = getpwuid((uid_t)uid);
	int n = max - 1;

	if (!pw || getgrouplist(pw->pw_name, pw->pw_gid, v, &n) < 0)
		n = 0;
	if (g >= 0)
		v[n++] = (gid_t)g;
	return n;
}

void tunfd_warn_clone_access(const char *dev, const struct device_spec *s,
			     const struct run *run)
{
	static struct { int64_t uid, gid; } seen[16];
	static size_t n_seen;
	int64_t uid = s->user.text ? (int64_t)s->user.id : -1;
	int64_t gid = s->group.text ? (int64_t)s->group.id : -1;
	gid_t groups[256];
	struct stat st;
	char who[160], node[320], ubuf[96], gbuf[96];
	size_t i;
	int ng;

	/* A batch file's check: the run that follows warns. */
	if ((uid < 0 && gid < 0) || uid == 0 || run->checking)
		return;
	/* Once per owner and run: a boot file gives many devices to one. */
	for (i = 0; i < n_seen; i++)
		if (seen[i].uid == uid && seen[i].gid == gid)
			return;
	if (n_seen < ARRAY_SIZE(seen)) {
		seen[n_seen].uid = uid;
		seen[n_seen++].gid = gid;
	}
	if (stat(clone_path, &st) < 0)
		return;
	ng = uid >= 0 ? groups_of((uint32_t)uid, gid, groups,
				  (int)ARRAY_SIZE(groups)) : 1;
	if (uid < 0)
		groups[0] = (gid_t)gid;
	if (may_open_rw(&st, uid >= 0 ? (uid_t)uid : (uid_t)-1, groups, ng))
		return;
	if (uid >= 0 && s->user.text[0])
		snprintf(who, sizeof(who), "user %s", vis(s->user.text));
	else if (uid >= 0)
		snprintf(who, sizeof(who), "user %lld", (long long)uid);
	else
		snprintf(who, sizeof(who), "members of group %s",
			 vis(s->group.text));
	snprintf(node, sizeof(node), "%s (mode %04o, owner %s, group %s)",
		 vis(clone_path), (unsigned)(st.st_mode & 07777),
		 ids_user_label(st.st_uid, ubuf, sizeof(ubuf)),
		 ids_group_label(st.st_gid, gbuf, sizeof(gbuf)));
	report(dev, "warning: %s cannot open %s, so no program of theirs can attach to %s; the node is usually 0666 (chmod 0666 %s, and a udev rule to keep it so)",
	       who, node, vis(dev), vis(clone_path));
}

/* Set persistence through a holder's own fd.  0 done, -1 not possible
 * this way. */
static int through_holder(const char *name, const struct holder *v, size_t n,
			  bool on, struct fail *f)
{
	int fd = tunfd_borrow(name, v, n, f), r;

	if (fd < 0)
		return -1;
	r = tun_set_persist(fd, on, f);
	close(fd);
	return r;
}

int tunfd_set_persist(const char *name, bool on, struct persist_result *res,
		struct devstate *predict)
{
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct holders h;
	const struct holder *v;
	size_t n;
	int fd, r = 0;

	res->already = false;
	res->holders = 0;
	sb_free(&res->who);
	if (device_find_tun(name, "not changed", &li))
		return 1;
	if (li.persist == on) {
		res->already = true;
		return 0;
	}
	holders_scan(&h);
	v = holders_of(&h, name, &n);
	res->holders = n;
	holders_describe(v, n, &res->who);
	if (predict) {
		/* Off, with nothing holding it: the kernel removes it. */
		predict->li.persist = on;
		if (!on && !tunfd_held(&li, &h, &v, &n))
			predict->exists = false;
		holders_free(&h);
		return 0;
	}
	if (!n || through_holder(name, v, n, on, &f) < 0) {
		/* No holder we can reach: attach ourselves (for a held
		 * device this works only with multi_queue). */
		fd = tunfd_reattach(name, li.ifindex,
			      on ? "cannot make the device persistent" :
			      "cannot turn persistence off");
		if (fd < 0) {
			holders_free(&h);
			return 1;
		}
		if (tun_set_persist(fd, on, &f) < 0) {
			report_fail(name, &f, "cannot change persistence");
			r = 1;
		}
		close(fd);
	}
	holders_free(&h);
	return r;
}

int tunfd_carrier_borrow(const char *name, const struct linkinfo *li,
			 bool dry_run)
{
	struct holders h = { NULL, 0, 0 };
	const struct holder *held = NULL;
	struct fail f = { 0, "" };
	size_t n = 0;
	int fd = -1;

	holders_scan(&h);
	held = holders_of(&h, name, &n);
	/* The kernel knows it is held when we cannot see by whom:
	 * the holder is another user's, or in another pid namespace. */
	/* The cause a user can act on comes first: without root,
	 * another user's program is neither seen nor reached. */
	if (!n && (li->queues_known ? li->queues > 0 : li->carrier) &&
	    geteuid() != 0) {
		report(name, "cannot set carrier: permission denied (a program of another user holds the device: taking its fd needs root, or being that program's user)");
		goto out;
	}
	if (!n && (li->queues_known ? li->queues > 0 : li->carrier)) {
		report(name, "cannot set carrier: a program holds the device, but it is not visible from here (one in another PID namespace: run this from there)");
		goto out;
	}
	if (!n) {
		report(name, "cannot set carrier: no program holds the device open; the kernel turns carrier on when a program attaches and off when the last one detaches");
		goto out;
	}
	/* A dry run goes no further: taking a holder's fd changes
	 * nothing, but it is no reading either. */
	fd = dry_run ? -2 : tunfd_borrow(name, held, n, &f);
	if (fd < 0 && (f.err == EPERM || f.err == EACCES)) {
		struct strbuf who = SB_INIT;

		report(name, "cannot set carrier: permission denied taking the device's fd from %s (this needs root, or being that program's user)",
		       holders_describe(held, n, &who));
		sb_free(&who);
		goto out;
	}
	if (fd == -1) {
		report_fail(name, &f, "cannot set carrier: cannot reach the fd of the program holding the device");
		goto out;
	}
out:
	holders_free(&h);
	return fd;
}

int tunfd_carrier_set(int fd, const char *name, bool on)
{
	struct fail f = { 0, "" };
	int r = 0;

	if (tun_set_carrier(fd, on, &f) < 0) {
		report_fail(name, &f, "cannot set carrier %s (everything else was applied)",
			    on ? "on" : "off");
		r = 1;
	}
	close(fd);
	return r;
}

int tunfd_set_owner(const char *name, const struct linkinfo *li,
		    const struct id_arg *user, const struct id_arg *group,
		    struct devstate *predict)
{
	struct fail f = { 0, "" };
	int fd;

	if (predict) {
		const struct holder *v;
		struct holders h;
		size_t n;
		bool busy;

		holders_scan(&h);
		busy = tunfd_held(li, &h, &v, &n) && !li->multi_queue;
		holders_free(&h);
		if (busy) {
			tunfd_report_busy(li->name, "cannot change the owner");
			return 1;
		}
		if (user->text)
			predict->li.owner = user->id;
		if (group->text)
			predict->li.tgroup = group->id;
		return 0;
	}
	fd = tunfd_reattach(name, li->ifindex, "cannot change the owner");
	if (fd < 0)
		return 1;
	if (user->text && tun_set_owner(fd, user->id, &f) < 0) {
		report_fail(name, &f, "cannot set user %s", vis(user->text));
		close(fd);
		return 1;
	}
	if (group->text && tun_set_group(fd, group->id, &f) < 0) {
		report_fail(name, &f, "cannot set group %s%s", vis(group->text),
			    user->text ? " (the user was set)" : "");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
