/* Steps several commands share: finding devices, resolving owners,
 * opening the clone device, re-attaching. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <net/if_arp.h>
#include <linux/if_tun.h>

#include "cmd.h"
#include "delgroup.h"
#include "procs.h"
#include "sysfs.h"
#include "tun.h"
#include "util.h"

struct nlctx *nl_get(void)
{
	struct fail f = { 0, "" };

	if (!ctx.nl && nlctx_open(&ctx.nl, &f) < 0) {
		report_fail(NULL, &f, "cannot open a netlink socket");
		return NULL;
	}
	return ctx.nl;
}

/* Names looked up once per run: a batch of a thousand lines naming the
 * same user asks the name service once. */
struct id_cache {
	char *name;
	int64_t id;
	bool user;
};
static struct id_cache *cache;
static size_t n_cache, cap_cache;

static const char *cached_name(int64_t id, bool user)
{
	size_t i;
	const char *name = NULL;

	for (i = 0; i < n_cache; i++)
		if (cache[i].id == id && cache[i].user == user)
			return cache[i].name;
	if (user) {
		struct passwd *pw = getpwuid((uid_t)id);

		name = pw ? pw->pw_name : NULL;
	} else {
		struct group *gr = getgrgid((gid_t)id);

		name = gr ? gr->gr_name : NULL;
	}
	xgrow((void **)&cache, &cap_cache, n_cache, sizeof(*cache));
	cache[n_cache].name = name ? xstrdup(name) : NULL;
	cache[n_cache].id = id;
	cache[n_cache].user = user;
	return cache[n_cache++].name;
}

void ids_forget(void)
{
	size_t i;

	for (i = 0; i < n_cache; i++)
		free(cache[i].name);
	free(cache);
	cache = NULL;
	n_cache = cap_cache = 0;
}

static int64_t cached_id(const char *name, bool user)
{
	size_t i;
	int64_t id = -1;

	for (i = 0; i < n_cache; i++)
		if (cache[i].name && cache[i].user == user &&
		    !strcmp(cache[i].name, name))
			return cache[i].id;
	if (user) {
		struct passwd *pw = getpwnam(name);

		if (pw)
			id = pw->pw_uid;
	} else {
		struct group *gr = getgrnam(name);

		if (gr)
			id = gr->gr_gid;
	}
	if (id < 0)
		return -1;
	xgrow((void **)&cache, &cap_cache, n_cache, sizeof(*cache));
	cache[n_cache].name = xstrdup(name);
	cache[n_cache].id = id;
	cache[n_cache].user = user;
	n_cache++;
	return id;
}

static int resolve_one(struct id_arg *a, bool user, const char *dev)
{
	int64_t id;

	if (!a->text || a->numeric || a->none)
		return 0;
	id = cached_id(a->text, user);
	if (id < 0) {
		report(dev, "no such %s '%s'%s", user ? "user" : "group",
		       vis(a->text), " (give a name from the system's database or a numeric id)");
		return 1;
	}
	a->id = (uint32_t)id;
	return 0;
}

int resolve_ids(struct device_spec *s, const char *dev)
{
	if (resolve_one(&s->user, true, dev))
		return 1;
	return resolve_one(&s->group, false, dev);
}

static const char *id_label(int64_t id, bool user, char *buf, size_t len)
{
	const char *name;

	if (id < 0)
		return NULL;
	name = cached_name(id, user);
	if (name)
		snprintf(buf, len, "%s(%lld)", name, (long long)id);
	else
		snprintf(buf, len, "%lld", (long long)id);
	return buf;
}

const char *user_label(int64_t uid, char *buf, size_t len)
{
	return id_label(uid, true, buf, len);
}

const char *group_label(int64_t gid, char *buf, size_t len)
{
	return id_label(gid, false, buf, len);
}

const char *id_name(int64_t id, bool user)
{
	return id < 0 ? NULL : cached_name(id, user);
}

const char *kind_phrase(const struct linkinfo *li)
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

