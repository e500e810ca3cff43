#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# add: its link settings and addresses, read back with ip (set's: set.bats).

load link

@test "the issue's example works as one command" {
	ns ip link add br0 type bridge
	run --separate-stderr tt add tap0 mode tap user alice mtu 9000 address 02:00:00:00:00:01 addr 192.0.2.1/24 addr 2001:db8::1/64 master br0 up
	[ "$status" -eq 0 ]
	[ "$output" = tap0 ]
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(field tap0 mtu)" = 9000 ]
	[ "$(field tap0 address)" = 02:00:00:00:00:01 ]
	[ "$(field tap0 master)" = br0 ]
	field tap0 flags | grep -q '"UP"'
	[ "$(addrs tap0)" = "192.0.2.1/24 2001:db8::1/64 " ]
}

@test "every link setting at add, read back from the kernel" {
	run tt add tap0 mtu 1400 address 2:0:0:aa:bb:c txqueuelen 77 down
	[ "$status" -eq 0 ]
	[ "$(field tap0 mtu)" = 1400 ]
	[ "$(field tap0 address)" = 02:00:00:aa:bb:0c ]
	[ "$(field tap0 txqlen)" = 77 ]
	run field tap0 flags
	refute_contains "$output" '"UP"'
	run tt add tun0 mtu 65535 txqlen 10 up
	[ "$status" -eq 0 ]
	[ "$(field tun0 mtu)" = 65535 ]
	[ "$(field tun0 txqlen)" = 10 ]
	field tun0 flags | grep -q '"UP"'
}

@test "bare addresses get /32 and /128; several of each family" {
	run tt add tun0 addr 198.51.100.7 addr 2001:db8::7 addr 203.0.113.1/30 addr 2001:db8:1::1/48
	[ "$status" -eq 0 ]
	[ "$(addrs tun0)" = "198.51.100.7/32 2001:db8:1::1/48 2001:db8::7/128 203.0.113.1/30 " ]
}

@test "mtu: checked against the device's own range, with the range in the error" {
	# A tap reports 68-65521; 65530 passes the syntax check and fails the
	# device check, after creation: the device is removed again.
	refuses 1 "tap0: cannot set mtu 65530: out of range for this device (68-65521); nothing was made" \
		add tap0 mtu 65530
	for v in 0 67 65536 100000 abc -1 9000x "" 0x100; do
		refuses 2 "invalid mtu '$v': expected a number from 68 to 65535" add tap0 mtu "$v"
	done
	tt add tap0 >/dev/null
	refuses 1 "tap0: cannot set mtu 65530: out of range for this device (68-65521); nothing changed" \
		set tap0 mtu 65530
}

@test "MAC: malformed, multicast, broadcast, all-zero and tun devices refused" {
	refuses 2 "a broadcast address cannot be a device's address" add tap0 address ff:ff:ff:ff:ff:ff
	refuses 2 "a multicast address cannot be a device's address" add tap0 mac 01:00:5e:00:00:01
	refuses 2 "the all-zero address is not allowed" add tap0 address 00:00:00:00:00:00
	for v in 02:00:00:00:00 02:00:00:00:00:01:02 02-00-00-00-00-01 0g:00:00:00:00:01 02:00:00:00:00:001 ""; do
		refuses 2 "invalid MAC address '$v'" add tap0 address "$v"
	done
	refuses 2 "tun devices have no MAC address" add tun0 address 02:00:00:00:00:01
	tt add tun0 >/dev/null
	refuses 1 "tun0: cannot set address: tun devices have no MAC address" \
		set tun0 address 02:00:00:00:00:01
}

