#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The tunctl front end, compared with uml-utilities' tunctl run on
# another name in the same namespace: same output, same device.

load helpers

setup() {
	ns_setup
	UML=$(command -v /usr/sbin/tunctl /usr/bin/tunctl 2>/dev/null | head -n 1)
	# Ours, under the name tunctl, as make install links it.
	ln -s "$TUNTAPCTL" "$BATS_TEST_TMPDIR/tunctl"
	OURS=$BATS_TEST_TMPDIR/tunctl
}

teardown() {
	ns_teardown
}

need_uml() {
	[ -n "$UML" ] || skip "uml-utilities' tunctl is not installed"
	# Our own link must not be what we compare with.
	[ "$(readlink -f "$UML")" != "$(readlink -f "$TUNTAPCTL")" ] ||
		skip "no uml-utilities tunctl to compare with"
}

# What the kernel says about a device, without its name and index.
device() {
	printf '%s %s %s ' "$(sysfs "$1" tun_flags)" "$(sysfs "$1" owner)" "$(sysfs "$1" group)"
	link_json "$1" | jq -c '.[0].linkinfo.info_data'
}

# compare ARGS...: run uml tunctl with -t uN and ours with -t oN (N is
# a counter) and the same other options; outputs (names swapped) and
# devices must match.
N=0
compare() {
	N=$((N + 1))
	local a="u$N" b="o$N"
	run --separate-stderr ns "$UML" "$@" -t "$a"
	[ "$status" -eq 0 ] || { echo "uml tunctl $*: $stderr" >&2; return 1; }
	local theirs=$output
	run --separate-stderr ns "$OURS" "$@" -t "$b"
	[ "$status" -eq 0 ] || { echo "our tunctl $*: $stderr" >&2; return 1; }
	[ "${output//$b/X}" = "${theirs//$a/X}" ] || {
		printf 'output differs for %s:\numl:  %s\nours: %s\n' "$*" "$theirs" "$output" >&2
		return 1
	}
	[ "$(device "$b")" = "$(device "$a")" ] || {
		printf 'device differs for %s:\numl:  %s\nours: %s\n' "$*" "$(device "$a")" "$(device "$b")" >&2
		return 1
	}
}

@test "tunctl -t, -u, -g, -b, -f: same output and same device as uml-utilities" {
	need_uml
	compare
	compare -u 1000
	compare -u root
	compare -u 1000 -g 100
	compare -g 100
	compare -b
	compare -b -u 1000 -g 2000
	compare -f /dev/net/tun -u 4000000
}

@test "tunctl without -t: the kernel's name, printed the same way" {
	need_uml
	run ns "$UML" -u 1000
	[[ "$output" =~ ^Set\ \'tap0\'\ persistent\ and\ owned\ by\ uid\ 1000$ ]]
	run ns "$OURS" -u 1000
	[ "$output" = "Set 'tap1' persistent and owned by uid 1000" ]
	[ "$(device tap1)" = "$(device tap0)" ]
	run ns "$OURS" -b
	[ "$output" = tap2 ]
}

@test "tunctl -d: same output; the device is gone" {
	need_uml
	ns "$UML" -t u1 >/dev/null
	ns "$OURS" -t o1 >/dev/null
	run ns "$UML" -d u1
	theirs=$output
	run ns "$OURS" -d o1
	[ "$status" -eq 0 ]
	[ "${output//o1/X}" = "${theirs//u1/X}" ]
	assert_absent u1
	assert_absent o1
}

@test "tuntapctl tunctl ... is the same front end" {
	run tt tunctl -t tap5 -u 1000 -g 100
	[ "$status" -eq 0 ]
	[ "$output" = "Set 'tap5' persistent and owned by uid 1000 gid 100" ]
	[ "$(sysfs tap5 owner)" = 1000 ]
	[ "$(sysfs tap5 group)" = 100 ]
}

@test "tunctl -n makes a tun device and -p a tap device (the default)" {
	run ns "$OURS" -n -t tun5
	[ "$status" -eq 0 ]
	[ "$output" = "Set 'tun5' persistent and owned by uid 0" ]
	[ "$(link_json tun5 | jq -r '.[0].linkinfo.info_data.type')" = tun ]
	run ns "$OURS" -p -t tap6
	[ "$(link_json tap6 | jq -r '.[0].linkinfo.info_data.type')" = tap ]
	# A tun name does not change the default, as in tunctl.
	run ns "$OURS" -t tun6
	[ "$(link_json tun6 | jq -r '.[0].linkinfo.info_data.type')" = tap ]
}

@test "an existing device of its kind is re-owned, as uml-utilities' tunctl does" {
	need_uml
	# Made by someone else, with vnet_hdr set by a client: both tunctls
	# re-attach as a plain tap, give it the owner and keep it.
	ns ip tuntap add u7 mode tap vnet_hdr user 1000
	ns ip tuntap add o7 mode tap vnet_hdr user 1000
	run --separate-stderr ns "$UML" -t u7 -u 2000
	[ "$status" -eq 0 ]
	theirs=$output
	run --separate-stderr ns "$OURS" -t o7 -u 2000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${output//o7/X}" = "${theirs//u7/X}" ]
	[ "$output" = "Set 'o7' persistent and owned by uid 2000" ]
	[ "$(device o7)" = "$(device u7)" ]
	# Again: the same answer, nothing else changes.
	run ns "$OURS" -t o7 -u 2000
	[ "$status" -eq 0 ]
	[ "$output" = "Set 'o7' persistent and owned by uid 2000" ]
}

@test "our safety where uml-utilities' tunctl is careless" {
	ns "$OURS" -t tap0 -u 1000 >/dev/null
	ns ip link add br0 type bridge
	ns "$OURS" -n -t tun0 >/dev/null
	before=$(ns_state)
	# A device of another kind is never touched.
	run --separate-stderr ns "$OURS" -t br0 -u 2000
	[ "$status" -eq 1 ]
	[ "$stderr" = "tunctl: br0: not a TUN/TAP device (it is a bridge); nothing changed" ]
	run --separate-stderr ns "$OURS" -t tun0 -u 2000
	[ "$status" -eq 1 ]
	[ "$stderr" = "tunctl: tun0: exists as 'tun', but the line asks for 'tap'; nothing changed (delete it to re-create it)" ]
	[ "$(sysfs tun0 owner)" = 0 ]
	# A long name is never truncated.
	run --separate-stderr ns "$OURS" -t averyveryverylongname
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "is 21 bytes long; the kernel allows at most 15"
	# Deleting what does not exist is an error, not a success.
	run --separate-stderr ns "$OURS" -d nothere
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tunctl: nothere: no such device"
	# Unknown options and bad names: usage errors.
	run --separate-stderr ns "$OURS" -z
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "tunctl: unknown option '-z'"
	run --separate-stderr ns "$OURS" -u nosuchuser_x -t tap9
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "no such user 'nosuchuser_x'"
	run --separate-stderr ns "$OURS" -f /nonexistent -t tap9
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "cannot open /nonexistent: no such file"
	[ "$(ns_state)" = "$before" ]
}

@test "tunctl -h prints usage on stdout" {
	run --separate-stderr "$OURS" -h
	[ "$status" -eq 0 ]
	assert_contains "$output" "Create: tunctl [-b] [-u owner] [-g group] [-t device-name]"
	assert_contains "$output" "Delete: tunctl -d device-name"
}
