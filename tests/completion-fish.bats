#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion (completions/tuntapctl.fish): what it offers for a
# line, through "complete -C", against the program's grammar.

load completion

FISH_COMP=$COMPLETIONS/tuntapctl.fish
# fish offers "--long=VALUE" as the whole word (eq_reply).
EQ_WHOLE=1

setup() {
	stub_setup
}

teardown() {
	ns_teardown
}

need_fish() {
	command -v fish >/dev/null || skip "fish is not installed"
}

# fcomp LINE: what fish offers (without descriptions), sorted, in $reply.
# The completion must say nothing on stderr.
fcomp() {
	need_fish
	local out err=$BATS_TEST_TMPDIR/fish-stderr
	out=$("${RUN_IN[@]}" fish --no-config -c \
		'source $argv[1]; or exit 3; complete -C $argv[2]' \
		"$FISH_COMP" "$1" </dev/null 2>"$err") || {
		echo "fish completion of [$1] failed: $(cat "$err")" >&2
		return 1
	}
	[ ! -s "$err" ] || {
		echo "fish completion of [$1] said: $(cat "$err")" >&2
		return 1
	}
	reply=$(printf '%s' "$out" | cut -f1 | grep -v '^$' | sorted)
}

# comp_lines LINE...: what fish offers for each LINE, in replies.
comp_lines() {
	comp_one_by_one fcomp "$@"
}

@test "fish: the file loads cleanly" {
	need_fish
	run fish --no-config -n "$FISH_COMP"
	[ "$status" -eq 0 ]
	run --separate-stderr fish --no-config -c 'source $argv[1]' "$FISH_COMP"
	[ "$status" -eq 0 ]
	[ -z "$stderr$output" ]
}

@test "fish: global options and commands" {
	case_global_options
}

@test "fish: each command offers the keywords still allowed" {
	case_keywords
	comp_check 'tuntapctl add tap0 mode tap multi_queue up addr 10.0.0.1/24 ' \
		"$(keywords_left add tap0 mode tap multi_queue up addr 10.0.0.1/24 | sorted)" \
		'tuntapctl set tap0 deladdr 10.0.0.1 master br0 carrier on d' "deladdr down"
	comp_lines 'tuntapctl add tap0 mac 02:00:00:00:00:01 '
	refute_words "${replies[0]}" "address mac"
}

@test "fish: the value after each keyword" {
	case_values
	comp_check 'tuntapctl set tap0 addr ' "" \
		'tuntapctl add tap0 user nob' "nobody" \
		'tuntapctl set-owner tap0 group nog' "nogroup"
}

@test "fish: device names from the program, with -n passed on" {
	fcomp 'tuntapctl del '
	assert_eq "$reply" "$(set_of $(keywords_left del) $STUB_NAMES)"
	assert_calls "show --names"
	fcomp 'tuntapctl -n ns1 show stubtun0 '
	assert_eq "$reply" "$(set_of $(keywords_left show stubtun0) stubtap0)"
	assert_calls "-n ns1 show --names"
	fcomp 'tuntapctl --netns=ns2 persist '
	assert_eq "$reply" "$(set_of $(keywords_left persist) $STUB_NAMES)"
	assert_calls "-n ns2 show --names"
	fcomp 'tuntapctl -jn ns3 set-owner st'
	assert_eq "$reply" "$STUB_NAMES"
	assert_calls "-n ns3 show --names"
	fcomp 'tuntapctl -netns ns5 show '
	assert_calls "-n ns5 show --names"
	fcomp 'tuntapctl --net ns6 -nns7 show '
	assert_calls "-n ns7 show --names"
	fcomp 'tuntapctl set stubtap0 '
	refute_words "$reply" "stubtun0 dev"
	# After the device, set's name is the new name (a rename).
	assert_words "$reply" "name"
	fcomp 'tuntapctl sh st'
	assert_eq "$reply" "$STUB_NAMES"
	fcomp 'tuntapctl list mode '
	assert_eq "$reply" "tap tun"
	fcomp 'tuntapctl s '
	assert_eq "$reply" ""
}

@test "fish: command options, help, and the end of options" {
	case_command_options
	comp_check 'tuntapctl show --n' "--names"
}

@test "fish: the tunctl front end" {
	comp_check 'tuntapctl tunctl -' "$(grammar_options tunctl | sorted)"
	case_tunctl
}

@test "fish: files after -b and -f, network namespaces after -n" {
	local d=$BATS_TEST_TMPDIR/files
	mkdir -p "$d"
	touch "$d/cmds.txt" "$d/clone"
	fcomp "tuntapctl -b $d/c"
	assert_eq "$reply" "$d/clone $d/cmds.txt"
	fcomp "tuntapctl --batch=$d/cm"
	assert_eq "$reply" "--batch=$d/cmds.txt"
	fcomp "tuntapctl -f $d/cl"
	assert_eq "$reply" "$d/clone"
	fcomp "tuntapctl -n $d/c"
	assert_eq "$reply" "$d/clone $d/cmds.txt"
	fcomp 'tuntapctl -b '
	assert_words "$reply" "-"
}

@test "fish: the program on the line is the one asked; none, nothing offered" {
	case_program_on_the_line
}

@test "fish: in a namespace, only tun/tap devices are offered, and bridges for master" {
	need_fish
	use_namespace
	make_devices
	fcomp 'tuntapctl show '
	assert_eq "$reply" "$(set_of $(keywords_left show) tap0 tap1 tun0)"
	fcomp 'tuntapctl set '
	assert_eq "$reply" "$(set_of $(keywords_left set) tap0 tap1 tun0)"
	# peer right after an address, and there only.
	fcomp 'tuntapctl set tap0 addr 10.8.0.1 pe'
	assert_eq "$reply" "peer"
	# (fish matches loosely where nothing begins with the word.)
	fcomp 'tuntapctl set tap0 mtu 1400 pe'
	run grep -qw peer <<<"$reply"
	[ "$status" -eq 1 ]
	fcomp 'tuntapctl set-owner t'
	assert_eq "$reply" "tap0 tap1 tun0"
	fcomp 'tuntapctl del tap1 '
	assert_eq "$reply" "$(set_of $(keywords_left del tap1) tap0 tun0)"
	fcomp 'tuntapctl add tap2 mode tap master '
	assert_eq "$reply" "br0 br1"
	fcomp 'tunctl -d '
	assert_eq "$reply" "tap0 tap1 tun0"
}

@test "fish: in a namespace, -n NETNS asks that namespace for devices and bridges" {
	need_fish
	case_other_namespace
}

@test "drift: fish offers exactly the program's commands, keywords and options" {
	need_fish
	case_drift
}

@test "fish: a name printed escaped is offered (fish quotes what it inserts), and it names the device" {
	use_namespace
	make_escaped_device
	fcomp 'tuntapctl del tap'
	assert_eq "$reply" "$(set_of 'tap0' 'tap\x1b[31mX')"
	fcomp "tuntapctl set 'tap\\x1"
	assert_eq "$reply" 'tap\x1b[31mX'
	# The word fish inserts, read back by fish, is the name as printed.
	run fish --no-config -c 'eval "set w "(string escape -- $argv[1]); printf "%s\n" $w' 'tap\x1b[31mX'
	assert_word_deletes "$output"
}
