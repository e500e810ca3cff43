#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# set: changes to an existing device's link settings, addresses and
# carrier, read back with ip.

load link

@test "set changes every link setting and the addresses" {
	ns ip link add br0 type bridge
	tt add tap0 addr 192.0.2.1/24 >/dev/null
	run --separate-stderr tt set tap0 mtu 1280 address 02:00:00:00:00:09 txqueuelen 9 master br0 up deladdr 192.0.2.1/24 addr 198.51.100.1/24 addr 2001:db8::2/64
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(field tap0 mtu)" = 1280 ]
	[ "$(field tap0 address)" = 02:00:00:00:00:09 ]
	[ "$(field tap0 txqlen)" = 9 ]
	[ "$(field tap0 master)" = br0 ]
	field tap0 flags | grep -q '"UP"'
	[ "$(addrs tap0)" = "198.51.100.1/24 2001:db8::2/64 " ]
	run tt set tap0 nomaster down
	[ "$status" -eq 0 ]
	[ "$(field tap0 master)" = null ]
	run field tap0 flags
	refute_contains "$output" '"UP"'
}

@test "set deladdr: a bare address matches whatever its prefix; others must match" {
	tt add tap0 addr 192.0.2.1/24 addr 2001:db8::1/64 >/dev/null
	refuses 1 "cannot delete address 192.0.2.1/16: it is not assigned to tap0 (it has 192.0.2.1/24)" \
		set tap0 deladdr 192.0.2.1/16
	refuses 1 "cannot delete address 192.0.2.9/32: it is not assigned to tap0" \
		set tap0 deladdr 192.0.2.9
	run tt set tap0 deladdr 192.0.2.1 deladdr 2001:db8::1
	[ "$status" -eq 0 ]
	[ "$(addrs tap0)" = "" ]
}

@test "set validates everything before the first change" {
	tt add tap0 >/dev/null
	refuses 1 "cannot set master br9: there is no device br9 (make the bridge first: ip link add br9 type bridge); nothing changed" set tap0 mtu 1400 up master br9
	refuses 1 "no such user" set-owner tap0 user nosuchuser
}

@test "set touches only tun/tap devices" {
	ns ip link add br0 type bridge
	refuses 1 "br0: not a TUN/TAP device (it is a bridge); not changed" set br0 mtu 1400
	refuses 1 "lo: not a TUN/TAP device" set lo up
	refuses 1 "tap7: no such device" set tap7 up
}

@test "set says exactly what was and was not applied when the kernel refuses part" {
	ns ip link add br0 type bridge
	tt add tap0 >/dev/null
	# A macvlan on tap0 takes its receive handler: the bridge cannot.
	ns ip link add mv0 link tap0 type macvlan
	run --separate-stderr tt set tap0 mtu 1400 master br0 addr 192.0.2.1/24
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: cannot set master br0"
	assert_contains "$stderr" "applied: mtu 1400"
	assert_contains "$stderr" "not applied: master br0, addr 192.0.2.1/24"
	# ... and that is the truth, as the kernel tells it.
	[ "$(field tap0 mtu)" = 1400 ]
	[ "$(field tap0 master)" = null ]
	[ "$(addrs tap0)" = "" ]
	# An address refused after the link change.
	ns sysctl -qw net.ipv6.conf.tap0.disable_ipv6=1
	run --separate-stderr tt set tap0 mtu 1300 addr 2001:db8::1/64 addr 192.0.2.1/24
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "cannot add address 2001:db8::1/64"
	assert_contains "$stderr" "applied: mtu 1300; not applied: addr 2001:db8::1/64, addr 192.0.2.1/24"
	[ "$(field tap0 mtu)" = 1300 ]
}

@test "carrier: set through the program holding the device, refused otherwise" {
	tt add tap0 up >/dev/null
	settle
	refuses 1 "tap0: cannot set carrier: no program holds the device open" set tap0 carrier on
	hold tap0
	field tap0 flags | grep -q LOWER_UP
	run tt set tap0 carrier off
	[ "$status" -eq 0 ]
	field tap0 flags | grep -q NO-CARRIER
	[ "$(field tap0 operstate)" = DOWN ]
	run tt set tap0 carrier on
	[ "$status" -eq 0 ]
	field tap0 flags | grep -q LOWER_UP
	# The last holder gone, the kernel drops the carrier, and the link
	# watcher follows: wait for it before comparing states.
	unhold "$HOLD_PID"
	settle
	refuses 2 "invalid carrier 'maybe'" set tap0 carrier maybe
}

@test "set mtu below 1280 on a device with IPv6 addresses is refused (the kernel would drop them); with them deleted it is done" {
	tt add tap0 mode tap addr fd00::1/64 addr 192.0.2.1/24 up >/dev/null
	settle
	refuses 1 "tap0: cannot set mtu 1000: IPv6 needs an MTU of at least 1280, and the kernel would remove tap0's IPv6 address fd00::1/64 (delete its IPv6 addresses first: deladdr fd00::1/64); nothing changed" \
		set tap0 mtu 1000
	refuses 1 "tap0: cannot set mtu 1000: IPv6 needs an MTU of at least 1280" \
		--dry-run set tap0 mtu 1000
	refuses 1 "tap0: cannot set mtu 1000: IPv6 needs an MTU of at least 1280" \
		--exist-ok add tap0 mode tap mtu 1000
	# The addresses go before the MTU, so that there is one to delete.
	run --separate-stderr tt set tap0 mtu 1000 deladdr fd00::1/64
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(link_json tap0 | jq '.[0].mtu')" = 1000 ]
	[ "$(ns ip -j addr show dev tap0 | jq -c '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"]')" = '["192.0.2.1/24"]' ]
	# And the MTU before new addresses, so that IPv6 takes them.
	run --separate-stderr tt set tap0 mtu 1500 addr fd00::2/64
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ns ip -j addr show dev tap0 | jq -c '[.[0].addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"] | sort')" = '["192.0.2.1/24","fd00::2/64"]' ]
}
