#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --dry-run: for every changing command and for a 1,000-line boot file,
# the report equals what the real run that follows does, the namespace
# is exactly as it was after the dry run, nothing attaches, and what
# would fail fails the same way.  Every report is checked against the
# JSON Schema (contrib/change-report.schema.json).

load helpers

VALIDATE=$BATS_TEST_DIRNAME/validate-report

setup() {
	ns_setup
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
}

teardown() {
	ns_teardown
}

# The results of a report, as they are compared: where, what, and what
# changed.
results_of() {
	echo "$1" | jq -S -c '[.results[] | {line, command, device, action, changes, error}]'
}

# same_as_real ARGS...: tuntapctl --dry-run -j ARGS, then the real run:
# the same exit status and results, both valid, and the dry run changed
# nothing.  REAL holds the real run's report.
same_as_real() {
	local before after dry dst
	before=$(ns_state)
	run --separate-stderr tt --dry-run -j "$@"
	dst=$status dry=$output
	after=$(ns_state)
	[ "$after" = "$before" ] || {
		echo "the dry run of $* changed the namespace:" >&2
		diff <(echo "$before") <(echo "$after") >&2
		return 1
	}
	echo "$dry" | "$VALIDATE" || return 1
	echo "$dry" | jq -e '.dry_run == true' >/dev/null || return 1
	run --separate-stderr tt -j "$@"
	REAL=$output
	echo "$REAL" | "$VALIDATE" || return 1
	[ "$status" -eq "$dst" ] || {
		echo "$*: the dry run exits $dst, the real run $status" >&2
		return 1
	}
	[ "$(results_of "$dry" | sed 's/ (a dry run)//; s/nothing was made/X was removed/')" = \
		"$(results_of "$REAL" | sed -E 's/[a-z0-9]+ was removed/X was removed/')" ] || {
		echo "$*: the dry run and the real run differ:" >&2
		diff <(results_of "$dry" | jq .) <(results_of "$REAL" | jq .) >&2
		return 1
	}
}

@test "every command: the dry run reports what the real run then does, and changes nothing" {
	same_as_real add tap0 mode tap user 1000 group 100 vnet_hdr mtu 9000 address 02:00:00:00:00:01 addr 192.0.2.1/24 addr 2001:db8::1/64 master br0 up
	[ "$(echo "$REAL" | jq -r '.results[0].action')" = created ]
	same_as_real add tun0 mode tun pi txqueuelen 700 addr 10.0.0.1/24
	same_as_real add vm%d mode tap multi_queue
	[ "$(echo "$REAL" | jq -r '.results[0].device')" = vm0 ]
	same_as_real add mode tun
	same_as_real add --exist-ok tap0 mode tap user 1001 vnet_hdr mtu 1500 addr 192.0.2.2/24 down
	[ "$(echo "$REAL" | jq -r '.results[0].action')" = changed ]
	same_as_real add --exist-ok tap0 mode tap user 1001 vnet_hdr mtu 1500 addr 192.0.2.2/24 down
	[ "$(echo "$REAL" | jq -c '[.changed, .results[0].action]')" = '[false,"unchanged"]' ]
	same_as_real add --exist-ok tap0 mode tap pi user 1001
	same_as_real set tap0 mtu 1400 deladdr 192.0.2.1 addr 198.51.100.1/24 nomaster txqueuelen 100 up
	same_as_real set tun0 down
	same_as_real set-owner tun0 user 1005 group 1006
	same_as_real persist vm0 off
	[ "$(echo "$REAL" | jq -r '.results[0].action')" = deleted ]
	same_as_real del tap0 tun0
	same_as_real del mode tun
}

