/* add: create a device and configure it in one step; nothing half-made
 * remains.  The device stays non-persistent, held only by our fd, until
 * every step has succeeded, so any failure (or our death) removes it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_tun.h>

#include "cmd.h"
#include "configure.h"
#include "tun.h"
#include "util.h"

static unsigned create_flags(const struct device_spec *s)
{
	return (s->mode == MODE_TAP ? IFF_TAP : IFF_TUN) |
	       (s->pi ? 0 : IFF_NO_PI) |
	       (s->vnet_hdr ? IFF_VNET_HDR : 0) |
	       (s->multi_queue ? IFF_MULTI_QUEUE : 0) |
	       (s->one_queue ? IFF_ONE_QUEUE : 0);
}

static bool wants_link(const struct device_spec *s)
{
	return s->mtu >= 0 || s->has_mac || s->txqlen >= 0 || s->master ||
	       s->updown || s->n_addrs;
}

static void flag_words(bool tap, bool pi, bool vnet_hdr, bool mq, char *buf,
		       size_t len)
{
	snprintf(buf, len, "%s%s%s%s", tap ? "tap" : "tun",
		 pi ? " pi" : "", vnet_hdr ? " vnet_hdr" : "",
		 mq ? " multi_queue" : "");
}

static int describe_existing(const char *name)
{
	struct nlctx *nl = nl_get();
	struct fail f = { 0, "" };
	struct linkinfo li;

	if (nl && link_get(nl, name, 0, &li, &f) == 0) {
		if (li.tun && !strcmp(ctx.prog, "tunctl"))
			report(name, "cannot create the device: it already exists as %s (remove it first with tunctl -d %s, or pick another name)",
			       kind_phrase(&li), vis(name));
		else if (li.tun)
			report(name, "cannot create the device: it already exists as %s (use --exist-ok to keep it and converge it, or delete it first)",
			       kind_phrase(&li));
		else
			report(name, "cannot create the device: the name is taken by %s",
			       kind_phrase(&li));
	} else {
		report(name, "cannot create the device: the name is taken (by a tun/tap device attached elsewhere or one just created)");
	}
	return 1;
}

/* --exist-ok: bring an existing device to what the line asks, or fail
 * before changing anything if it is not the device the line describes. */
static int converge(struct device_spec *s, int master)
{
	const char *name = s->names[0];
	struct linkinfo li;
	struct plan p;
	char have[64], want[64];
	bool own;
	int r;

	if (find_tun(name, "nothing changed", &li))
		return 1;
	if (li.tap != (s->mode == MODE_TAP) || li.pi != s->pi ||
	    li.vnet_hdr != s->vnet_hdr || li.multi_queue != s->multi_queue) {
		flag_words(li.tap, li.pi, li.vnet_hdr, li.multi_queue, have,
			   sizeof(have));
		flag_words(s->mode == MODE_TAP, s->pi, s->vnet_hdr,
			   s->multi_queue, want, sizeof(want));
		report(name, "exists as '%s', but the line asks for '%s'; nothing changed (delete it to re-create it)",
		       have, want);
		return 1;
	}
	if (plan_build(&p, s, &li, master, PLAN_CONVERGE, "nothing changed")) {
		plan_free(&p);
		return 1;
	}
	own = (s->user.text && li.owner != s->user.id) ||
	      (s->group.text && li.tgroup != s->group.id);
	r = 0;
	if (own) {
		struct fail f = { 0, "" };
		int fd = reattach(name, li.ifindex, "cannot change the owner");

		if (fd < 0) {
			r = 1;
		} else {
			if ((s->user.text && tun_set_owner(fd, s->user.id, &f)) ||
			    (s->group.text && tun_set_group(fd, s->group.id, &f))) {
				report_fail(name, &f, "cannot change the owner");
				r = 1;
			}
			close(fd);
		}
	}
	if (!r && !li.persist)
		r = set_persist(name, true, false);
	if (!r)
		r = plan_apply(&p, name, li.ifindex, NULL);
	plan_free(&p);
	if (r)
		return 1;
	snprintf(s->created, sizeof(s->created), "%s", name);
	if (!s->quiet)
		printf("%s\n", name);
	return 0;
}

/* Closing our fd removes the device: it is not persistent yet. */
static int undo(int fd, const char *name, const struct fail *f,
		const char *step)
{
	char reason[320];

	report(name, "cannot %s: %s; %s was removed", step,
	       fail_text(f, reason, sizeof(reason)), vis(name));
	close(fd);
	return 1;
}

static int configure_new(struct device_spec *s, const char *name, int master)
{
	struct nlctx *nl = nl_get();
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct plan p;
	char tail[64];
	int r;

	if (!nl)
		return 1;
	if (link_get(nl, name, 0, &li, &f) < 0) {
		char reason[320];

		report(name, "cannot read the new device back: %s; %s was removed",
		       fail_text(&f, reason, sizeof(reason)), vis(name));
		return 1;
	}
	snprintf(tail, sizeof(tail), "%s was removed", vis(name));
	r = plan_build(&p, s, &li, master, PLAN_NEW, tail);
	if (!r)
		r = plan_apply(&p, name, li.ifindex, tail);
	plan_free(&p);
	return r;
}

int cmd_add(struct device_spec *s)
{
	const char *name = s->n_names ? s->names[0] : NULL;
	const char *label = name ? name : s->mode == MODE_TAP ? "tap%d" : "tun%d";
	char actual[IFNAMSIZ];
	struct fail f = { 0, "" };
	int fd, master = -1;

	if (resolve_ids(s, label))
		return 1;
	if (s->master && find_bridge(label, s->master, &master))
		return 1;
	fd = open_clone(label);
	if (fd < 0)
		return 1;
	if (tun_attach(fd, name, create_flags(s), true, actual, &f) < 0) {
		close(fd);
		if (f.err == EBUSY && name && !strchr(name, '%'))
			return s->exist_ok ? converge(s, master) :
			       describe_existing(name);
		if (f.err == EPERM)
			report(label, "cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root)");
		else if (f.err == ENFILE || f.err == EBUSY)
			report(label, "cannot create the device: no free name matches the pattern");
		else
			report_fail(label, &f, "cannot create the device");
		return 1;
	}
	if (s->user.text && tun_set_owner(fd, s->user.id, &f) < 0)
		return undo(fd, actual, &f, "set the user");
	if (s->group.text && tun_set_group(fd, s->group.id, &f) < 0)
		return undo(fd, actual, &f, "set the group");
	if (wants_link(s) && configure_new(s, actual, master)) {
		close(fd);
		return 1;
	}
	/* The caller must learn the name (the kernel may have picked it):
	 * a device whose name could not be written is not kept. */
	if (!s->quiet && (printf("%s\n", actual) < 0 || fflush(stdout) != 0)) {
		f.err = errno ? errno : EIO;
		f.ext[0] = '\0';
		ctx.stdout_failed = true;
		return undo(fd, actual, &f, "write the device name");
	}
	if (tun_set_persist(fd, true, &f) < 0)
		return undo(fd, actual, &f, "make the device persistent");
	close(fd);
	memcpy(s->created, actual, IFNAMSIZ);
	return 0;
}
