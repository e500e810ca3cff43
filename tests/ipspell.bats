#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ip's spellings, each tried on ip itself and on tuntapctl in the same
# namespace: ip tuntap lines convert by replacing the words "ip tuntap".

load helpers

setup() {
	ns_setup
	# ip netns add writes under /run/netns: a tmpfs private to the test.
	ns mount -t tmpfs tmpfs /run
}

teardown() {
	ns_teardown
}

@test "-force -batch: go on after a failed line, as ip does" {
	printf 'tuntap add ti0 mode tap\ntuntap add ti0 mode tap\ntuntap add ti1 mode tap\n' >"$BATS_TEST_TMPDIR/ip"
	printf 'add to0 mode tap\nadd to0 mode tap\nadd to1 mode tap\n' >"$BATS_TEST_TMPDIR/tt"
	run ns ip -force -batch "$BATS_TEST_TMPDIR/ip"
	[ "$status" -ne 0 ]
	assert_exists ti1
	run --separate-stderr tt -force -batch "$BATS_TEST_TMPDIR/tt"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tt:2: to0: cannot create the device: it already exists"
	assert_exists to1
	# Without -force both stop at the failed line.
	ns ip link del ti1
	ns ip link del to1
	run ns ip -batch "$BATS_TEST_TMPDIR/ip"
	[ "$status" -ne 0 ]
	assert_absent ti1
	run tt -batch "$BATS_TEST_TMPDIR/tt"
	[ "$status" -eq 1 ]
	assert_absent to1
}

@test "-netns NS, and ip's prefixes of it" {
	ns ip netns add other
	run ns ip -netns other tuntap add ti0 mode tap
	[ "$status" -eq 0 ]
	run tt -netns other add to0 mode tap
	[ "$status" -eq 0 ]
	run tt -ne other add to1 mode tap
	[ "$status" -eq 0 ]
	assert_absent to0
	[ "$(ns ip -n other -j link show | jq -r '[.[].ifname] | sort | join(" ")')" = "lo ti0 to0 to1" ]
	# -n NS and -nNS stay the short option.
	run tt -nother add to2 mode tap
	[ "$status" -eq 0 ]
	[ "$(ns ip -n other -j link show dev to2 | jq length)" -eq 1 ]
}

@test "-json, -details, -pretty and their prefixes; list and lst" {
	ns ip tuntap add ti0 mode tap
	for opts in "-json" "-details -json" "-details -json -pretty" "-det -js -pre" "-d -j -p"; do
		for cmd in show list lst; do
			# (ip -d reads every process's fds; stderr has its
			# complaints about the ones it may not read.)
			run --separate-stderr ns ip $opts tuntap $cmd
			[ "$status" -eq 0 ] || { echo "ip $opts tuntap $cmd: $stderr" >&2; false; }
			echo "$output" | jq -e 'length == 1' >/dev/null
			run --separate-stderr tt $opts $cmd
			[ "$status" -eq 0 ] || { echo "tuntapctl $opts $cmd: $stderr" >&2; false; }
			echo "$output" | jq -e 'length == 1 and .[0].ifname == "ti0"' >/dev/null
		done
	done
	# -details reaches show: the processes key.
	run tt -details -json show
	echo "$output" | jq -e '.[0] | has("processes")'
	run tt -pretty -json show
	[ "$(echo "$output" | head -n 1)" = "[" ]
}

@test "delete dev NAME mode MODE, as ip tuntap del takes it" {
	ns ip tuntap add ti0 mode tap
	tt add to0 mode tap >/dev/null
	run ns ip tuntap delete dev ti0 mode tap
	[ "$status" -eq 0 ]
	run tt delete dev to0 mode tap
	[ "$status" -eq 0 ]
	assert_absent ti0
	assert_absent to0
}

@test "-brief and -br, as ip -br: one line per device, no header" {
	tt add tap0 mode tap addr 192.0.2.1/24 >/dev/null
	tt add tun0 mode tun >/dev/null
	run ns ip -br link show dev tap0
	[ "$status" -eq 0 ]
	for o in -brief -br --brief; do
		run --separate-stderr tt $o show
		[ "$status" -eq 0 ]
		[ "$output" = "tap0  tap  down  192.0.2.1/24
tun0  tun  down  -" ]
	done
	run tt -br -j show
	[ "$(echo "$output" | jq -c '.[0]')" = '{"ifname":"tap0","type":"tap","state":"down","operstate":"down","addresses":["192.0.2.1/24"]}' ]
	refuses 2 "show: '--brief' and '--details' conflict" -br -d show
}

@test "clusters of short options stay clusters; whole words are ip's" {
	tt add tap0 mode tap >/dev/null
	# -dj is -d -j; -jp is -j -p.
	run tt -dj show
	echo "$output" | jq -e '.[0] | has("processes")'
	run tt -jp show
	[ "$(echo "$output" | head -n 1)" = "[" ]
	printf 'add tap1 mode tap\n' >"$BATS_TEST_TMPDIR/f"
	run tt -kb "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	assert_exists tap1
	# -N before the command, as after it.
	run tt -N show
	[ "$output" = "tap0
tap1" ]
	# What ip has and tuntapctl has not: one error naming the word.
	refuses 2 "unknown option '-oneline'" -oneline show
	refuses 2 "unknown option '-s' in '-ds'" -ds show
}
