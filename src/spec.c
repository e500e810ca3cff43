/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct device_spec's life: its defaults (nothing given) and its end;
 * the addresses it holds (struct cidr), written and compared. */
#include "config.h"

#include "spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void spec_init(struct device_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->mtu = -1;
	s->txqlen = -1;
	s->carrier = -1;
	s->persist = -1;
	s->addrgenmode = -1;
}

void spec_free(struct device_spec *s)
{
	size_t i;

	for (i = 0; i < s->n_decoded; i++)
		free(s->decoded[i]);
	free(s->decoded);
	free(s->names);
	free(s->addrs);
	free(s->deladdrs);
	spec_init(s);
}

void cidr_set_text(struct cidr *c)
{
	char local[INET6_ADDRSTRLEN] = "", peer[INET6_ADDRSTRLEN] = "";

	inet_ntop(c->family, c->addr, local, sizeof(local));
	if (c->has_peer) {
		inet_ntop(c->family, c->peer, peer, sizeof(peer));
		snprintf(c->text, sizeof(c->text), "%s peer %s/%u", local, peer,
			 c->prefix);
	} else {
		snprintf(c->text, sizeof(c->text), "%s/%u", local, c->prefix);
	}
}

bool cidr_same_local(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, 16) == 0;
}

bool cidr_same(const struct cidr *a, const struct cidr *b)
{
	return cidr_same_local(a, b) && a->prefix == b->prefix &&
	       a->has_peer == b->has_peer &&
	       (!a->has_peer || memcmp(a->peer, b->peer, 16) == 0);
}