void repair_leftover(struct linkinfo *li)
{
	struct fail f = { 0, "" };
	uint32_t g = li->group;
	int r;

	if (!li->tun || !delgroup_is(g))
		return;
	r = delgroup_repair(nl_get(), li, &f);
	if (r > 0) {
		report(li->name, "note: a del that was killed had left it in netdev group %u; it is back in the default group",
		       g);
	} else if (r < 0) {
		char reason[320];

		report(li->name, "note: a del that was killed left it in netdev group %u, and it cannot be put back from here (%s); as root: ip link set %s group default",
		       g, fail_text(&f, reason, sizeof(reason)), vis(li->name));
	}
}

int find_tun(const char *name, const char *why, struct linkinfo *li)
{
	struct nlctx *nl = nl_get();
	struct fail f = { 0, "" };

	if (!nl)
		return 1;
	if (link_get(nl, name, 0, li, &f) < 0) {
		if (f.err == ENODEV)
			report(name, "no such device");
		else
			report_fail(name, &f, "cannot look up the device");
		return 1;
	}
	if (!li->tun) {
		report(name, "not a TUN/TAP device (it is %s); %s",
		       kind_phrase(li), why);
		return 1;
	}
	repair_leftover(li);
	return 0;
}

int find_bridge(const char *dev, const char *name, int *ifindex)
{
	struct nlctx *nl = nl_get();
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (!nl)
		return 1;
	if (link_get(nl, name, 0, &li, &f) < 0) {
		if (f.err == ENODEV)
			report(dev, "cannot set master %s: no such device",
			       vis(name));
		else
			report_fail(dev, &f, "cannot look up master %s",
				    vis(name));
		return 1;
	}
	if (strcmp(li.kind, "bridge") != 0) {
		report(dev, "cannot set master %s: it is %s, not a bridge",
		       vis(name), kind_phrase(&li));
		return 1;
	}
	*ifindex = li.ifindex;
	return 0;
}

int open_clone(const char *dev)
{
	struct fail f = { 0, "" };
	const char *p = ctx.clone_path;
	int fd = tun_open(p, &f);

	if (fd >= 0)
		return fd;
	switch (f.err) {
	case ENOENT:
		report(dev, "%s does not exist: load the tun module (modprobe tun), or in a container create the node (mknod %s c 10 200)",
		       vis(p), vis(p));
		break;
	case EACCES:
	case EPERM:
		report(dev, "cannot open %s: permission denied (this needs root or CAP_NET_ADMIN)",
		       vis(p));
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

static void report_busy(const char *name, const char *why)
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

int reattach(const char *name, int ifindex, const char *why)
{
	return reattach_flags(name, ifindex, -1, -1, false, why);
}

int reattach_flags(const char *name, int ifindex, int pi, int vnet_hdr,
		   bool busy_ok, const char *why)
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
	fd = open_clone(name);
	if (fd < 0)
		return -1;
	if (tun_attach(fd, name, flags, false, NULL, &f) < 0) {
		close(fd);
		if (f.err == EBUSY && busy_ok)
			return -EBUSY;
		if (f.err == EBUSY)
			report_busy(name, why);
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

int borrow_fd(const char *name, const struct holder *v, size_t n,
	      struct fail *f)
{
	char attached[IFNAMSIZ];
	size_t i;

	f->err = ESRCH;
	f->ext[0] = '\0';
	for (i = 0; i < n; i++) {
		int fd = fd_from_process(v[i].pid, v[i].fd);

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

void warn_clone_access(const char *dev, const struct device_spec *s)
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

	if ((uid < 0 && gid < 0) || uid == 0)
		return;
	/* Once per owner and run: a boot file gives many devices to one. */
	for (i = 0; i < n_seen; i++)
		if (seen[i].uid == uid && seen[i].gid == gid)
			return;
	if (n_seen < ARRAY_SIZE(seen)) {
		seen[n_seen].uid = uid;
		seen[n_seen++].gid = gid;
	}
	if (stat(ctx.clone_path, &st) < 0)
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
		 vis(ctx.clone_path), (unsigned)(st.st_mode & 07777),
		 user_label(st.st_uid, ubuf, sizeof(ubuf)),
		 group_label(st.st_gid, gbuf, sizeof(gbuf)));
	report(dev, "warning: %s cannot open %s, so no program of theirs can attach to %s; the node is usually 0666 (chmod 0666 %s, and a udev rule to keep it so)",
	       who, node, vis(dev), vis(ctx.clone_path));
}
