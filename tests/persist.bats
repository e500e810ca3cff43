#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# persist: a device's persistence turned on and off, with and without
# a program holding it.

load owner

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
