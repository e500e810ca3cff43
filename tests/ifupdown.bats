#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's ifupdown with our hooks (contrib/ifupdown), and with
# uml-utilities' own hook calling our tunctl: real ifup and ifdown, in
# the test's namespace, with /etc/network of the test's own.

load helpers

setup() {
	ns_setup
	command -v ifup >/dev/null || skip "ifupdown is not installed"
	E=$BATS_TEST_TMPDIR/etcnet
	I=$BATS_TEST_TMPDIR/interfaces
	S=$BATS_TEST_TMPDIR/state
	mkdir -p "$E/if-pre-up.d" "$E/if-up.d" "$E/if-down.d" "$E/if-post-down.d"
	# The hooks as make install writes them, calling this tuntapctl.
	for h in pre-up post-down; do
		sed "s|@sbindir@/tuntapctl|$TUNTAPCTL|" \
			"$BATS_TEST_DIRNAME/../contrib/ifupdown/$h.in" >"$E/if-$h.d/tuntapctl"
		chmod +x "$E/if-$h.d/tuntapctl"
	done
	ns mount --bind "$E" /etc/network
	# alice, and a group kvm, in this namespace only.
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	echo "alice:x:4201:4201::/nonexistent:/usr/sbin/nologin" >>"$BATS_TEST_TMPDIR/passwd"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
	if ! getent group kvm >/dev/null; then
		cp /etc/group "$BATS_TEST_TMPDIR/group"
		echo "kvm:x:4202:" >>"$BATS_TEST_TMPDIR/group"
		ns mount --bind "$BATS_TEST_TMPDIR/group" /etc/group
	fi
	KVM=$(ns getent group kvm | cut -d: -f3)
}

teardown() {
	ns_teardown
}

ifup() {
	ns ifup -i "$I" --state-dir "$S" "$@"
}

ifdown() {
	ns ifdown -i "$I" --state-dir "$S" "$@"
}

# The stanza of the issue.
stanza() {
	cat >"$I" <<-EOF
	auto tap0
	iface tap0 inet static
	    address 192.0.2.1/24
	    mtu 1400
	    tuntap-mode tap
	    tuntap-user alice
	    tuntap-group kvm
	    tuntap-flags vnet_hdr $1
	$2
	EOF
}

@test "ifup and ifdown, twice: the device as the stanza says, then gone" {
	stanza multi_queue
	for cycle in 1 2; do
		run --separate-stderr ifup tap0
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ -z "$output" ]
		[ "$(link_json tap0 | jq -c '.[0] | [.linkinfo.info_data.type, .linkinfo.info_data.vnet_hdr, .linkinfo.info_data.multi_queue, .linkinfo.info_data.persist, .mtu, (.flags | index("UP") != null)]')" = '["tap",true,true,true,1400,true]' ]
		[ "$(sysfs tap0 owner)" = 4201 ]
		[ "$(sysfs tap0 group)" = "$KVM" ]
		[ "$(ns ip -j addr show dev tap0 | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')" = 192.0.2.1/24 ]
		run --separate-stderr ifdown tap0
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		assert_absent tap0
	done
}

@test "ifup of an interface whose device exists converges it; tuntap-keep yes keeps it at ifdown" {
	stanza "" "    tuntap-keep yes"
	tt add tap0 mode tap user 1000 >/dev/null
	run --separate-stderr ifup tap0
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(sysfs tap0 owner)" = 4201 ]
	[ "$(link_json tap0 | jq '.[0].linkinfo.info_data.vnet_hdr')" = true ]
	run ifdown tap0
	[ "$status" -eq 0 ]
	assert_exists tap0
	run ifup tap0
	[ "$status" -eq 0 ]
	[ "$(link_json tap0 | jq '.[0].mtu')" = 1400 ]
}

