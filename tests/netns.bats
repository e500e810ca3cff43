#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Devices in other network namespaces (netns at add and set, by name,
# path and pid), renames, aliases, IPv6 address generation modes and
# fixed indexes, read back with ip in the namespace they end up in.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# The devices and addresses of namespace $1 (see ns_state).
ct_state() {
	ns ip -n "$1" -d -j link show | jq -S 'map(del(.stats, .stats64))'
	ns ip -n "$1" -j addr show | jq -S 'map(.addr_info |= map(del(.tentative)))'
}

ct_link() {
	ns ip -n "$1" -d -j link show dev "$2"
}

ct_addrs() {
	ns ip -n "$1" -j addr show dev "$2" |
		jq -r '[.[0].addr_info[] | select(.scope != "link") | "\(.local)/\(.prefixlen)"] | sort | join(" ")'
}

@test "add ... netns: made here, owned and configured there, nothing left here" {
	netns_add ct1
	run --separate-stderr tt add tap0 mode tap user 1000 group 100 vnet_hdr \
		mtu 1400 address 02:00:00:00:00:01 addr 192.0.2.1/24 \
		addr 2001:db8::1/64 alias "vm one" addrgenmode none netns ct1 up
	[ "$status" -eq 0 ]
	[ "$output" = tap0 ]
	assert_absent tap0
	[ "$(ns ip -j link show | jq length)" -eq 1 ]
	ct_link ct1 tap0 | jq -e '.[0] |
		.linkinfo.info_kind == "tun" and
		.linkinfo.info_data.type == "tap" and
		.linkinfo.info_data.vnet_hdr == true and
		.linkinfo.info_data.persist == true and
		.mtu == 1400 and .address == "02:00:00:00:00:01" and
		.ifalias == "vm one" and .inet6_addr_gen_mode == "none" and
		(.flags | index("UP") != null)'
	[ "$(ns ip netns exec ct1 cat /sys/class/net/tap0/owner)" = 1000 ]
	[ "$(ns ip netns exec ct1 cat /sys/class/net/tap0/group)" = 100 ]
	[ "$(ct_addrs ct1 tap0)" = "192.0.2.1/24 2001:db8::1/64" ]
	# addrgenmode none: no link-local address is made there.
	run ns ip -n ct1 -6 -j addr show dev tap0 scope link
	[ "$(echo "$output" | jq '[.[].addr_info[]] | length')" -eq 0 ]
}

@test "add --exist-ok converges a device in the target namespace; without it, nothing changes in either" {
	netns_add ct1
	tt add tap0 mode tap user 1000 netns ct1 >/dev/null
	# Another device of that name here does not matter.
	tt add tap0 mode tun >/dev/null
	here=$(ns_state)
	there=$(ct_state ct1)
	refuses 1 "network namespace ct1 has a device of that name" \
		add tap0 mode tap netns ct1
	[ "$(ct_state ct1)" = "$there" ]
	run --separate-stderr tt --exist-ok add tap0 mode tap user 1000 mtu 9000 \
		alias web addr 198.51.100.1/24 netns ct1 up
	[ "$status" -eq 0 ]
	[ "$(ns_state)" = "$here" ]
	ct_link ct1 tap0 | jq -e '.[0] | .mtu == 9000 and .ifalias == "web" and
		(.flags | index("UP") != null)'
	[ "$(ct_addrs ct1 tap0)" = "198.51.100.1/24" ]
	# Once more: nothing to do, nothing done.
	there=$(ct_state ct1)
	run --separate-stderr tt --exist-ok add tap0 mode tap user 1000 mtu 9000 \
		alias web addr 198.51.100.1/24 netns ct1 up
	[ "$status" -eq 0 ]
	[ "$(ct_state ct1)" = "$there" ]
	# Identity still counts there: a tun line for that tap is refused.
	refuses 1 "exists as" --exist-ok add tap0 mode tun netns ct1
	[ "$(ct_state ct1)" = "$there" ]
}

