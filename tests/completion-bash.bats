#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion (completions/tuntapctl): what it offers for a line, as
# bash would at an interactive prompt, against the program's grammar.

load completion

BASH_COMP=$COMPLETIONS/tuntapctl
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}

setup() {
	stub_setup
}

teardown() {
	ns_teardown
}

# The line is split as readline does: at blanks, and a run of '=' or ':'
# is a word of its own.  The cursor is at the end; a trailing blank
# starts a new word.
BASH_DRIVER='
source "$1" || exit 3
source "$2" || exit 3
line=$3
words=() w="" sep=""
for ((k = 0; k < ${#line}; k++)); do
	ch=${line:k:1}
	case $ch in
	" ")
		[[ -n $sep ]] && words+=("$sep")
		[[ -n $w ]] && words+=("$w")
		w="" sep="" ;;
	[=:])
		[[ -n $w ]] && words+=("$w")
		w="" sep+=$ch ;;
	*)
		[[ -n $sep ]] && words+=("$sep")
		sep="" w+=$ch ;;
	esac
done
[[ -n $sep ]] && words+=("$sep")
words+=("$w")
COMP_WORDS=("${words[@]}")
COMP_CWORD=$((${#words[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMP_KEY=9
spec=$(complete -p "${words[0]##*/}") || exit 4
fn=${spec#*-F }
fn=${fn%% *}
"$fn" "${words[0]}" "${words[COMP_CWORD]}" "${words[COMP_CWORD - 1]}"
printf "%s\n" "${COMPREPLY[@]}"
'

# bcomp LINE: what bash offers, sorted, in $reply.  The completion must
# say nothing on stderr.
bcomp() {
	[ -r "$BASH_COMPLETION" ] ||
		skip "bash-completion is not installed ($BASH_COMPLETION)"
	local out err=$BATS_TEST_TMPDIR/bash-stderr
	out=$("${RUN_IN[@]}" bash --norc --noprofile -c "$BASH_DRIVER" bash \
		"$BASH_COMPLETION" "$BASH_COMP" "$1" </dev/null 2>"$err") || {
		echo "bash completion of [$1] failed: $(cat "$err")" >&2
		return 1
	}
	[ ! -s "$err" ] || {
		echo "bash completion of [$1] said: $(cat "$err")" >&2
		return 1
	}
	reply=$(printf '%s' "$out" | grep -v '^$' | sorted)
}

# comp_lines LINE...: what bash offers for each LINE, in replies.
comp_lines() {
	comp_one_by_one bcomp "$@"
}

@test "bash: global options and commands" {
	case_global_options
}

@test "bash: each command offers the keywords still allowed" {
	case_keywords
	comp_check 'tuntapctl add tap0 ' "$(keywords_left add tap0 | sorted)" \
		'tuntapctl add tap0 mode tap pi mtu 1400 user alice ' \
		"$(keywords_left add tap0 mode tap pi mtu 1400 user alice | sorted)" \
		'tuntapctl add tap0 up mac 02:00:00:00:00:01 txqlen 50 ' \
		"$(keywords_left add tap0 up mac 02:00:00:00:00:01 txqlen 50 | sorted)" \
		'tuntapctl add address 02:00:00:00:00:01 addr fe80::1/64 ' \
		"$(keywords_left add address 02:00:00:00:00:01 addr fe80::1/64 | sorted)" \
		'tuntapctl add tap0 addr 10.0.0.1/24 addr 10.0.1.1/24 a' "addr address addrgenmode alias" \
		'tuntapctl set tap0 deladdr 10.0.0.1 master br0 carrier on d' "deladdr down" \
		'tuntapctl show user alice group kvm master br0 mode tun ' \
		"$(set_of $(keywords_left show user alice group kvm master br0 mode tun) $STUB_NAMES)"
	comp_lines 'tuntapctl add tap0 ' 'tuntapctl add tap0 up mac 02:00:00:00:00:01 txqlen 50 ' \
		'tuntapctl show mode tap ' 'tuntapctl add address 02:00:00:00:00:01 addr fe80::1/64 '
	refute_words "${replies[0]}" "dev name"
	refute_words "${replies[1]}" "address mac txqueuelen txqlen"
	# Colons in values do not split them into names.
	assert_words "${replies[2]}" "dev name"
	assert_words "${replies[3]}" "dev name addr"
}

@test "bash: the value after each keyword" {
	case_values
	comp_check 'tuntapctl add mode t' "tap tun" \
		'tuntapctl set tap0 mtu ' ""
}

@test "bash: user names after user, group names after group" {
	bcomp 'tuntapctl add tap0 user nob'
	assert_eq "$reply" "nobody"
	bcomp 'tuntapctl add tap0 user r'
	assert_words "$reply" "root"
	bcomp 'tuntapctl add tap0 group nog'
	assert_eq "$reply" "nogroup"
	bcomp 'tuntapctl set-owner tap0 group '
	assert_words "$reply" "root nogroup"
	refute_words "$reply" "nobody"
	bcomp 'tuntapctl del user '
	assert_words "$reply" "root nobody"
	bcomp 'tuntapctl show group r'
	assert_words "$reply" "root"
}

@test "bash: device names come from 'tuntapctl show --names', with -n passed on" {
	bcomp 'tuntapctl show '
	assert_words "$reply" "$STUB_NAMES"
	assert_calls "show --names"
	bcomp 'tuntapctl -n ns1 del stubtap0 '
	assert_words "$reply" "stubtun0 dev name"
	refute_words "$reply" "stubtap0"
	assert_calls "-n ns1 show --names"
	bcomp 'tuntapctl --netns=ns2 set '
	assert_words "$reply" "$STUB_NAMES"
	assert_calls "-n ns2 show --names"
	bcomp 'tuntapctl -jn ns3 set-owner st'
	assert_eq "$reply" "$STUB_NAMES"
	assert_calls "-n ns3 show --names"
	bcomp 'tuntapctl --netns ns4 persist dev '
	assert_eq "$reply" "$STUB_NAMES"
	assert_calls "-n ns4 show --names"
	bcomp 'tuntapctl -netns ns5 show '
	assert_calls "-n ns5 show --names"
	bcomp 'tuntapctl --net ns6 -nns7 show '
	assert_calls "-n ns7 show --names"
	# One name only for set, set-owner, persist.
	bcomp 'tuntapctl set stubtap0 '
	refute_words "$reply" "stubtun0 dev"
	# After the device, set's name is the new name (a rename).
	assert_words "$reply" "name"
	bcomp 'tuntapctl persist dev stubtap0 '
	assert_eq "$reply" "off on"
	# A command may be a unique prefix or an alias, as the program allows.
	bcomp 'tuntapctl sh '
	assert_words "$reply" "$STUB_NAMES"
	bcomp 'tuntapctl list mode '
	assert_eq "$reply" "tap tun"
	bcomp 'tuntapctl s '
	assert_eq "$reply" ""
}

@test "bash: command options, help, and the end of options" {
	case_command_options
	comp_check 'tuntapctl help set' "set set-owner"
}

@test "bash: the tunctl front end" {
	comp_check 'tuntapctl tunctl ' "$(grammar_options tunctl | sorted)"
	case_tunctl
}

@test "bash: files after -b and -f, network namespaces after -n" {
	local d=$BATS_TEST_TMPDIR/files
	mkdir -p "$d"
	touch "$d/cmds.txt" "$d/clone"
	bcomp "tuntapctl -b $d/c"
	assert_eq "$reply" "$d/clone $d/cmds.txt"
	bcomp "tuntapctl --batch=$d/cm"
	assert_eq "$reply" "$d/cmds.txt"
	bcomp "tuntapctl -f $d/cl"
	assert_eq "$reply" "$d/clone"
	bcomp "tuntapctl -n $d/c"
	assert_eq "$reply" "$d/clone $d/cmds.txt"
}

@test "bash: the program on the line is the one asked; none, nothing offered" {
	case_program_on_the_line
}

@test "bash: in a namespace, only tun/tap devices are offered, and bridges for master" {
	use_namespace
	make_devices
	bcomp 'tuntapctl show '
	assert_eq "$reply" "$(set_of $(keywords_left show) tap0 tap1 tun0)"
	bcomp 'tuntapctl del tap0 '
	assert_eq "$reply" "$(set_of $(keywords_left del tap0) tap1 tun0)"
	bcomp 'tuntapctl set '
	assert_eq "$reply" "$(set_of $(keywords_left set) tap0 tap1 tun0)"
	# peer right after an address, and there only.
	bcomp 'tuntapctl set tap0 addr 10.8.0.1 pe'
	assert_eq "$reply" "peer"
	bcomp 'tuntapctl set tap0 mtu 1400 pe'
	assert_eq "$reply" ""
	bcomp 'tuntapctl set-owner t'
	assert_eq "$reply" "tap0 tap1 tun0"
	bcomp 'tuntapctl persist '
	assert_eq "$reply" "$(set_of $(keywords_left persist) tap0 tap1 tun0)"
	bcomp 'tuntapctl del dev '
	assert_eq "$reply" "tap0 tap1 tun0"
	bcomp 'tunctl -d '
	assert_eq "$reply" "tap0 tap1 tun0"
	bcomp 'tuntapctl add tap2 master '
	assert_eq "$reply" "br0 br1"
	bcomp 'tuntapctl set tap0 master '
	assert_eq "$reply" "br0 br1"
	bcomp 'tuntapctl show master b'
	assert_eq "$reply" "br0 br1"
	bcomp 'tuntapctl add '
	assert_eq "$reply" "$(keywords_left add | sorted)"
}

@test "bash: in a namespace, -n NETNS asks that namespace for devices and bridges" {
	case_other_namespace
}

@test "drift: bash offers exactly the program's commands, keywords and options" {
	case_drift
}

@test "bash: a name printed escaped is offered quoted for the shell, and the word it gives names the device" {
	use_namespace
	make_escaped_device
	bcomp 'tuntapctl del tap'
	assert_eq "$reply" "$(set_of 'tap0' 'tap\\x1b\[31mX')"
	# Not offered again once on the line.
	bcomp 'tuntapctl del tap\\x1b\[31mX '
	refute_words "$reply" 'tap\\x1b\[31mX'
	# As typed so far in the shell's quoting, too.
	bcomp 'tuntapctl set tap\\x1'
	assert_eq "$reply" 'tap\\x1b\[31mX'
	# What the shell makes of the offered word, given to the program.
	local words
	eval "words=($reply)"
	run tt set "${words[0]}" mtu 1400
	[ "$status" -eq 0 ]
	[ "$(ns cat /sys/class/net/$'tap\e[31mX'/mtu)" = 1400 ]
	assert_word_deletes "${words[0]}"
}