@test "addresses: malformed, bad prefixes, missing address, duplicates refused" {
	refuses 2 "invalid address '300.1.1.1'" add tap0 addr 300.1.1.1
	refuses 2 "the prefix length must be 0-32" add tap0 addr 192.0.2.1/33
	refuses 2 "the prefix length must be 0-128" add tap0 addr 2001:db8::1/129
	refuses 2 "the address is missing" add tap0 addr /24
	refuses 2 "invalid address '192.0.2.1/'" add tap0 addr 192.0.2.1/
	refuses 2 "addr 192.0.2.1/24 given twice" add tap0 addr 192.0.2.1/24 addr 192.0.2.1/24
	tt add tap0 addr 192.0.2.1/24 >/dev/null
	refuses 1 "tap0: cannot add address 192.0.2.1/24: 192.0.2.1/24 is already assigned to tap0; nothing changed" \
		set tap0 addr 192.0.2.1/24 mtu 1400
}

@test "master: must exist and be a bridge; checked before anything is created" {
	ns ip link add v0 type veth peer name v1
	refuses 1 "tap0: cannot set master br9: there is no device br9 (make the bridge first: ip link add br9 type bridge); nothing was made" add tap0 master br9
	refuses 1 "tap0: cannot set master v0: it is a veth device, not a bridge" add tap0 master v0
	refuses 1 "cannot set master lo: it is the loopback device, not a bridge" add tap0 master lo
}

@test "up and down conflict; master and nomaster conflict" {
	refuses 2 "'up' and 'down' conflict" add tap0 up down
	tt add tap0 >/dev/null
	refuses 2 "'master' and 'nomaster' conflict" set tap0 master br0 nomaster
}

@test "rollback: a failure only the kernel sees removes the new device" {
	# IPv6 disabled for new devices: the IPv6 address is refused after
	# the device, its MTU and its IPv4 address are in place.
	ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ns ip link add br0 type bridge
	refuses 1 "tap0: cannot add address 2001:db8::1/64: permission denied" \
		add tap0 mode tap user 1000 mtu 9000 address 02:00:00:00:00:01 addr 192.0.2.1/24 addr 2001:db8::1/64 master br0 up
	assert_contains "$stderr" "IPv6 is disabled on this device"
	assert_contains "$stderr" "tap0 was removed"
	assert_absent tap0
}

@test "add ... up shows no carrier and starts no IPv6: nothing attached, as after ip tuntap add" {
	ip_monitor "$BATS_TEST_TMPDIR/monitor" link address
	run tt add tap0 mode tap addr 192.0.2.1/24 addr 2001:db8::1/64 up
	[ "$status" -eq 0 ]
	run tt add tun0 mode tun addr 198.51.100.1/24 up
	[ "$status" -eq 0 ]
	settle
	unhold "$MON_PID"
	# The recording saw the devices appear and go up.
	grep -q 'tap0: <NO-CARRIER,BROADCAST,MULTICAST,UP>' "$BATS_TEST_TMPDIR/monitor"
	grep -q 'tun0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP>' "$BATS_TEST_TMPDIR/monitor"
	# (lo, which ip_monitor used to know it was ready, is up.)
	run sh -c "grep -v '^1: lo:' '$BATS_TEST_TMPDIR/monitor' | grep -E 'LOWER_UP|fe80'"
	[ "$status" -eq 1 ]
	link_json tap0 | jq -e '.[0].flags | index("NO-CARRIER") and index("UP")'
	[ "$(ns ip -j addr show | jq '[.[].addr_info[] | select(.local | startswith("fe80"))] | length')" -eq 0 ]
	# A program attaching later still gets its carrier, and IPv6 starts.
	hold tap0
	link_json tap0 | jq -e '.[0].flags | index("LOWER_UP")'
}