@test "IPv4 secondaries: deleting the primary takes them along, or promotes one" {
	tt add tap0 mode tap addr 192.0.2.1/24 addr 192.0.2.2/24 addr 192.0.2.3/24 addr 198.51.100.1/24 >/dev/null
	same_as_real set tap0 deladdr 192.0.2.1/24
	[ "$(echo "$REAL" | jq -c '.results[0].changes.addresses.new')" = '["198.51.100.1/24"]' ]
	ns sysctl -qw net.ipv4.conf.tap0.promote_secondaries=1
	same_as_real set tap0 addr 192.0.2.1/24 addr 192.0.2.2/24 addr 192.0.2.3/24
	same_as_real set tap0 deladdr 192.0.2.1/24
	[ "$(echo "$REAL" | jq -c '.results[0].changes.addresses.new')" = '["192.0.2.2/24","192.0.2.3/24","198.51.100.1/24"]' ]
	# The promoted one is the primary now: deleting it takes the other.
	ns sysctl -qw net.ipv4.conf.tap0.promote_secondaries=0
	same_as_real set tap0 deladdr 192.0.2.2/24
	[ "$(echo "$REAL" | jq -c '.results[0].changes.addresses.new')" = '["198.51.100.1/24"]' ]
}

@test "IPv4: deleting a primary and its secondary in one line works, as the dry run says" {
	tt add tap0 mode tap addr 192.0.2.1/24 addr 192.0.2.2/24 addr 198.51.100.1/24 >/dev/null
	same_as_real set tap0 deladdr 192.0.2.1/24 deladdr 192.0.2.2/24
	[ "$(echo "$REAL" | jq -c '[.results[0].action, .results[0].changes.addresses.new]')" = '["changed",["198.51.100.1/24"]]' ]
	[ "$(ns ip -j addr show dev tap0 | jq -c '[.[0].addr_info[] | select(.family == "inet") | .local]')" = '["198.51.100.1"]' ]
}

@test "what would fail fails in the dry run too, the same way, with the same status" {
	tt add tap0 mode tap user 1000 >/dev/null
	for args in "add tap0 mode tun" "add --exist-ok tap0 mode tun" \
		"add tap1 master nobr" "add tap1 master v0" "add v0 mode tap" \
		"add tap1 mtu 65530" "add tap1 mtu 1000 addr 2001:db8::1/64" \
		"set tap0 mtu 70000" "set nothere up" "set tap0 addr 192.0.2.1/24 deladdr 10.0.0.1" \
		"del tap0 nothere" "set-owner v0 user 5" "persist nothere off"; do
		run --separate-stderr tt --dry-run $args
		local dst=$status derr=$stderr
		[ "$dst" -ne 0 ] || { echo "dry run of $args succeeded" >&2; false; }
		before=$(ns_state)
		run --separate-stderr tt $args
		[ "$status" -eq "$dst" ] || { echo "$args: dry $dst, real $status" >&2; false; }
		[ "${derr//nothing was made (a dry run)/X}" = "$(echo "$stderr" | sed -E 's/[a-z0-9]+ was removed|nothing was made/X/')" ] || {
			printf '%s:\ndry:  %s\nreal: %s\n' "$args" "$derr" "$stderr" >&2
			false
		}
	done
	# Without CAP_NET_ADMIN, as for real.
	ns_unpriv_bin
	run --separate-stderr as_user 1000 1000 "$UTT" --dry-run add tap5 mode tap
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap5: cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root)"
}

@test "the dry run's text: one line per device and action" {
	tt add tap1 mode tap >/dev/null
	tt add tap2 mode tap >/dev/null
	tt add tap3 mode tap user 1000 mtu 1400 >/dev/null
	printf 'add tap0 mode tap user 0 mtu 9000 up\nset tap1 mtu 9000 addr 192.0.2.1/24\ndel tap2\nadd --exist-ok tap3 mode tap user 1000 mtu 1400\n' \
		>"$BATS_TEST_TMPDIR/f"
	before=$(ns_state)
	run --separate-stderr tt --dry-run -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "create tap0: tap, user root, mtu 9000, up
change tap1: mtu 1500 -> 9000, add 192.0.2.1/24
delete tap2
unchanged tap3" ]
	[ "$(ns_state)" = "$before" ]
}

