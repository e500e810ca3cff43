/* set-owner and persist: changes only the tun driver can make, so they
 * need an fd attached to the device: our own (re-attached with the
 * device's exact flags) or, for a device a program holds, a duplicate
 * of that program's fd. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "procs.h"
#include "tun.h"
#include "util.h"

int cmd_set_owner(struct device_spec *s)
{
	const char *name = s->names[0];
	struct fail f = { 0, "" };
	struct linkinfo li;
	int fd;

	if (s->user.none || s->group.none) {
		report(name, "cannot clear the %s: the kernel cannot unset a device's owner or group once set; delete and re-add the device instead (tuntapctl del %s, then tuntapctl add)",
		       s->user.none ? "user" : "group", vis(name));
		return 1;
	}
	if (resolve_ids(s, name) || find_tun(name, "not changed", &li))
		return 1;
	fd = reattach(name, li.ifindex, "cannot change the owner");
	if (fd < 0)
		return 1;
	if (s->user.text && tun_set_owner(fd, s->user.id, &f) < 0) {
		report_fail(name, &f, "cannot set user %s", vis(s->user.text));
		close(fd);
		return 1;
	}
	if (s->group.text && tun_set_group(fd, s->group.id, &f) < 0) {
		report_fail(name, &f, "cannot set group %s%s",
			    vis(s->group.text),
			    s->user.text ? " (the user was set)" : "");
		close(fd);
		return 1;
	}
	close(fd);
	warn_clone_access(name, s);
	return 0;
}

/* Set persistence through a holder's own fd.  0 done, -1 not possible
 * this way. */
static int through_holder(const char *name, const struct holder *v, size_t n,
			  bool on, struct fail *f)
{
	int fd = borrow_fd(name, v, n, f), r;

	if (fd < 0)
		return -1;
	r = tun_set_persist(fd, on, f);
	close(fd);
	return r;
}

int set_persist(const char *name, bool on, bool say)
{
	struct fail f = { 0, "" };
	struct linkinfo li;
	struct holders h;
	const struct holder *v;
	struct strbuf who = SB_INIT;
	size_t n;
	int fd, r = 0;

	if (find_tun(name, "not changed", &li))
		return 1;
	if (li.persist == on) {
		if (say)
			printf("%s is already %spersistent\n", vis(name),
			       on ? "" : "not ");
		return 0;
	}
	holders_scan(&h);
	v = holders_of(&h, name, &n);
	holders_describe(v, n, &who);
	if (!n || through_holder(name, v, n, on, &f) < 0) {
		/* No holder we can reach: attach ourselves (for a held
		 * device this works only with multi_queue). */
		fd = reattach(name, li.ifindex,
			      on ? "cannot make the device persistent" :
			      "cannot turn persistence off");
		if (fd < 0) {
			sb_free(&who);
			holders_free(&h);
			return 1;
		}
		if (tun_set_persist(fd, on, &f) < 0) {
			report_fail(name, &f, "cannot change persistence");
			r = 1;
		}
		close(fd);
	}
	if (!r && say) {
		if (on)
			printf("%s is now persistent%s%s\n", vis(name),
			       n ? "; held by " : "", n ? sb_str(&who) : "");
		else if (n)
			printf("%s is no longer persistent; it is removed when %s close%s it\n",
			       vis(name), sb_str(&who), n > 1 ? "" : "s");
		else
			printf("%s is no longer persistent; no program held it, so it was removed\n",
			       vis(name));
	}
	sb_free(&who);
	holders_free(&h);
	return r;
}

int cmd_persist(struct device_spec *s)
{
	return set_persist(s->names[0], s->persist == 1, true);
}