@test "ifdown while QEMU holds the tap: the device stays, and ifdown says so" {
	stanza ""
	run ifup tap0
	[ "$status" -eq 0 ]
	qemu_attach tap0 4201 "$KVM"
	qemu=$CLIENT_PID
	run --separate-stderr ifdown tap0
	[ "$status" -eq 0 ]
	[ "$stderr" = "tuntapctl: tap0: kept: in use by qemu-system-x86 (pid $qemu)" ]
	assert_exists tap0
	kill -0 "$qemu"
	grep -qsx "iff:	tap0" /proc/"$qemu"/fdinfo/*
	# Up again while it runs, and down once it has gone.
	run --separate-stderr ifup tap0
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	unhold "$qemu"
	run ifdown tap0
	[ "$status" -eq 0 ]
	assert_absent tap0
}

@test "a stanza without tuntap-* options is not touched" {
	tt add tap5 mode tap user 1000 >/dev/null
	ns ip link add v0 type veth peer name v1
	printf 'iface tap5 inet static\n    address 192.0.2.5/24\niface v0 inet manual\n' >"$I"
	before=$(sysfs tap5 owner)
	run ifup tap5 v0
	[ "$status" -eq 0 ]
	run ifdown tap5 v0
	[ "$status" -eq 0 ]
	assert_exists tap5
	assert_exists v0
	[ "$(sysfs tap5 owner)" = "$before" ]
	[ "$(link_json tap5 | jq '.[0].linkinfo.info_data.persist')" = true ]
}

@test "errors reach ifup's output with the interface's name, and nothing is made" {
	printf 'iface tap0 inet static\n    address 192.0.2.1/24\n    tuntap-user nosuchuser\n' >"$I"
	run --separate-stderr ifup tap0
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: tap0: no such user 'nosuchuser'"
	assert_contains "$stderr" "ifup: failed to bring up tap0"
	assert_absent tap0
	printf 'iface tap0 inet manual\n    tuntap-usr alice\n' >"$I"
	run --separate-stderr ifup tap0
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: tap0: unknown option tuntap-usr (tuntap-mode, tuntap-user, tuntap-group, tuntap-flags, tuntap-keep)"
	printf 'iface tap0 inet manual\n    tuntap-flags vnet_hdr up\n' >"$I"
	run --separate-stderr ifup tap0
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: tap0: tuntap-flags takes pi, vnet_hdr, multi_queue and one_queue, not 'up'"
	printf 'iface tap0 inet manual\n    tuntap-keep maybe\n' >"$I"
	run --separate-stderr ifup tap0
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: tap0: tuntap-keep takes yes or no, not 'maybe'"
	printf 'iface br0 inet manual\n    tuntap-mode tap\n' >"$I"
	ns ip link add br0 type bridge
	run --separate-stderr ifup br0
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: br0: not a TUN/TAP device (it is a bridge); nothing changed"
	assert_absent tap0
}

@test "uml-utilities' own ifupdown hook with our tunctl: two up and down cycles" {
	[ -x /etc/network/if-pre-up.d/uml-utilities ] ||
		skip "uml-utilities is not installed"
	cp /etc/network/if-pre-up.d/uml-utilities "$E/if-pre-up.d/"
	# Our tunctl where the hook calls it.
	ns mount --bind "$TUNTAPCTL" /usr/bin/tunctl
	printf 'iface tap0 inet static\n    address 192.0.2.1/24\n    tunctl_user alice\n' >"$I"
	for cycle in 1 2; do
		run --separate-stderr ifup tap0
		[ "$status" -eq 0 ]
		[ "$output" = "Set 'tap0' persistent and owned by uid 4201" ]
		[ -z "$stderr" ]
		[ "$(sysfs tap0 owner)" = 4201 ]
		link_json tap0 | jq -e '.[0].flags | index("UP")'
		run ifdown tap0
		[ "$status" -eq 0 ]
		# uml-utilities deletes nothing at ifdown: the device stays.
		assert_exists tap0
	done
}