@test "a new tap's MAC: 0xfe, from the machine id and the name, the same when re-created" {
	tt add tap0 mode tap >/dev/null
	mac=$(link_json tap0 | jq -r '.[0].address')
	case $mac in fe:*) ;; *) echo "not 0xfe: $mac" >&2; false ;; esac
	# Unicast and locally administered: 0xfe has bit 0 clear, bit 1 set.
	tt del tap0
	tt add tap0 mode tap >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].address')" = "$mac" ]
	tt add tap1 mode tap >/dev/null
	[ "$(link_json tap1 | jq -r '.[0].address')" != "$mac" ]
	# Another machine: another address.
	echo 0123456789abcdef0123456789abcdef >"$BATS_TEST_TMPDIR/machine-id"
	ns mount --bind "$BATS_TEST_TMPDIR/machine-id" /etc/machine-id
	tt del tap0
	tt add tap0 mode tap >/dev/null
	other=$(link_json tap0 | jq -r '.[0].address')
	[ "$other" != "$mac" ]
	case $other in fe:*) ;; *) false ;; esac
	tt del tap0
	tt add tap0 mode tap >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].address')" = "$other" ]
	# An explicit address, and 'random' for the kernel's own.
	tt add tap2 mode tap address 02:00:00:00:00:02 >/dev/null
	[ "$(link_json tap2 | jq -r '.[0].address')" = 02:00:00:00:00:02 ]
	tt del tap0
	tt add tap0 mode tap address random >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].address')" != "$other" ]
	refuses 2 "'address random' is only for add" set tap1 address random
	refuses 2 "add: tun devices have no MAC address" add tun0 address random
}

@test "without a machine id a new tap still gets a 0xfe address, a random one" {
	: >"$BATS_TEST_TMPDIR/empty"
	ns mount --bind "$BATS_TEST_TMPDIR/empty" /etc/machine-id
	ns sh -c '[ ! -e /var/lib/dbus/machine-id ] || mount --bind "$1" /var/lib/dbus/machine-id' sh "$BATS_TEST_TMPDIR/empty"
	tt add tap0 mode tap >/dev/null
	tt add tap1 mode tap >/dev/null
	a=$(link_json tap0 | jq -r '.[0].address')
	b=$(link_json tap1 | jq -r '.[0].address')
	case "$a $b" in "fe:"*" fe:"*) ;; *) echo "$a $b" >&2; false ;; esac
	[ "$a" != "$b" ]
}

@test "20 taps join a bridge with an uplink: the bridge's MAC never moves" {
	ns ip link add up0 type veth peer name up1
	ns ip link set up0 address 52:54:00:aa:bb:cc
	ns ip link add br0 type bridge
	ns ip link set up0 master br0
	ns ip link set br0 up
	[ "$(link_json br0 | jq -r '.[0].address')" = 52:54:00:aa:bb:cc ]
	for i in $(seq 20); do
		tt add tap$i mode tap master br0 up >/dev/null
		[ "$(link_json br0 | jq -r '.[0].address')" = 52:54:00:aa:bb:cc ]
	done
	[ "$(ns ip -j link show master br0 | jq length)" -eq 21 ]
	tt del tap7
	[ "$(link_json br0 | jq -r '.[0].address')" = 52:54:00:aa:bb:cc ]
}

# A bridge's own settings, without its timers and counters.
bridge_state() {
	link_json "$1" | jq -S -c '.[0] | del(.stats, .stats64, .operstate, .flags) |
		.linkinfo.info_data |= with_entries(select(.key | test("timer") | not))'
}

@test "rollback of a bridged add leaves the bridge as it was" {
	ns ip link add br0 type bridge
	ns ip link set br0 up
	before=$(bridge_state br0)
	# The name cannot be written: that fails before the tap joins.
	run ns sh -c '"$1" add tap0 mode tap master br0 up >/dev/full' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$output" "tap0: cannot write the device name: No space left on device; tap0 was removed"
	assert_absent tap0
	[ "$(bridge_state br0)" = "$before" ]
	command -v strace >/dev/null || skip "strace is not installed"
	# A failure after it joined (the last ioctl, TUNSETPERSIST, made to
	# fail): br0, left without a port, would have 00:00:00:00:00:00.
	mac=$(link_json br0 | jq -r '.[0].address')
	# (Standard output is a pipe in both runs: glibc asks a terminal or
	# /dev/null for its settings with an ioctl of its own.)
	# The bridge joins through netlink: a tap outside it makes the
	# same ioctls.
	run ns env "$UNTRACED_LSAN" strace -o "$BATS_TEST_TMPDIR/trace" -e trace=ioctl \
		"$TUNTAPCTL" add tapx mode tap up
	[ "$status" -eq 0 ]
	n=$(grep -c '^ioctl' "$BATS_TEST_TMPDIR/trace")
	grep '^ioctl' "$BATS_TEST_TMPDIR/trace" | tail -n 1 | grep -q TUNSETPERSIST
	run --separate-stderr ns env "$UNTRACED_LSAN" strace -o /dev/null -e trace=ioctl \
		-e inject=ioctl:error=EIO:when=$n "$TUNTAPCTL" add tap0 mode tap master br0 up
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tap0: cannot make the device persistent: Input/output error; tap0 was removed" ]
	assert_absent tap0
	[ "$(link_json br0 | jq -r '.[0].address')" = "$mac" ]
	[ "$(ns ip -j link show master br0 | jq length)" -eq 0 ]
}

