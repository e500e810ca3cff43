#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion (completions/tuntapctl.fish): what it offers for a
# line, through "complete -C", against the program's grammar.

load completion

FISH_COMP=$COMPLETIONS/tuntapctl.fish

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

@test "fish: the file loads cleanly" {
	need_fish
	run fish --no-config -n "$FISH_COMP"
	[ "$status" -eq 0 ]
	run --separate-stderr fish --no-config -c 'source $argv[1]' "$FISH_COMP"
	[ "$status" -eq 0 ]
	[ -z "$stderr$output" ]
}

@test "fish: global options and commands" {
	local commands
	commands=$(grammar_commands | sorted)
	fcomp 'tuntapctl '
	assert_eq "$reply" "$commands"
	fcomp 'tuntapctl -'
	assert_eq "$reply" "$(grammar_options global | sorted)"
	fcomp 'tuntapctl --ve'
	assert_eq "$reply" "--version"
	fcomp 'tuntapctl -j '
	assert_eq "$reply" "$commands"
	fcomp 'tuntapctl -n ns1 -d s'
	assert_eq "$reply" "$(grammar_commands | grep '^s' | sorted)"
	fcomp 'tuntapctl --netns=ns1 p'
	assert_eq "$reply" "persist"
	fcomp 'tuntapctl -- '
	assert_eq "$reply" "$commands"
	fcomp 'tuntapctl -d -j -'
	refute_words "$reply" "-d --details -j --json"
	assert_words "$reply" "-p --pretty"
	fcomp 'tuntapctl -ne'
	assert_eq "$reply" "-netns"
	fcomp 'tuntapctl -b cmds.txt '
	assert_eq "$reply" ""
	fcomp 'tuntapctl -batch cmds.txt '
	assert_eq "$reply" ""
}

@test "fish: each command offers the keywords still allowed" {
	fcomp 'tuntapctl add '
	assert_eq "$reply" "$(keywords_left add | sorted)"
	fcomp 'tuntapctl add tap0 m'
	assert_eq "$reply" "$(keywords_left add tap0 | grep '^m' | sorted)"
	fcomp 'tuntapctl add tap0 mode tap multi_queue up addr 10.0.0.1/24 '
	assert_eq "$reply" "$(keywords_left add tap0 mode tap multi_queue up addr 10.0.0.1/24 | sorted)"
	fcomp 'tuntapctl add tap0 up '
	refute_words "$reply" "up down"
	fcomp 'tuntapctl add tap0 mac 02:00:00:00:00:01 '
	refute_words "$reply" "address mac"
	fcomp 'tuntapctl add dev tap0 '
	refute_words "$reply" "dev name"
	fcomp 'tuntapctl set tap0 nomaster '
	refute_words "$reply" "master nomaster"
	fcomp 'tuntapctl set tap0 deladdr 10.0.0.1 master br0 carrier on d'
	assert_eq "$reply" "deladdr down"
	fcomp 'tuntapctl set-owner tap0 user alice '
	assert_eq "$reply" "group"
	fcomp 'tuntapctl persist tap0 '
	assert_eq "$reply" "off on"
	fcomp 'tuntapctl persist tap0 off '
	assert_eq "$reply" ""
	fcomp 'tuntapctl del mode tap '
	assert_eq "$reply" "$(set_of $(keywords_left del mode tap) $STUB_NAMES)"
}

