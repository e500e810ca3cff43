#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind memcheck over a representative set of runs: add with every
# keyword, show in every form, set, set-owner, persist, del, a batch file,
# and the error and rollback paths.  Every run must leave valgrind with
# nothing to say: no invalid access, no uninitialised value, and no
# definite, indirect or possible leak.  (What glibc's name service keeps
# for the life of the process is "still reachable", not a leak.)

load helpers

setup() {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	! grep -qa __asan_init "$TUNTAPCTL" ||
		skip "this build has AddressSanitizer, which valgrind cannot run"
	ns_setup
	ns ip link add br0 type bridge
}

teardown() {
	ns_teardown
}

# valgrind's options: every error and every leak but "still reachable"
# counts, except the libraries' own (tests/valgrind.supp says which).
VG_OPTS="-q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible --track-origins=yes --suppressions=$BATS_TEST_DIRNAME/valgrind.supp"

# vg ARGS...: tuntapctl ARGS under memcheck, in the namespace, with
# run's status, output and stderr; valgrind's own report goes to a file.
vg() {
	VG_LOG=$BATS_TEST_TMPDIR/vg.$((++VG_RUNS))
	run --separate-stderr ns valgrind $VG_OPTS --log-file="$VG_LOG" \
		"$TUNTAPCTL" "$@"
}

# The last vg run exited with $1 and valgrind reported nothing.
vg_clean() {
	if [ -s "$VG_LOG" ]; then
		echo "valgrind on tuntapctl $*:" >&2
		cat "$VG_LOG" >&2
		return 1
	fi
	[ "$status" -eq "$1" ] || {
		printf 'exit %s, expected %s\n%s\n' "$status" "$1" "$stderr" >&2
		return 1
	}
}

@test "memcheck: add with every keyword, tap and tun" {
	vg add tap0 mode tap user 1000 group 2000 pi vnet_hdr multi_queue \
		mtu 1400 address 02:00:00:00:00:01 addr 192.0.2.1/24 \
		addr 2001:db8::1/64 txqueuelen 500 master br0 up
	vg_clean 0
	[ "$output" = tap0 ]
	link_json tap0 | jq -e '.[0] | .mtu == 1400 and .address == "02:00:00:00:00:01"
		and .txqlen == 500 and .master == "br0" and (.flags | index("UP"))
		and .linkinfo.info_data.type == "tap" and .linkinfo.info_data.pi
		and .linkinfo.info_data.vnet_hdr and .linkinfo.info_data.multi_queue'
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(sysfs tap0 group)" = 2000 ]
	[ "$(ns ip -j addr show dev tap0 | jq -r '[.[0].addr_info[] |
		select(.scope == "global") | .local] | sort | join(" ")')" = \
		"192.0.2.1 2001:db8::1" ]
	vg add tun%d one_queue mtu 9000 addr 10.0.0.1/8 down
	vg_clean 0
	[ "$output" = tun0 ]
	link_json tun0 | jq -e '.[0] | .mtu == 9000 and .linkinfo.info_data.type == "tun"'
}

@test "memcheck: show, show -d, show -d -j, show -N, with a process attached" {
	tt add tap0 mode tap user 1000 addr 192.0.2.1/24 master br0 >/dev/null
	tt add tun0 mode tun multi_queue >/dev/null
	hold tun0 -q 2
	for args in "show" "-d show" "-d -j show" "-d -j -p show" "show -N" \
		"show mode tap" "-j show tun0"; do
		# shellcheck disable=SC2086 # the words are meant to split
		vg $args
		vg_clean 0 $args
	done
	vg -d -j show tun0
	vg_clean 0
	jq -e --argjson p "$HOLD_PID" '.[0] | .queues == 2 and
		(.processes | map(.pid) | index($p))' <<<"$output"
}

@test "memcheck: set, set-owner and persist" {
	tt add tap0 mode tap addr 192.0.2.1/24 >/dev/null
	vg set tap0 mtu 1500 address 02:00:00:00:00:02 deladdr 192.0.2.1/24 \
		addr 198.51.100.1/24 txqlen 100 master br0 up
	vg_clean 0
	link_json tap0 | jq -e '.[0] | .mtu == 1500 and .master == "br0" and .txqlen == 100'
	[ "$(ns ip -j -4 addr show dev tap0 | jq -r '[.[0].addr_info[].local] | join(" ")')" = \
		198.51.100.1 ]
	vg set tap0 nomaster down
	vg_clean 0
	link_json tap0 | jq -e '.[0] | has("master") | not'
	vg set-owner tap0 user 1000 group 2000
	vg_clean 0
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(sysfs tap0 group)" = 2000 ]
	vg persist tap0 off
	vg_clean 0
	assert_absent tap0
}

@test "memcheck: del by name, by filter, and of a busy device" {
	for i in 0 1 2 3; do tt add tap$i >/dev/null; done
	tt add tun0 >/dev/null
	vg del tap0 tap1
	vg_clean 0
	assert_absent tap0
	assert_absent tap1
	hold tap3
	vg del tap3
	vg_clean 1
	assert_contains "$stderr" "tap3"
	vg del mode tap --force
	vg_clean 0
	assert_absent tap2
	assert_absent tap3
	assert_exists tun0
}

@test "memcheck: a batch file with a failing line, and --keep-going" {
	printf 'add tap0 mode tap mtu 1400\nadd tap0 mode tap\nset tap0 up\nshow\n' \
		>"$BATS_TEST_TMPDIR/f"
	vg -k -b "$BATS_TEST_TMPDIR/f"
	vg_clean 1
	assert_contains "$stderr" ":2:"
	link_json tap0 | jq -e '.[0] | .mtu == 1400 and (.flags | index("UP"))'
}

@test "memcheck: usage errors, a missing device, and a rollback" {
	before=$(ns_state)
	vg add tap0 mode tap mtu 67
	vg_clean 2
	vg add tap0 mode tap mdoe tap
	vg_clean 2
	vg set nosuchdev mtu 1400
	vg_clean 1
	vg -f /nonexistent add tap0
	vg_clean 1
	[ "$(ns_state)" = "$before" ]
	vg add tap0 mode tap addr 192.0.2.1/24 addr ff02::5/64 master br0 up
	vg_clean 1
	assert_contains "$stderr" "tap0 was removed"
	assert_absent tap0
}

@test "memcheck: add whose name cannot be written, with and without link settings; a bridged rollback; --exist-ok" {
	local a
	for a in "add tap0 mode tap" "add tap0 mode tap mtu 1400 master br0 up"; do
		VG_LOG=$BATS_TEST_TMPDIR/vg.$((++VG_RUNS))
		run ns sh -c 'exec valgrind $1 --log-file="$2" "$3" $4 >/dev/full' \
			sh "$VG_OPTS" "$VG_LOG" "$TUNTAPCTL" "$a"
		vg_clean 1
		assert_absent tap0
	done
	vg add tap0 mode tap vnet_hdr user 1000 mtu 1400 up
	vg_clean 0
	vg --exist-ok add tap0 mode tap pi user 1001 mtu 1500 addr 192.0.2.1/24 up
	vg_clean 0
	vg --exist-ok -b /dev/null
	vg_clean 0
	printf 'add tap1 mode tap\nadd vm%%d mode tap\n' >"$BATS_TEST_TMPDIR/f"
	vg --exist-ok -k -b "$BATS_TEST_TMPDIR/f"
	vg_clean 1
}