@test "set ... netns by name, by path and by pid; the device keeps owner and flags" {
	netns_add ct1 ct2
	tt add tap0 mode tap user 1000 pi mtu 1400 alias a addr 192.0.2.1/24 up >/dev/null
	tt set tap0 netns ct1 >/dev/null
	assert_absent tap0
	ct_link ct1 tap0 | jq -e '.[0] | .linkinfo.info_data.pi == true and
		.linkinfo.info_data.user != null and .mtu == 1400 and
		.ifalias == "a"'
	[ "$(ns ip netns exec ct1 cat /sys/class/net/tap0/owner)" = 1000 ]
	# The kernel drops the addresses of a device that moves.
	[ "$(ct_addrs ct1 tap0)" = "" ]
	# By path, from inside ct1 (tuntapctl -n ct1) to ct2.
	tt -n ct1 set tap0 netns /run/netns/ct2 >/dev/null
	run ns ip -n ct1 link show dev tap0
	[ "$status" -ne 0 ]
	ct_link ct2 tap0 | jq -e '.[0].linkinfo.info_data.type == "tap"'
	# By pid: a process of a namespace of its own, made inside the
	# test's; it says it is ready only from there.
	local ready=$BATS_TEST_TMPDIR/pid-ready pid
	nsenter -t "$NS_PID" -n -m -- unshare -n sh -c \
		'touch "$1" && exec sleep infinity' sh "$ready" 3>&- &
	pid=$!
	HOLD_PIDS="${HOLD_PIDS:-} $pid"
	wait_ready "$ready" "$pid"
	[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink "/proc/$NS_PID/ns/net")" ]
	[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ]
	tt -n ct2 set tap0 netns "$pid" >/dev/null
	nsenter -t "$pid" -n ip -d -j link show dev tap0 |
		jq -e '.[0].linkinfo.info_data.persist == true'
	run ns ip -n ct2 link show dev tap0
	[ "$status" -ne 0 ]
}

@test "set ... netns with other settings: they are made first, and the move last" {
	netns_add ct1
	tt add tap0 mode tap >/dev/null
	tt set tap0 mtu 1280 alias moved name vm0 addrgenmode random netns ct1 >/dev/null
	assert_absent tap0
	assert_absent vm0
	ct_link ct1 vm0 | jq -e '.[0] | .mtu == 1280 and .ifalias == "moved"'
	# A move resets the address generation mode; it is set again there.
	ct_link ct1 vm0 | jq -e '.[0].inet6_addr_gen_mode == "random"'
}

@test "stable_privacy takes the secret of the namespace the device goes to: checked before anything changes" {
	netns_add ct1
	tt add tap0 mode tap mtu 1400 >/dev/null
	ns sysctl -q -w net.ipv6.conf.default.stable_secret=2001:db8::5ec
	there=$(ct_state ct1)
	refuses 1 "net.ipv6.conf.default.stable_secret is not set there" \
		set tap0 mtu 1300 name vm0 addrgenmode stable_privacy netns ct1
	refuses 1 "net.ipv6.conf.default.stable_secret is not set there" \
		add tap1 mode tap addrgenmode stable_privacy netns ct1
	[ "$(ct_state ct1)" = "$there" ]
	ns ip netns exec ct1 sysctl -q -w net.ipv6.conf.default.stable_secret=2001:db8::5ec
	tt set tap0 addrgenmode stable_privacy netns ct1 >/dev/null
	[ "$(ct_link ct1 tap0 | jq -r '.[0].inet6_addr_gen_mode')" = stable_secret ]
}

@test "netns: a name taken there, or a namespace that is not one, changes nothing in either namespace" {
	netns_add ct1
	tt add tap0 mode tap >/dev/null
	ns ip -n ct1 tuntap add tap0 mode tun
	there=$(ct_state ct1)
	refuses 1 "a device named tap0 is there already" set tap0 netns ct1
	[ "$(ct_state ct1)" = "$there" ]
	refuses 1 "network namespace nosuch does not exist" set tap0 netns nosuch
	refuses 1 "/etc/passwd is not a network namespace" set tap0 netns /etc/passwd
	refuses 1 "network namespace 999999999 does not exist" set tap0 netns 999999999
	refuses 1 "network namespace nosuch does not exist" add tap1 mode tap netns nosuch
	refuses 2 "the network namespace name is empty" set tap0 netns ""
	refuses 2 "is not a name in /run/netns" set tap0 netns .
	refuses 2 "'master' and 'netns' conflict" set tap0 netns ct1 master br0
	refuses 2 "'deladdr' and 'netns' conflict" set tap0 netns ct1 deladdr 192.0.2.1/24
	refuses 2 "'master' and 'netns' conflict" add tap1 mode tap netns ct1 master br0
	[ "$(ct_state ct1)" = "$there" ]
}

