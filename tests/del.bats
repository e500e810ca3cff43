#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# del: removal through netlink, without the mode, only of tun/tap devices.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

@test "del removes tun and tap devices without being told the mode" {
	ns ip tuntap add tun0 mode tun pi
	ns ip tuntap add tap0 mode tap vnet_hdr multi_queue
	run --separate-stderr tt del tun0
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	assert_absent tun0
	run tt del tap0
	[ "$status" -eq 0 ]
	assert_absent tap0
}

@test "del refuses anything that is not tun/tap and leaves it alone" {
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
	# macvtap: has "tap" in its kind and a character device, but is not
	# a tun/tap device.
	ns ip link add mvt0 link v0 type macvtap
	ns ip link add ifb0 type ifb
	before=$(ns_state)
	for dev in lo br0 v0 mvt0 ifb0; do
		run --separate-stderr tt del $dev
		[ "$status" -eq 1 ]
		assert_contains "$stderr" "tuntapctl: $dev: not a TUN/TAP device"
		assert_contains "$stderr" "not deleted"
	done
	assert_contains "$stderr" "(it is an ifb device)"
	run --separate-stderr tt del mvt0
	assert_contains "$stderr" "(it is a macvtap device)"
	run --separate-stderr tt del br0
	assert_contains "$stderr" "(it is a bridge)"
	run --separate-stderr tt del lo
	assert_contains "$stderr" "(it is the loopback device)"
	[ "$(ns_state)" = "$before" ]
}

@test "del of a name that does not exist fails" {
	refuses 1 "tuntapctl: tap9: no such device" del tap9
}

@test "del handles each name and fails if any failed" {
	tt add tap0 >/dev/null
	tt add tap1 >/dev/null
	ns ip link add br0 type bridge
	run --separate-stderr tt del tap0 nothere br0 tap1
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "nothere: no such device"
	assert_contains "$stderr" "br0: not a TUN/TAP device"
	assert_absent tap0
	assert_absent tap1
	assert_exists br0
}

@test "del with neither names nor filters is a usage error" {
	tt add tap0 >/dev/null
	refuses 2 "name the devices to delete, or give a filter" del
}

@test "del accepts ip tuntap's spelling: dev NAME mode MODE" {
	tt add tap0 >/dev/null
	run tt del dev tap0 mode tap
	[ "$status" -eq 0 ]
	assert_absent tap0
}

@test "unprivileged del gets the CAP_NET_ADMIN message and deletes nothing" {
	tt add tap0 >/dev/null
	tt add tap1 >/dev/null
	ns_unpriv_bin
	refused_unprivileged 65534 65534 del tap0
	refused_unprivileged 65534 65534 del tap0 tap1
}

@test "del by filter: mode, user, group, master; never anything else" {
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
	tt add tap0 user 1000 master br0 >/dev/null
	tt add tap1 user 1000 group 100 >/dev/null
	tt add tun0 user 1000 >/dev/null
	tt add tun1 group 100 >/dev/null
	tt add tap2 >/dev/null
	run tt del mode tap user 1000
	[ "$status" -eq 0 ]
	[ "$(tt show -N | tr '\n' ' ')" = "tun0 tun1 tap2 " ]
	run tt del group 100
	[ "$status" -eq 0 ]
	[ "$(tt show -N | tr '\n' ' ')" = "tun0 tap2 " ]
	tt add tap3 master br0 >/dev/null
	run tt del master br0
	[ "$status" -eq 0 ]
	[ "$(tt show -N | tr '\n' ' ')" = "tun0 tap2 " ]
	# Nothing matches: nothing to do, and that is no error.
	run tt del user 4242
	[ "$status" -eq 0 ]
	assert_exists br0
	assert_exists v0
	assert_exists v1
}

@test "del: a named device that fails a filter is kept and reported" {
	tt add tap0 >/dev/null
	tt add tun0 >/dev/null
	refuses 1 "tun0: does not match the filters given (it is a tun device); not deleted" \
		del tun0 mode tap
	run tt del tap0 tun0 mode tap
	[ "$status" -eq 1 ]
	assert_absent tap0
	assert_exists tun0
}

@test "del refuses a device a program holds, naming it; --force deletes it" {
	tt add tap0 >/dev/null
	tt add tap1 multi_queue >/dev/null
	tt add tap2 >/dev/null
	hold tap0
	pid0=$HOLD_PID
	hold tap1 -q 2
	pid1=$HOLD_PID
	run --separate-stderr tt del tap0 tap1 tap2
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: not deleted: in use by tunhold (pid $pid0); use --force to delete it anyway"
	assert_contains "$stderr" "tap1: not deleted: in use by tunhold (pid $pid1); use --force to delete it anyway"
	assert_exists tap0
	assert_exists tap1
	assert_absent tap2
	run --separate-stderr tt del --force tap0 tap1
	[ "$status" -eq 0 ]
	assert_absent tap0
	assert_absent tap1
	unhold "$pid0"
	unhold "$pid1"
}

@test "del of 1,000 devices in one batch deletes exactly those named" {
	# Neighbours that must survive: other kinds, tun devices not named,
	# and devices in netdev groups of their own.
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
	ns ip link set v1 group 77
	{
		for i in $(seq 1000); do echo "tuntap add n$i mode tap"; done
		for i in $(seq 20); do echo "tuntap add keep$i mode tun"; done
		echo "link set keep3 group 5"
	} >"$BATS_TEST_TMPDIR/setup"
	ns ip -batch "$BATS_TEST_TMPDIR/setup"
	before=$(ns ip -j link show | jq -c '[.[] | select(.ifname | startswith("n") | not) | {ifname, group}]')
	run --separate-stderr tt del $(seq -f 'n%g' 1000)
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	after=$(ns ip -j link show | jq -c '[.[] | select(.ifname | startswith("n") | not) | {ifname, group}]')
	[ "$before" = "$after" ]
	[ "$(ns ip -j link show | jq '[.[] | select(.ifname | test("^n[0-9]+$"))] | length')" -eq 0 ]
	[ "$(ns ip -j link show | jq length)" -eq 24 ]
}
