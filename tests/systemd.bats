#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd unit: where it sits in the boot, how exposed it is, and
# that its ExecStart really works with only the rights the unit leaves
# it (capabilities, no_new_privs, the system-call filter, the address
# families), run in the test's namespace without systemd.

load helpers

UNIT=$BATS_TEST_DIRNAME/../contrib/tuntapctl.service.in

setup() {
	command -v systemd-analyze >/dev/null || skip "systemd-analyze is not installed"
	sed "s|@sbindir@/tuntapctl|$TUNTAPCTL|" "$UNIT" >"$BATS_TEST_TMPDIR/tuntapctl.service"
}

teardown() {
	ns_teardown
}

# One setting of the unit: unit_value KEY (every line of it).
unit_value() {
	sed -n "s/^$1=//p" "$UNIT"
}

@test "the unit verifies, runs before network-pre.target, and runs the boot file with --exist-ok" {
	[ "$(unit_value Type)" = oneshot ]
	[ "$(unit_value RemainAfterExit)" = yes ]
	[ "$(unit_value DefaultDependencies)" = no ]
	[ "$(unit_value Before)" = "network-pre.target shutdown.target" ]
	[ "$(unit_value Wants)" = network-pre.target ]
	[ "$(unit_value ExecStart)" = "@sbindir@/tuntapctl --exist-ok --keep-going --batch /etc/tuntapctl.conf" ]
	# --man=no: the page is not installed where the test runs.
	run systemd-analyze verify --man=no "$BATS_TEST_TMPDIR/tuntapctl.service"
	[ "$status" -eq 0 ]
	refute_contains "$output" "tuntapctl.service"
}

@test "systemd-analyze security: exposure at most 2.5" {
	run systemd-analyze security --offline=yes "$BATS_TEST_TMPDIR/tuntapctl.service"
	echo "$output" | tail -n 1 >&3
	level=$(echo "$output" | sed -n 's/.*Overall exposure level for tuntapctl.service: \([0-9.]*\).*/\1/p')
	[ -n "$level" ]
	awk -v l="$level" 'BEGIN { exit !(l <= 2.5) }'
}

# ExecStart, as the unit runs it, on a boot file of the test's.
boot_file() {
	cat >"$BATS_TEST_TMPDIR/tuntapctl.conf" <<-'EOF2'
	add tap0 mode tap user 1000 group 100 vnet_hdr mtu 9000 addr 192.0.2.1/24 addr 2001:db8::1/64 up
	add tun0 mode tun user 1001 mtu 1400 addr 10.8.0.1/24 up
	add tap1 mode tap multi_queue user 1000 master br0 up
	add tap-ct mode tap mtu 1300 addr 192.0.2.9/24 up netns ct1
	EOF2
	unit_value ExecStart | sed "s|@sbindir@/tuntapctl||; s|/etc/tuntapctl.conf|$BATS_TEST_TMPDIR/tuntapctl.conf|"
}

# Only the unit's rights: its CapabilityBoundingSet (root's other
# capabilities go at exec) and no_new_privs.
sandboxed() {
	local caps
	caps=$(unit_value CapabilityBoundingSet | tr 'A-Z ' 'a-z\n' | sed 's/^cap_/+/' | paste -sd, -)
	ns setpriv --bounding-set "-all,$caps" --inh-caps -all --no-new-privs -- "$@"
}

