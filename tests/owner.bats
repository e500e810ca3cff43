#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Who may really attach, and what add, set-owner and persist share about
# it: a helper attaches as a given uid/gid through the namespace's 0666
# clone node (set-owner.bats and persist.bats hold those commands' tests).

load owner

@test "who may attach: owner, group, both, neither" {
	tt add t_user mode tap user 1000 >/dev/null
	tt add t_group mode tap group 2000 >/dev/null
	tt add t_both mode tun user 1000 group 2000 >/dev/null
	tt add t_none mode tap >/dev/null
	can_attach 1000 1000 t_user
	! can_attach 1001 1001 t_user || false
	can_attach 1001 2000 t_group
	! can_attach 1001 1001 t_group || false
	can_attach 1000 2000 t_both
	! can_attach 1000 1000 t_both || false
	! can_attach 1001 2000 t_both || false
	can_attach 1234 1234 t_none
	# What the kernel says to a stranger.
	run --separate-stderr as_user 1001 1001 "$UHOLD" t_user
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "Operation not permitted"
}

@test "unprivileged set-owner and persist get the CAP_NET_ADMIN message" {
	tt add tap0 user 1000 >/dev/null
	refused_unprivileged 1001 1001 set-owner tap0 user 1001
	refused_unprivileged 1001 1001 persist tap0 off
	[ "$(sysfs tap0 owner)" = 1000 ]
}

@test "an owner who cannot open /dev/net/tun: a warning at add and set-owner, exit 0" {
	ns chmod 0600 /dev/net/tun
	run --separate-stderr tt add tap0 mode tap user 1000
	[ "$status" -eq 0 ]
	[ "$output" = tap0 ]
	[ "$stderr" = "tuntapctl: tap0: warning: user 1000 cannot open /dev/net/tun (mode 0600, owner root(0), group root(0)), so no program of theirs can attach to tap0; the node is usually 0666 (chmod 0666 /dev/net/tun, and a udev rule to keep it so)" ]
	assert_exists tap0
	# It is true: the user's program is refused.
	run as_user 1000 1000 "$UHOLD" tap0
	[ "$status" -eq 1 ]
	assert_contains "$output" "Permission denied"
	run --separate-stderr tt set-owner tap0 group 100
	[ "$status" -eq 0 ]
	[ "$stderr" = "tuntapctl: tap0: warning: members of group 100 cannot open /dev/net/tun (mode 0600, owner root(0), group root(0)), so no program of theirs can attach to tap0; the node is usually 0666 (chmod 0666 /dev/net/tun, and a udev rule to keep it so)" ]
	# Group access is enough for the group's members.
	ns chgrp 100 /dev/net/tun
	ns chmod 0660 /dev/net/tun
	run --separate-stderr tt add tap1 mode tap group 100
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# Once per owner in a batch, not once per device.
	printf 'add tap2 user 1001\nadd tap3 user 1001\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	assert_lines "$stderr" 1
	assert_contains "$stderr" "tap2: warning: user 1001 cannot open /dev/net/tun"
	# Root, and devices without owner, need no warning.
	run --separate-stderr tt add tap4 user 0
	[ -z "$stderr" ]
	run --separate-stderr tt add tap5
	[ -z "$stderr" ]
}
