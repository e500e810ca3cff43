#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line and its parser: help, version, dispatch, usage
# errors.  The parser makes no system call, so these tests need no root
# (pt below); the few that need devices make a namespace, and skip
# without root.

load helpers

teardown() {
	ns_teardown
}

@test "--help, help and COMMAND --help print usage on stdout and exit 0" {
	for args in "--help" "-h" "help" "help add" "add --help" "del -h" \
		"help show" "show --help" "help set" "help set-owner" \
		"persist --help" "help help"; do
		run --separate-stderr pt $args
		[ "$status" -eq 0 ] || { echo "$args: status $status"; false; }
		[ -z "$stderr" ] || { echo "$args: stderr $stderr"; false; }
		assert_contains "$output" "Usage:"
	done
}

@test "help fits 80 columns: usage lines wrap under their first argument, long keywords put their text below" {
	local c w
	for c in "" add del show set set-owner persist monitor help; do
		run --separate-stderr pt help $c
		[ "$status" -eq 0 ]
		w=$(echo "$output" | awk '{ if (length > m) m = length } END { print m + 0 }')
		[ "$w" -le 80 ] || { echo "help $c: a line of $w columns"; false; }
	done
	run pt help add
	# The synopsis continues under [NAME], every [...] whole.
	[ "${lines[1]:0:30}" = "  tuntapctl add [NAME] [mode t" ]
	[ "${lines[2]:0:17}" = "                [" ]
	echo "$output" | grep -q '^  addrgenmode none|eui64|stable_privacy|random'
	run pt help monitor
	echo "$output" | grep -Eqx '  -j, --json +print each event as a JSON object, one per line'
	run pt help show
	echo "$output" | grep -Eqx '  -j, --json +print the listing as JSON'
}

@test "help works without /dev/net/tun or netlink" {
	ns_setup
	# An empty mount over /dev/net and no network at all.
	run ns sh -c 'mount -t tmpfs tmpfs /dev/net && "$1" --help && "$1" help add && "$1" -f /nonexistent add --help' sh "$TUNTAPCTL"
	[ "$status" -eq 0 ]
	assert_contains "$output" "tuntapctl add [NAME]"
}

@test "per-command help lists that command's keywords and no others" {
	run pt help add
	[ "$status" -eq 0 ]
	for kw in mode user group pi vnet_hdr multi_queue one_queue mtu address addr up down txqueuelen master; do
		assert_contains "$output" "  $kw"
	done
	run pt help del
	[ "$status" -eq 0 ]
	refute_contains "$output" "vnet_hdr"
}

@test "--version prints the package version and the licence" {
	run pt --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^tuntapctl\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ "${lines[1]}" = "License GPL-2.0-or-later: GNU GPL version 2 or later <https://gnu.org/licenses/gpl.html>." ]
}

@test "no command is a usage error" {
	run --separate-stderr pt
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "no command given"
	assert_contains "$stderr" "--help"
}

@test "unknown command: one error line and a hint, exit 2, nothing changed" {
	usage_error "tuntapctl: unknown command 'frobnicate'" frobnicate tap0
	assert_lines "$stderr" 2
	assert_contains "$stderr" "Try 'tuntapctl --help'"
}

@test "commands: exact names, unique prefixes, ambiguous prefixes refused" {
	run pt sh --names
	[ "$status" -eq 0 ]
	run --separate-stderr pt s
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "ambiguous command 's': show, set, set-owner"
	# "set" is exact even though it prefixes set-owner.
	run --separate-stderr pt set
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "set: no device named"
}

@test "unknown global option is a usage error" {
	run --separate-stderr pt --frob show
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "unknown option '--frob'"
	run --separate-stderr pt -z show
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "unknown option '-z'"
}

@test "global option missing its value is a usage error" {
	run --separate-stderr pt -f
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "option '-f' needs a value"
	run --separate-stderr pt --netns
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "option '--netns' needs a value"
}

@test "unknown keyword: exit 2, the word named, a suggestion, nothing created" {
	usage_error "unknown keyword 'mdoe' (did you mean 'mode'?)" add tap0 mdoe tap
	assert_contains "$stderr" "Try 'tuntapctl add --help'"
}

@test "a typo never becomes a device name" {
	# Without a name, the typo would be the first positional word; the
	# value after it then cannot be placed.
	usage_error "unknown keyword 'tap'" add mdoe tap
	usage_error "unknown keyword 'usr' (did you mean 'user'?)" \
		add tap0 mode tap usr alice
}

@test "del refuses a keyword typo before deleting anything" {
	ns_setup
	tt add tap0 >/dev/null
	tt add tap1 >/dev/null
	refuses 2 "unknown keyword 'mdoe' (did you mean 'mode'?)" del tap0 mdoe tap1
}

@test "repeated keyword: exit 2, nothing created" {
	usage_error "'mode' given twice" add tap0 mode tap mode tun
	usage_error "'user' given twice" add tap0 user 1 user 2
	usage_error "device name given twice" add tap0 dev tap1
}

@test "missing value: exit 2, nothing created" {
	for kw in mode user group dev name; do
		usage_error "'$kw' needs a value" add tap0 $kw
	done
}

@test "a keyword of another command is refused with where it belongs" {
	usage_error "'vnet_hdr' is not valid here (it is for: add)" del tap0 vnet_hdr
}

@test "unknown command option is a usage error" {
	usage_error "add: unknown option '--force'" add tap0 --force
}