@test "ExecStart with only the unit's capabilities and no_new_privs creates the boot file's devices, and a restart converges them" {
	ns_setup
	ns ip link add br0 type bridge
	netns_add ct1
	args=$(boot_file)
	# The restriction is real: the capabilities are CAP_NET_ADMIN (bit
	# 12) and CAP_SYS_ADMIN (bit 21, for setns into ct1) and nothing
	# else, and without them nothing can be made.
	[ "$(unit_value CapabilityBoundingSet)" = "CAP_NET_ADMIN CAP_SYS_ADMIN" ]
	[ "$(sandboxed grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\t' ' ')" = "CapEff: 0000000000201000
CapBnd: 0000000000201000
NoNewPrivs: 1" ]
	run ns setpriv --bounding-set -all --inh-caps -all --no-new-privs -- "$TUNTAPCTL" $args
	[ "$status" -eq 1 ]
	assert_contains "$output" "permission denied"
	assert_absent tap0
	for run in 1 2; do
		run --separate-stderr sandboxed "$TUNTAPCTL" $args
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "tap0
tun0
tap1
tap-ct" ]
	done
	[ "$(ns ip -n ct1 -d -j link show tap-ct | jq -c '.[0] | [.mtu, .linkinfo.info_data.type, (.flags | index("UP") != null)]')" = '[1300,"tap",true]' ]
	[ "$(ns ip -n ct1 -j addr show dev tap-ct | jq -r '.[0].addr_info[] | select(.family == "inet") | .local')" = 192.0.2.9 ]
	# CAP_SYS_ADMIN is what the netns line needs: without it, that line
	# alone fails and names the capability.
	ns ip netns exec ct1 ip link del tap-ct
	run ns setpriv --bounding-set -all,+net_admin --inh-caps -all --no-new-privs -- "$TUNTAPCTL" $args
	[ "$status" -eq 1 ]
	assert_contains "$output" "tap-ct: cannot enter network namespace ct1: permission denied"
	[ "$(sysfs tap0 owner)/$(sysfs tap0 group)/$(sysfs tun0 owner)" = 1000/100/1001 ]
	[ "$(link_json tap0 | jq -c '.[0] | [.mtu, .linkinfo.info_data.vnet_hdr]')" = '[9000,true]' ]
	[ "$(link_json tap1 | jq -r '.[0].master')" = br0 ]
	[ "$(ns ip -j addr show | jq -c '[.[].addr_info[] | select(.scope == "global") | .local] | sort')" = '["10.8.0.1","192.0.2.1","2001:db8::1"]' ]
}

# Every system call of a strace file (strace -f -o FILE).
syscalls_of() {
	sed -E 's/^[0-9]+ +//; s/\(.*//' "$1" | grep -E '^[a-z_0-9]+$' | sort -u
}

# The system calls a systemd filter set allows, groups expanded.
filter_set() {
	systemd-analyze syscall-filter "$1" | sed 1d | grep -v '^ *#' | tr -d ' ' | grep . |
		while read -r c; do
			case $c in @*) filter_set "$c" ;; *) echo "$c" ;; esac
		done
}

@test "ExecStart makes only the system calls the unit's filter allows, on sockets of the allowed families" {
	command -v strace >/dev/null || skip "strace is not installed"
	ns_setup
	ns ip link add br0 type bridge
	netns_add ct1
	args=$(boot_file)
	# Create, then converge with a changed owner (an attach), then a
	# run that changes nothing.
	ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/s1" "$TUNTAPCTL" $args >/dev/null
	sed -i 's/user 1001/user 1002/' "$BATS_TEST_TMPDIR/tuntapctl.conf"
	ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/s2" "$TUNTAPCTL" $args >/dev/null
	ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/s3" "$TUNTAPCTL" $args >/dev/null
	[ "$(sysfs tun0 owner)" = 1002 ]
	# execve is strace's own start of the program; the filter applies
	# after systemd's exec.
	cat "$BATS_TEST_TMPDIR"/s[123] >"$BATS_TEST_TMPDIR/all"
	syscalls_of "$BATS_TEST_TMPDIR/all" | grep -vx execve >"$BATS_TEST_TMPDIR/used"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/used")" -gt 20 ]
	filter_set @system-service | sort -u >"$BATS_TEST_TMPDIR/allowed"
	{ filter_set @privileged; filter_set @resources; } | sort -u >"$BATS_TEST_TMPDIR/denied"
	run comm -23 "$BATS_TEST_TMPDIR/used" "$BATS_TEST_TMPDIR/allowed"
	[ -z "$output" ]
	run comm -12 "$BATS_TEST_TMPDIR/used" "$BATS_TEST_TMPDIR/denied"
	[ -z "$output" ]
	# setns, for the netns line: RestrictNamespaces=net lets it through.
	grep -qx setns "$BATS_TEST_TMPDIR/used"
	# RestrictAddressFamilies=AF_NETLINK AF_UNIX (AF_UNIX for the name
	# service, which numeric ids do not need).
	run sh -c "grep -o 'socket(AF_[A-Z0-9]*' '$BATS_TEST_TMPDIR/all' | sort -u | grep -vx -e 'socket(AF_NETLINK' -e 'socket(AF_UNIX'"
	[ -z "$output" ]
	grep -q 'socket(AF_NETLINK' "$BATS_TEST_TMPDIR/all"
}
