/* SPDX-License-Identifier: GPL-2.0-or-later */
/* User and group names: resolving the names given, and labelling the
 * ids the kernel reports, each looked up once per run. */
#include "config.h"

#include "ids.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report.h"
#include "util.h"

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

int ids_resolve(struct device_spec *s, const char *dev)
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

const char *ids_user_label(int64_t uid, char *buf, size_t len)
{
	return id_label(uid, true, buf, len);
}

const char *ids_group_label(int64_t gid, char *buf, size_t len)
{
	return id_label(gid, false, buf, len);
}

const char *ids_name(int64_t id, bool user)
{
	return id < 0 ? NULL : cached_name(id, user);
}
