/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show --tree: the bridges that have tun/tap ports, each with its
 * ports, then the tun/tap devices on no bridge. */
#ifndef TUNTAPCTL_TREE_H
#define TUNTAPCTL_TREE_H

#include "output.h"
#include "holders.h"
#include "selection.h"

/* From the selection's one link dump and the one process scan h: each
 * bridge with a chosen tun/tap device among its ports, with those and
 * all its ports of other kinds; then the chosen devices that are no
 * bridge's port.  Text: a row per device, ports under their bridge;
 * JSON: an array of the top rows, a bridge's ports nested in its
 * "ports" (contrib/show-tree.schema.json). */
void tree_list(struct out *o, const struct selection *sel,
	       const struct holders *h);

#endif
