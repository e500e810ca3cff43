#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# set-owner and persist, and who may really attach: a helper attaches as
# a given uid/gid through the namespace's 0666 clone node.

load helpers

setup() {
	ns_setup
	ns_unpriv_bin
}

teardown() {
	ns_teardown
}

# can_attach UID GID DEV: does the kernel let that user attach?
can_attach() {
	as_user "$1" "$2" "$UHOLD" "$3" 2>/dev/null
}

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

@test "set-owner changes who may attach" {
	tt add tap0 user 1000 >/dev/null
	run --separate-stderr tt set-owner tap0 user 1001
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(sysfs tap0 owner)" = 1001 ]
	can_attach 1001 1001 tap0
	! can_attach 1000 1000 tap0 || false
	run tt set-owner tap0 group 3000
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 1001 ]
	[ "$(sysfs tap0 group)" = 3000 ]
	can_attach 1001 3000 tap0
	! can_attach 1001 1001 tap0 || false
	run tt set-owner tap0 user root group root
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 0 ]
	[ "$(sysfs tap0 group)" = 0 ]
}

@test "set-owner keeps every flag combination exactly as it was" {
	local i=0 mode flags before
	while read -r mode flags; do
		ns ip tuntap add d$i mode $mode $flags
		before=$(sysfs d$i tun_flags)
		run tt set-owner d$i user 1000 group 2000
		[ "$status" -eq 0 ]
		[ "$(sysfs d$i tun_flags)" = "$before" ]
		[ "$(sysfs d$i owner)" = 1000 ]
		[ "$(sysfs d$i group)" = 2000 ]
		i=$((i + 1))
	done < <(flag_combinations)
	# one_queue too, which ip cannot set.
	tt add q0 mode tap one_queue vnet_hdr >/dev/null
	before=$(sysfs q0 tun_flags)
	tt set-owner q0 user 7
	[ "$(sysfs q0 tun_flags)" = "$before" ]
}

@test "set-owner refuses to clear, and says what to do instead" {
	tt add tap0 user 1000 >/dev/null
	refuses 1 "tap0: cannot clear the user: the kernel cannot unset a device's owner or group once set; delete and re-add the device" \
		set-owner tap0 user none
	refuses 1 "cannot clear the group" set-owner tap0 group none
}

@test "set-owner needs user or group, a tun/tap device, and known names" {
	tt add tap0 >/dev/null
	ns ip link add br0 type bridge
	refuses 2 "set-owner: give 'user USER', 'group GROUP' or both" set-owner tap0
	refuses 2 "set-owner: no device named" set-owner user 1000
	refuses 1 "br0: not a TUN/TAP device (it is a bridge); not changed" set-owner br0 user 1000
	refuses 1 "tap9: no such device" set-owner tap9 user 1000
	refuses 1 "no such group 'nogroup_here'" set-owner tap0 group nogroup_here
}

@test "set-owner on a device a program holds names the program" {
	tt add tap0 user 1000 >/dev/null
	hold tap0
	refuses 1 "tap0: cannot change the owner: the device is in use by tunhold (pid $HOLD_PID); stop it first" \
		set-owner tap0 user 1001
	unhold "$HOLD_PID"
	run tt set-owner tap0 user 1001
	[ "$status" -eq 0 ]
}

@test "persist off removes a device no program holds, and says so" {
	tt add tap0 >/dev/null
	run --separate-stderr tt persist tap0 off
	[ "$status" -eq 0 ]
	[ "$output" = "tap0 is no longer persistent; no program held it, so it was removed" ]
	assert_absent tap0
}

@test "persist off on a held device: it goes when the holder closes it" {
	tt add tap0 mode tap vnet_hdr >/dev/null
	hold tap0
	run --separate-stderr tt persist tap0 off
	[ "$status" -eq 0 ]
	[ "$output" = "tap0 is no longer persistent; it is removed when tunhold (pid $HOLD_PID) closes it" ]
	[ $(( $(sysfs tap0 tun_flags) & 0x800 )) -eq 0 ]
	# The holder's flags were not touched.
	[ $(( $(sysfs tap0 tun_flags) & 0x4000 )) -ne 0 ]
	assert_exists tap0
	unhold "$HOLD_PID"
	assert_absent tap0
}

@test "persist on keeps a device a running program created" {
	# tunhold -c creates a non-persistent device, as QEMU or a VPN does.
	nsenter -t "$NS_PID" -n -m -- "$TUNHOLD" -c -m tap -o vnet_hdr -H \
		-r "$BATS_TEST_TMPDIR/made" tapq 3>&- &
	pid=$!
	wait_ready "$BATS_TEST_TMPDIR/made" "$pid"
	[ $(( $(sysfs tapq tun_flags) & 0x800 )) -eq 0 ]
	run --separate-stderr tt persist tapq on
	[ "$status" -eq 0 ]
	[ "$output" = "tapq is now persistent; held by tunhold (pid $pid)" ]
	kill "$pid"
	wait "$pid" || true
	assert_exists tapq
	[ $(( $(sysfs tapq tun_flags) & 0x800 )) -ne 0 ]
	[ $(( $(sysfs tapq tun_flags) & 0x4000 )) -ne 0 ]
}

@test "persist: already in that state, not tun/tap, bad words" {
	tt add tap0 >/dev/null
	run tt persist tap0 on
	[ "$status" -eq 0 ]
	[ "$output" = "tap0 is already persistent" ]
	refuses 1 "lo: not a TUN/TAP device" persist lo off
	refuses 2 "persist: say 'on' or 'off'" persist tap0
	refuses 2 "'on' given twice" persist tap0 on on
	refuses 2 "unknown keyword 'maybe'" persist tap0 maybe
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