@test "rename: set NAME name NEW, while a QEMU holds the device and it is up" {
	tt add tap0 mode tap user 1000 up >/dev/null
	qemu_attach tap0 1000 1000
	run --separate-stderr tt set tap0 name vm0
	[ "$status" -eq 0 ]
	assert_absent tap0
	link_json vm0 | jq -e '.[0] | (.flags | index("UP") != null) and
		.linkinfo.info_data.persist == true'
	# QEMU still holds it, under its new name (its fd says so).
	kill -0 "$CLIENT_PID"
	grep -qsx "iff:	vm0" /proc/"$CLIENT_PID"/fdinfo/*
	run tt show -d -j vm0
	echo "$output" | jq -e --argjson p "$CLIENT_PID" '.[0].processes | map(.pid) | index($p) != null'
	# Back, in a batch, with an alias on the way.
	printf 'set vm0 name tap0\nset tap0 alias back\n' >"$BATS_TEST_TMPDIR/b"
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].ifalias')" = back ]
}

@test "rename: to a taken name, to its own name, to a bad name: refused, nothing changed" {
	tt add tap0 mode tap >/dev/null
	tt add tap1 mode tap >/dev/null
	refuses 1 "tap1" set tap0 name tap1
	refuses 1 "the loopback device has that name" set tap0 name lo
	refuses 2 "the new name 'tap0' is the device's name" set tap0 name tap0
	refuses 2 "must not contain whitespace" set tap0 name "a b"
	refuses 2 "the new name 'vm%d' cannot be a pattern" set tap0 name "vm%d"
	refuses 2 "is 16 bytes long" set tap0 name 0123456789abcdef
}

@test "alias: set, shown by show -d and -j, cleared; del and show filter by alias" {
	tt add tap0 mode tap alias "web 1" >/dev/null
	tt add tap1 mode tap >/dev/null
	tt add tap2 mode tap alias "db 1" >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].ifalias')" = "web 1" ]
	tt set tap1 alias "web 2" >/dev/null
	[ "$(link_json tap1 | jq -r '.[0].ifalias')" = "web 2" ]
	run tt show -j
	[ "$(echo "$output" | jq -c 'map({ifname, alias})')" = '[{"ifname":"tap0","alias":"web 1"},{"ifname":"tap1","alias":"web 2"},{"ifname":"tap2","alias":"db 1"}]' ]
	run tt show -d tap2
	assert_contains "${lines[0]}" ALIAS
	[ "$(echo "${lines[1]}" | awk '{print $NF}')" = 1 ]
	[ "$(tt show -N alias 'web *' | tr '\n' ' ')" = "tap0 tap1 " ]
	[ "$(tt show -N alias '*' | tr '\n' ' ')" = "tap0 tap1 tap2 " ]
	tt set tap0 alias "" >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].ifalias // "none"')" = none ]
	[ "$(tt show -j tap0 | jq -r '.[0].alias')" = null ]
	tt del alias 'web *' >/dev/null
	assert_absent tap1
	assert_exists tap0
	assert_exists tap2
	# An alias another tool set, not UTF-8: the change report gives it
	# escaped, says so, and stays valid under its schema.
	ns ip link set tap2 alias $'db\xff'
	run --separate-stderr tt -j set tap2 alias "db 2"
	[ "$status" -eq 0 ]
	echo "$output" | "$BATS_TEST_DIRNAME/validate-report"
	[ "$(echo "$output" | jq -c '.results[0].changes.alias')" = '{"old":"db\\xff","new":"db 2","old_escaped":true}' ]
}

@test "alias: too long, control characters, invalid UTF-8: usage errors, nothing changed" {
	tt add tap0 mode tap >/dev/null
	long=$(printf 'a%.0s' $(seq 256))
	refuses 2 "alias is 256 bytes long; the kernel allows at most 255" set tap0 alias "$long"
	refuses 2 "must not contain control characters" set tap0 alias "$(printf 'a\tb')"
	refuses 2 "is not valid UTF-8" set tap0 alias "$(printf 'a\377')"
	refuses 2 "is not valid UTF-8" add tap1 mode tap alias "$(printf '\300\200')"
	# 255 bytes is allowed.
	tt set tap0 alias "${long:1}" >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].ifalias')" = "${long:1}" ]
}

@test "addrgenmode: none, random and eui64 read back; stable_privacy needs a secret" {
	tt add tap0 mode tap addrgenmode none >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].inet6_addr_gen_mode')" = none ]
	tt set tap0 addrgenmode random >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].inet6_addr_gen_mode')" = random ]
	tt set tap0 addrgenmode eui64 >/dev/null
	[ "$(link_json tap0 | jq -r '.[0].inet6_addr_gen_mode')" = eui64 ]
	[ "$(tt show -j tap0 | jq -r '.[0].addrgenmode')" = eui64 ]
	refuses 1 "net.ipv6.conf.tap0.stable_secret is not set" set tap0 addrgenmode stable_privacy
	refuses 1 "net.ipv6.conf.default.stable_secret is not set" add tap1 mode tap addrgenmode stable_privacy
	refuses 2 "invalid addrgenmode 'bogus'" set tap0 addrgenmode bogus
	# The secret is the namespace's own sysctl.
	ns sysctl -q -w net.ipv6.conf.default.stable_secret=2001:db8::5ec
	tt add tap1 mode tap addrgenmode stable_privacy up >/dev/null
	[ "$(link_json tap1 | jq -r '.[0].inet6_addr_gen_mode')" = stable_secret ]
}

@test "index: given at creation and read back; taken or out of range refused" {
	tt add tap0 mode tap index 4242 >/dev/null
	[ "$(link_json tap0 | jq '.[0].ifindex')" -eq 4242 ]
	[ "$(sysfs tap0 ifindex)" -eq 4242 ]
	refuses 1 "index 4242 is taken by tap0 (a tap device)" add tap1 mode tap index 4242
	refuses 1 "exists with index 4242, but the line asks for index 4243" \
		--exist-ok add tap0 mode tap index 4243
	tt --exist-ok add tap0 mode tap index 4242 >/dev/null
	refuses 2 "invalid index '0'" add tap1 mode tap index 0
	refuses 2 "invalid index '2147483648'" add tap1 mode tap index 2147483648
	refuses 2 "invalid index 'abc'" add tap1 mode tap index abc
	tt add tap1 mode tap index 2147483647 >/dev/null
	[ "$(sysfs tap1 ifindex)" -eq 2147483647 ]
}

@test "--dry-run of rename, alias, addrgenmode, index and netns: said, nothing changed" {
	netns_add ct1
	tt add tap0 mode tap >/dev/null
	here=$(ns_state)
	there=$(ct_state ct1)
	run --separate-stderr tt --dry-run set tap0 name vm0 alias x addrgenmode random
	[ "$status" -eq 0 ]
	[ "$output" = "change vm0: name tap0 -> vm0, alias - -> x, addrgenmode eui64 -> random" ]
	run --separate-stderr tt --dry-run set tap0 netns ct1
	[ "$output" = "change tap0: netns - -> ct1" ]
	run --separate-stderr tt --dry-run add tap1 mode tap alias "a b" addrgenmode none index 77 netns ct1
	[ "$status" -eq 0 ]
	[ "$output" = "create tap1: tap, alias a b, addrgenmode none, netns ct1" ]
	run --separate-stderr tt --dry-run -j set tap0 netns ct1 name vm1
	echo "$output" | jq -e '.dry_run and .results[0].changes.name.new == "vm1" and
		.results[0].changes.netns.new == "ct1"'
	# A batch: the later lines see the earlier ones' names.
	printf 'set tap0 name vm0\nset vm0 alias hi\nset vm0 netns ct1\n' >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr tt --dry-run -b "$BATS_TEST_TMPDIR/b"
	[ "$status" -eq 0 ]
	[ "$output" = "change vm0: name tap0 -> vm0
change vm0: alias - -> hi
change vm0: netns - -> ct1" ]
	[ "$(ns_state)" = "$here" ]
	[ "$(ct_state ct1)" = "$there" ]
}

@test "add ... addrgenmode stable_privacy netns NS: the secret is looked for there, not here" {
	netns_add ct1
	ns ip netns exec ct1 sysctl -qw net.ipv6.conf.default.stable_secret=fd00::1234
	run --separate-stderr tt add tap0 mode tap addrgenmode stable_privacy netns ct1
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ns ip -n ct1 -d -j link show tap0 | jq -r '.[0].inet6_addr_gen_mode')" = stable_secret ]
}