@test "fish: the value after each keyword" {
	local cmd kw value want
	while read -r cmd kw value; do
		want=$(expected_value "$cmd" "$value")
		[ "$want" != machine ] || continue
		fcomp "tuntapctl $cmd $kw "
		[ "$reply" = "$want" ] || {
			printf '[%s %s]: expected [%s], got [%s]\n' "$cmd" "$kw" \
				"$want" "$reply" >&2
			return 1
		}
	done < <(grammar_values)
	fcomp 'tuntapctl add tap0 mode '
	assert_eq "$reply" "tap tun"
	fcomp 'tuntapctl add tap0 address '
	assert_eq "$reply" "random"
	fcomp 'tuntapctl set tap0 carrier '
	assert_eq "$reply" "off on"
	fcomp 'tuntapctl set tap0 addr '
	assert_eq "$reply" ""
	fcomp 'tuntapctl add tap0 user nob'
	assert_eq "$reply" "nobody"
	fcomp 'tuntapctl set-owner tap0 group nog'
	assert_eq "$reply" "nogroup"
	# add creates its device: no existing names for it.
	: >"$CALLS"
	fcomp 'tuntapctl add dev '
	assert_eq "$reply" ""
	fcomp 'tuntapctl add '
	refute_words "$reply" "$STUB_NAMES"
	assert_calls ""
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
	fcomp 'tuntapctl show -'
	assert_eq "$reply" "$(grammar_options show | sorted)"
	fcomp 'tuntapctl show --n'
	assert_eq "$reply" "--names"
	fcomp 'tuntapctl del --'
	assert_eq "$reply" "$(grammar_options del | grep '^--' | sorted)"
	fcomp 'tuntapctl show -d -'
	refute_words "$reply" "-d --details"
	fcomp 'tuntapctl help '
	assert_eq "$reply" "$(grammar_commands | sorted)"
	fcomp 'tuntapctl help -'
	assert_eq "$reply" "$(grammar_options help | sorted)"
	fcomp 'tuntapctl help add '
	assert_eq "$reply" ""
	fcomp 'tuntapctl add --exist-ok tap0 p'
	assert_eq "$reply" "pi"
	fcomp 'tuntapctl del --force -- '
	assert_words "$reply" "dev stubtap0"
	fcomp 'tuntapctl del --force -- -'
	assert_eq "$reply" ""
}

@test "fish: the tunctl front end" {
	local opts
	opts=$(grammar_options tunctl | sorted)
	fcomp 'tunctl -'
	assert_eq "$reply" "$opts"
	fcomp 'tuntapctl tunctl -'
	assert_eq "$reply" "$opts"
	fcomp 'tunctl -u nob'
	assert_eq "$reply" "nobody"
	fcomp 'tunctl -b -g nog'
	assert_eq "$reply" "nogroup"
	fcomp 'tunctl -t '
	assert_eq "$reply" ""
	fcomp 'tunctl -d '
	assert_eq "$reply" "$STUB_NAMES"
	assert_calls "show --names"
	fcomp 'tuntapctl -n ns1 tunctl -d '
	assert_eq "$reply" "$STUB_NAMES"
	assert_calls "-n ns1 show --names"
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
	without_program
	fcomp 'tuntapctl '
	assert_eq "$reply" ""
	fcomp 'tuntapctl show -'
	assert_eq "$reply" ""
	fcomp "$STUB/tuntapctl show "
	assert_eq "$reply" "$(set_of $(keywords_left show) $STUB_NAMES)"
	assert_calls "show --names"
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
	use_namespace
	ns mount -t tmpfs tmpfs /run
	ns ip netns add other
	ns ip -n other link add brx type bridge
	tt -n other add tapx >/dev/null
	tt add tap0 >/dev/null
	fcomp 'tuntapctl -n '
	assert_eq "$reply" "other"
	fcomp 'tuntapctl -n other show '
	assert_eq "$reply" "$(set_of $(keywords_left show) tapx)"
	fcomp 'tuntapctl --netns=other set tapx master '
	assert_eq "$reply" "brx"
	fcomp 'tuntapctl show '
	assert_eq "$reply" "$(set_of $(keywords_left show) tap0)"
}

# What fish offers must be exactly what the program accepts: the commands
# and global options, and for each command its keywords (none given yet)
# and its options.
@test "drift: fish offers exactly the program's commands, keywords and options" {
	need_fish
	: >"$BATS_TEST_TMPDIR/stub-names"
	local c
	fcomp 'tuntapctl '
	assert_eq "$reply" "$(grammar_commands | sorted)"
	fcomp 'tuntapctl -'
	assert_eq "$reply" "$(grammar_options global | sorted)"
	fcomp 'tunctl -'
	assert_eq "$reply" "$(grammar_options tunctl | sorted)"
	for c in $(grammar_commands); do
		fcomp "tuntapctl $c "
		if [ "$c" = help ]; then
			assert_eq "$reply" "$(grammar_commands | sorted)"
		else
			assert_eq "$reply" "$(grammar_keywords "$c" | sorted)"
		fi
		fcomp "tuntapctl $c -"
		assert_eq "$reply" "$(grammar_options "$c" | sorted)"
	done
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
