#!/usr/bin/env bats
# The command line: help, version, dispatch, usage errors.  Usage errors
# are checked against the namespace's state before and after.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

@test "--help, help and COMMAND --help print usage on stdout and exit 0" {
	for args in "--help" "-h" "help" "help add" "add --help" "del -h" \
		"help show" "show --help" "help set" "help set-owner" \
		"persist --help" "help help"; do
		run --separate-stderr "$TUNTAPCTL" $args
		[ "$status" -eq 0 ] || { echo "$args: status $status"; false; }
		[ -z "$stderr" ] || { echo "$args: stderr $stderr"; false; }
		assert_contains "$output" "Usage:"
	done
}

@test "help works without /dev/net/tun or netlink" {
	# An empty mount over /dev/net and no network at all.
	run ns sh -c 'mount -t tmpfs tmpfs /dev/net && "$1" --help && "$1" help add && "$1" -f /nonexistent add --help' sh "$TUNTAPCTL"
	[ "$status" -eq 0 ]
	assert_contains "$output" "tuntapctl add [NAME]"
}

@test "per-command help lists that command's keywords and no others" {
	run "$TUNTAPCTL" help add
	[ "$status" -eq 0 ]
	for kw in mode user group pi vnet_hdr multi_queue one_queue mtu address addr up down txqueuelen master; do
		assert_contains "$output" "  $kw"
	done
	run "$TUNTAPCTL" help del
	[ "$status" -eq 0 ]
	refute_contains "$output" "vnet_hdr"
}

@test "--version prints the package version" {
	run "$TUNTAPCTL" --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^tuntapctl\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no command is a usage error" {
	run --separate-stderr "$TUNTAPCTL"
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "no command given"
	assert_contains "$stderr" "--help"
}

@test "unknown command: one error line and a hint, exit 2, nothing changed" {
	refuses 2 "tuntapctl: unknown command 'frobnicate'" frobnicate tap0
	assert_lines "$stderr" 2
	assert_contains "$stderr" "Try 'tuntapctl --help'"
}

@test "commands: exact names, unique prefixes, ambiguous prefixes refused" {
	run tt sh --names
	[ "$status" -eq 0 ]
	run --separate-stderr tt s
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "ambiguous command 's': show, set, set-owner"
	# "set" is exact even though it prefixes set-owner.
	run --separate-stderr tt set
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "set: no device named"
}

@test "unknown global option is a usage error" {
	run --separate-stderr "$TUNTAPCTL" --frob show
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "unknown option '--frob'"
	run --separate-stderr "$TUNTAPCTL" -z show
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "unknown option '-z'"
}

@test "global option missing its value is a usage error" {
	run --separate-stderr "$TUNTAPCTL" -f
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "option '-f' needs a value"
	run --separate-stderr "$TUNTAPCTL" --netns
	[ "$status" -eq 2 ]
	assert_contains "$stderr" "option '--netns' needs a value"
}

@test "unknown keyword: exit 2, the word named, a suggestion, nothing created" {
	refuses 2 "unknown keyword 'mdoe' (did you mean 'mode'?)" add tap0 mdoe tap
	assert_contains "$stderr" "Try 'tuntapctl add --help'"
}

@test "a typo never becomes a device name" {
	# Without a name, the typo would be the first positional word; the
	# value after it then cannot be placed.
	refuses 2 "unknown keyword 'tap'" add mdoe tap
	refuses 2 "unknown keyword 'usr' (did you mean 'user'?)" \
		add tap0 mode tap usr alice
}

@test "del refuses a keyword typo before deleting anything" {
	tt add tap0 >/dev/null
	tt add tap1 >/dev/null
	refuses 2 "unknown keyword 'mdoe' (did you mean 'mode'?)" del tap0 mdoe tap1
}

@test "repeated keyword: exit 2, nothing created" {
	refuses 2 "'mode' given twice" add tap0 mode tap mode tun
	refuses 2 "'user' given twice" add tap0 user 1 user 2
	refuses 2 "device name given twice" add tap0 dev tap1
}

@test "missing value: exit 2, nothing created" {
	for kw in mode user group dev name; do
		refuses 2 "'$kw' needs a value" add tap0 $kw
	done
}

@test "a keyword of another command is refused with where it belongs" {
	refuses 2 "'vnet_hdr' is not valid here (it is for: add)" del tap0 vnet_hdr
}

@test "unknown command option is a usage error" {
	refuses 2 "add: unknown option '--force'" add tap0 --force
}