@test "mtu: the kernel's range is checked before the device exists (tap: 65521 at most)" {
	ip_monitor "$BATS_TEST_TMPDIR/monitor" link
	refuses 1 "tapbig: cannot set mtu 65535: out of range for this device (68-65521); nothing was made" \
		add tapbig mode tap mtu 65535 up
	refuses 1 "tapbig: cannot set mtu 65535: out of range for this device (68-65521); nothing was made (a dry run)" \
		--dry-run add tapbig mode tap mtu 65535 up
	# The largest a tap takes, and a tun's, are made.
	tt add tapbig mode tap mtu 65521 >/dev/null
	tt add tunbig mode tun mtu 65535 >/dev/null
	[ "$(link_json tapbig | jq '.[0].mtu')/$(link_json tunbig | jq '.[0].mtu')" = 65521/65535 ]
	unhold "$MON_PID"
	# The kernel never had a device made and removed: one tapbig, once.
	[ "$(grep -c '^[0-9]*: tapbig:' "$BATS_TEST_TMPDIR/monitor" | tr -d ' ')" -ge 1 ]
	run grep -c '^Deleted.*tapbig' "$BATS_TEST_TMPDIR/monitor"
	[ "$output" = 0 ]
}

@test "addresses: a prefix length of 0 is a prefix like another, added and deleted as ip does; the dry run agrees" {
	run --separate-stderr tt -j --dry-run add tz mode tap addr 1.2.3.4/0 addr 2001:db8::5/0 up
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -c '.results[0].changes.addresses.new')" = '["1.2.3.4/0","2001:db8::5/0"]' ]
	assert_absent tz
	run --separate-stderr tt add tz mode tap addr 1.2.3.4/0 addr 2001:db8::5/0 up
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ns ip -j addr show dev tz | jq -c '[.[0].addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"] | sort')" = '["1.2.3.4/0","2001:db8::5/0"]' ]
	run --separate-stderr tt set tz deladdr 1.2.3.4/0 deladdr 2001:db8::5/0
	[ "$status" -eq 0 ]
	[ "$(ns ip -j addr show dev tz | jq '[.[0].addr_info[] | select(.scope == "global")] | length')" = 0 ]
}

@test "addresses: an IPv4 address with two prefix lengths is two addresses, as the kernel keeps them; an IPv6 one is not" {
	run --separate-stderr tt add t2 mode tap addr 10.1.1.1/24 addr 10.1.1.1/16
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	v4() { ns ip -j addr show dev t2 | jq -c '[.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | sort'; }
	[ "$(v4)" = '["10.1.1.1/16","10.1.1.1/24"]' ]
	# Converging keeps both, and changes nothing.
	run --separate-stderr tt -j --exist-ok add t2 mode tap addr 10.1.1.1/24 addr 10.1.1.1/16
	[ "$(echo "$output" | jq .changed)" = false ]
	# A line naming one prefix length replaces the others.
	run --separate-stderr tt --exist-ok add t2 mode tap addr 10.1.1.1/8
	[ "$status" -eq 0 ]
	[ "$(v4)" = '["10.1.1.1/8"]' ]
	refuses 2 "add: addr 2001:db8::1/48 given twice" add t6 mode tap addr 2001:db8::1/64 addr 2001:db8::1/48
	refuses 2 "add: addr 10.1.1.2/24 given twice" add t6 mode tap addr 10.1.1.2/24 addr 10.1.1.2/24
}
