/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct device_spec's life: its defaults (nothing given) and its end. */
#include "config.h"

#include "spec.h"

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