@test "a dry run attaches to nothing and sends no change to the kernel" {
	command -v strace >/dev/null || skip "strace is not installed"
	tt add tap0 mode tap up >/dev/null
	changes=$(sysfs tap0 carrier_changes)
	printf 'add --exist-ok tap0 mode tap pi user 7\nadd tap1 mode tap mtu 9000 up\nset tap0 mtu 1400\nset-owner tap0 user 8\npersist tap0 on\ndel tap0\n' \
		>"$BATS_TEST_TMPDIR/f"
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" \
		-e trace=ioctl,sendmsg,sendto "$TUNTAPCTL" --dry-run -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	run grep -E 'TUNSET|SIOCS|RTM_NEWLINK|RTM_SETLINK|RTM_DELLINK|RTM_NEWADDR|RTM_DELADDR' "$BATS_TEST_TMPDIR/trace"
	[ "$status" -eq 1 ]
	[ "$(sysfs tap0 carrier_changes)" = "$changes" ]
	assert_absent tap1
}

@test "a 1,000-line boot file: the dry run's report is what the real run does" {
	local i
	for i in $(seq 0 199); do
		echo "add tap$i mode tap user $((1000 + i % 3)) mtu $((1400 + i % 5)) addr 10.1.$((i % 250)).1/24 up"
		echo "add tun$i mode tun pi"
		echo "set tap$i txqueuelen $((100 + i)) addr 2001:db8:$i::1/64"
		[ $((i % 2)) -eq 0 ] && echo "del tun$i" || echo "set-owner tun$i user 5"
		echo "add --exist-ok tap$i mode tap user 1000 mtu 1500 addr 10.1.$((i % 250)).1/24"
	done >"$BATS_TEST_TMPDIR/boot.conf"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/boot.conf")" -eq 1000 ]
	# Some of the devices exist already, as on a host that ran it once.
	for i in 0 1 2 3; do tt add "tap$i" mode tap user 2000 >/dev/null; done
	same_as_real --exist-ok -k -b "$BATS_TEST_TMPDIR/boot.conf"
	[ "$(echo "$REAL" | jq '.results | length')" -eq 1000 ]
	[ "$(echo "$REAL" | jq '[.results[] | select(.action == "failed")] | length')" -eq 0 ]
	# Run again: the "set ... addr" lines now fail (the addresses are
	# there), and the dry run says so, line by line, as the real run does.
	same_as_real --exist-ok -k -b "$BATS_TEST_TMPDIR/boot.conf"
	[ "$(echo "$REAL" | jq -c '[.changed, ([.results[] | select(.action == "failed") | .line] | length)]')" = '[true,200]' ]
	[ "$(echo "$REAL" | jq -r '[.results[] | select(.action == "failed")][0].error')" = \
		"tap0: cannot add address 2001:db8::1/64: 2001:db8::1/64 is already assigned to tap0; nothing changed" ]
}

@test "--exist-ok run twice: the second report says changed: false" {
	printf 'add tap0 mode tap user 1000 mtu 9000 addr 192.0.2.1/24 up\nadd tun0 mode tun vnet_hdr\n' >"$BATS_TEST_TMPDIR/f"
	run tt -j --exist-ok -b "$BATS_TEST_TMPDIR/f"
	[ "$(echo "$output" | jq .changed)" = true ]
	run tt -j --exist-ok -b "$BATS_TEST_TMPDIR/f"
	echo "$output" | "$VALIDATE"
	[ "$(echo "$output" | jq -c '[.changed, [.results[].action]]')" = '[false,["unchanged","unchanged"]]' ]
	run tt --exist-ok --dry-run -b "$BATS_TEST_TMPDIR/f"
	[ "$output" = "unchanged tap0
unchanged tun0" ]
}

@test "--dry-run on a line of a batch file: that line only; the real lines see the kernel" {
	printf 'add --dry-run tap0 mode tap\nadd tap0 mode tun\nset --dry-run tap0 mtu 1400\nadd tap1 mode tap --dry-run\nset tap1 up\n' \
		>"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -k -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$output" = "create tap0: tap
tap0
change tap0: mtu 1500 -> 1400
create tap1: tap" ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:5: tap1: no such device" ]
	[ "$(ns ip -j link show tap0 | jq -r '.[0].mtu')" = 1500 ]
	[ "$(sysfs tap0 tun_flags)" = 0x1801 ]
	assert_absent tap1
}
