/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A dry run's simulated devices: what each line of a dry run would
 * leave, indexed by name, for the lines after it to read instead of the
 * kernel. */
#include "config.h"

#include "dryrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"
#include "util.h"

/* The dry run's devices: each line's predicted result, for the lines
 * after it, one per name (found through sim_slots, below). */
static struct devstate *sim;
static size_t n_sim, cap_sim;
static int next_ifindex = -1;
static bool sim_on;

void sim_use(bool on)
{
	sim_on = on;
}

bool sim_in_use(void)
{
	return sim_on;
}

/* sim_find's index: open addressing over the names, each slot an index
 * into sim plus one (0: empty), at most half full.  A boot file of
 * thousands of lines is checked in linear time. */
static size_t *sim_slots;
static size_t n_slots;

static size_t name_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot of name: where it is, or the empty one where it would go. */
static size_t *slot_for(const char *name)
{
	size_t i = name_hash(name) & (n_slots - 1);

	while (sim_slots[i] && strcmp(sim[sim_slots[i] - 1].li.name, name) != 0)
		i = (i + 1) & (n_slots - 1);
	return &sim_slots[i];
}

static void sim_index_grow(void)
{
	size_t i;

	if (n_slots && (n_sim + 1) * 2 <= n_slots)
		return;
	free(sim_slots);
	n_slots = n_slots ? n_slots * 2 : 64;
	sim_slots = xcalloc(n_slots, sizeof(*sim_slots));
	for (i = 0; i < n_sim; i++)
		*slot_for(sim[i].li.name) = i + 1;
}

static struct devstate *sim_find(const char *name)
{
	size_t at;

	if (!n_slots)
		return NULL;
	at = *slot_for(name);
	return at ? &sim[at - 1] : NULL;
}

const struct devstate *sim_get(const char *name)
{
	return sim_on ? sim_find(name) : NULL;
}

void sim_put(const char *name, const struct devstate *st)
{
	struct devstate *slot = sim_find(name);

	if (!slot) {
		sim_index_grow();
		xgrow((void **)&sim, &cap_sim, n_sim, sizeof(*sim));
		slot = &sim[n_sim++];
		memset(slot, 0, sizeof(*slot));
		snprintf(slot->li.name, sizeof(slot->li.name), "%s", name);
		*slot_for(name) = n_sim;
	} else {
		devstate_free(slot);
	}
	devstate_copy(slot, st);
	snprintf(slot->li.name, sizeof(slot->li.name), "%s", name);
	/* A device yet to be made has no index: one of ours, below zero. */
	if (slot->exists && slot->li.ifindex == 0)
		slot->li.ifindex = next_ifindex--;
}

size_t sim_count(void)
{
	return sim_on ? n_sim : 0;
}

const struct devstate *sim_at(size_t i)
{
	return &sim[i];
}

void sim_forget(void)
{
	size_t i;

	for (i = 0; i < n_sim; i++)
		devstate_free(&sim[i]);
	free(sim);
	sim = NULL;
	n_sim = cap_sim = 0;
	free(sim_slots);
	sim_slots = NULL;
	n_slots = 0;
}
