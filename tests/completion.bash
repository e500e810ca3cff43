# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the completion tests (completion-bash.bats, completion-zsh.bats,
# completion-fish.bats): the stand-in tuntapctl, the namespace with real
# devices, the program's grammar, from which expected lists come, and the
# cases all three shells run, each through its own driver (comp_lines).
#
# Device names come from "tuntapctl show --names": most tests put a
# stand-in tuntapctl first on PATH that logs each such call and prints
# two made-up names, so nothing looks at the machine's own devices; it
# hands questions about the grammar (--list-*, --help) to the real
# program.  The namespace tests run the shells inside the test's network
# namespace with the real program, among tun, tap, bridge and veth
# devices.

load helpers

COMPLETIONS=$BATS_TEST_DIRNAME/../completions
STUB_NAMES="stubtap0 stubtun0"

stub_setup() {
	STUB=$BATS_TEST_TMPDIR/stub
	CALLS=$BATS_TEST_TMPDIR/calls
	mkdir -p "$STUB"
	cat >"$STUB/tuntapctl" <<-EOF
		#!/bin/sh
		case "\$1" in
		--list-* | --help) exec "$TUNTAPCTL" "\$@" ;;
		esac
		echo "\$*" >>"$CALLS"
		case "\$*" in
		*"show --names") cat "$BATS_TEST_TMPDIR/stub-names" ;;
		esac
	EOF
	chmod +x "$STUB/tuntapctl"
	printf '%s\n' $STUB_NAMES >"$BATS_TEST_TMPDIR/stub-names"
	: >"$CALLS"
	RUN_IN=(env "PATH=$STUB:$PATH")
}

# Fail unless the stand-in was asked exactly $1 (lines), and forget.
assert_calls() {
	assert_eq "$(cat "$CALLS")" "$1"
	: >"$CALLS"
}

# Run the shells inside the namespace, with the real program on PATH.
use_namespace() {
	ns_setup
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$TUNTAPCTL" "$BATS_TEST_TMPDIR/bin/tuntapctl"
	RUN_IN=(ns env "PATH=$BATS_TEST_TMPDIR/bin:$PATH")
}

# tun, tap, bridge and veth devices in the namespace.
make_devices() {
	tt add tap0 >/dev/null
	tt add tun0 >/dev/null
	tt add tap1 >/dev/null
	ns ip link add br0 type bridge
	ns ip link add br1 type bridge
	ns ip link add veth0 type veth peer name veth1
}

# A tap whose name show prints escaped (tap\x1b[31mX), and tap0.
make_escaped_device() {
	ns ip tuntap add $'tap\e[31mX' mode tap
	tt add tap0 >/dev/null
}

# The word $1, as a shell gives it to the program, names the device:
# del deletes it.
assert_word_deletes() {
	[ "$1" = 'tap\x1b[31mX' ]
	run tt del "$1"
	[ "$status" -eq 0 ]
	assert_absent $'tap\e[31mX'
}

# Run the completion with no tuntapctl anywhere it looks.
without_program() {
	local d
	for d in /usr/local/sbin /usr/sbin /sbin; do
		[ ! -e "$d/tuntapctl" ] || skip "$d/tuntapctl is installed"
	done
	if env PATH=/usr/bin:/bin sh -c 'command -v tuntapctl' >/dev/null; then
		skip "tuntapctl is in /usr/bin or /bin"
	fi
	RUN_IN=(env "PATH=/usr/bin:/bin")
}

# Lines on stdin, sorted and blank separated, as the replies are.
sorted() {
	LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

set_of() {
	printf '%s\n' "$@" | sorted
}

# Fail unless $1 equals $2, showing both.
assert_eq() {
	[ "$1" = "$2" ] || {
		printf 'expected: [%s]\nbut got:  [%s]\n' "$2" "$1" >&2
		return 1
	}
}

# eq_reply OPTION WORD...: what a shell offers for "OPTION=" when WORD...
# are the values: the words (bash, zsh), or the whole word (fish, whose
# driver sets EQ_WHOLE).
eq_reply() {
	local o=$1
	shift
	if [ -n "${EQ_WHOLE:-}" ]; then
		printf -- "$o=%s\n" "$@" | sorted
	else
		set_of "$@"
	fi
}

# Each word of $2 (blank separated) must be in the list $1.
assert_words() {
	local w
	for w in $2; do
		case " $1 " in
		*" $w "*) ;;
		*)
			printf 'expected word: %s\nin: [%s]\n' "$w" "$1" >&2
			return 1
			;;
		esac
	done
}

refute_words() {
	local w
	for w in $2; do
		case " $1 " in
		*" $w "*)
			printf 'did not expect word: %s\nin: [%s]\n' "$w" "$1" >&2
			return 1
			;;
		esac
	done
}

# --- the program's grammar --------------------------------------------

grammar_commands() {
	"$TUNTAPCTL" --list-commands
}

# The options of a command, of global or of tunctl: long and short.
grammar_options() {
	"$TUNTAPCTL" --list-options "$1" | cut -f1,2 | tr '\t' '\n' | grep .
}

# (peer belongs to the address before it: offered only after one,
# which keywords_left knows.)
grammar_keywords() {
	"$TUNTAPCTL" --list-keywords "$1" | cut -f1 | grep -vx peer
}

# keywords_left CMD WORD...: the keywords of CMD still allowed after its
# words WORD...: a keyword that is given fills its slot (and its value
# is skipped), any other word is a device name and fills the slot of the
# keyword that names the device; a filled slot's keywords are gone unless
# repeatable; peer only right after "addr X" or "deladdr X".
keywords_left() {
	local cmd=$1
	shift
	"$TUNTAPCTL" --list-keywords "$cmd" | awk -F '\t' -v words="$*" '
		{
			name[NR] = $1; slot[NR] = $3; rep[NR] = $4
			slot_of[$1] = $3; value_of[$1] = $2
			if ($2 == "NAME" && nameslot == "") nameslot = $3
		}
		END {
			n = split(words, w, " ")
			for (i = 1; i <= n; i++) {
				if (w[i] in slot_of) {
					filled[slot_of[w[i]]] = 1
					if (value_of[w[i]] != "") i++
				} else
					filled[nameslot] = 1
			}
			after = n >= 2 ? w[n - 1] : ""
			for (i = 1; i <= NR; i++)
				if (name[i] == "peer" && after != "addr" && after != "deladdr")
					continue
				else if (rep[i] == 1 || !(slot[i] in filled))
					print name[i]
		}'
}

# What follows "CMD KEYWORD ", as far as it does not depend on the
# machine: the lower-case words of a choice list, the stand-in's names
# for a device (none for add, which creates it), nothing for free text;
# "machine" for users, groups and bridges.
expected_value() {
	local cmd=$1 value=$2
	case $value in
	NAME) [ "$cmd" = add ] || echo "$STUB_NAMES" ;;
	USER | GROUP | BRIDGE) echo machine ;;
	*'|'*) printf '%s\n' ${value//|/ } | grep -x '[a-z][a-z0-9_-]*' | sorted ;;
	esac
}

# Each command's keywords that take a value, as "CMD KEYWORD VALUE".
grammar_values() {
	local c
	for c in $(grammar_commands); do
		"$TUNTAPCTL" --list-keywords "$c" |
			awk -F '\t' -v c="$c" '$2 != "" { print c, $1, $2 }'
	done
}

# --- the cases every shell's suite runs ---------------------------------
#
# Each suite defines comp_lines LINE...: what its shell offers for each
# LINE, sorted, in the array replies (zsh completes them in one session).
# The cases below are the part of a test all three shells share; a suite
# adds what only its shell does.

# comp_one_by_one FN LINE...: comp_lines for a shell whose FN LINE
# completes one line into $reply.
comp_one_by_one() {
	local fn=$1 l
	shift
	replies=()
	for l in "$@"; do
		"$fn" "$l"
		replies+=("$reply")
	done
}

# comp_check LINE WANT [LINE WANT]...: each LINE must offer exactly WANT.
comp_check() {
	local lines=() want=() i bad=0
	while [ $# -gt 0 ]; do
		lines+=("$1")
		want+=("$2")
		shift 2
	done
	comp_lines "${lines[@]}"
	for i in "${!lines[@]}"; do
		[ "${replies[i]}" = "${want[i]}" ] || {
			printf '[%s]\nexpected: [%s]\nbut got:  [%s]\n' "${lines[i]}" \
				"${want[i]}" "${replies[i]}" >&2
			bad=1
		}
	done
	[ "$bad" -eq 0 ]
}

case_global_options() {
	local commands
	commands=$(grammar_commands | sorted)
	comp_check 'tuntapctl ' "$commands" \
		'tuntapctl -' "$(grammar_options global | sorted)" \
		'tuntapctl --ve' "--version" \
		'tuntapctl -j ' "$commands" \
		'tuntapctl -n ns1 -d s' "$(grammar_commands | grep '^s' | sorted)" \
		'tuntapctl --netns=ns1 p' "persist" \
		'tuntapctl -- ' "$commands" \
		'tuntapctl -ne' "-netns" \
		'tuntapctl -b cmds.txt ' "" \
		'tuntapctl -batch cmds.txt ' "" \
		'tuntapctl --color=' "$(eq_reply --color always auto never)" \
		'tuntapctl --color=n' "$(eq_reply --color never)" \
		'tuntapctl --color p' "persist" \
		'tuntapctl -c -j p' "persist"
	# An option given is not offered again.
	comp_lines 'tuntapctl -d -j -'
	refute_words "${replies[0]}" "-d --details -j --json"
	assert_words "${replies[0]}" "-p --pretty"
}

case_command_options() {
	comp_check 'tuntapctl show -' "$(grammar_options show | sorted)" \
		'tuntapctl del --' "$(grammar_options del | grep '^--' | sorted)" \
		'tuntapctl help ' "$(grammar_commands | sorted)" \
		'tuntapctl help -' "$(grammar_options help | sorted)" \
		'tuntapctl help add ' "" \
		'tuntapctl add --exist-ok tap0 p' "pi" \
		'tuntapctl del --force -- -' "" \
		'tuntapctl show --layout ' "blocks table" \
		'tuntapctl show --layout=b' "$(eq_reply --layout blocks)"
	# Options do not hide keywords; after "--" a word is no option.
	comp_lines 'tuntapctl show -d -' 'tuntapctl del --force -- '
	refute_words "${replies[0]}" "-d --details"
	assert_words "${replies[1]}" "dev stubtap0"
}

case_tunctl() {
	local opts
	opts=$(grammar_options tunctl | sorted)
	comp_check 'tunctl -' "$opts" \
		'tunctl -u nob' "nobody" \
		'tunctl -b -g nog' "nogroup" \
		'tunctl -t ' "" \
		'tunctl -d ' "$STUB_NAMES" \
		'tuntapctl -n ns1 tunctl -d ' "$STUB_NAMES"
	assert_calls "show --names
-n ns1 show --names"
}

case_program_on_the_line() {
	without_program
	comp_check 'tuntapctl ' "" \
		'tuntapctl show -' "" \
		"$STUB/tuntapctl show " "$(set_of $(keywords_left show) $STUB_NAMES)"
	assert_calls "show --names"
}

case_other_namespace() {
	use_namespace
	ns mount -t tmpfs tmpfs /run
	ns ip netns add other
	ns ip -n other link add brx type bridge
	tt -n other add tapx >/dev/null
	tt add tap0 >/dev/null
	comp_check 'tuntapctl -n ' "other" \
		'tuntapctl -n other show ' "$(set_of $(keywords_left show) tapx)" \
		'tuntapctl --netns=other set tapx master ' "brx" \
		'tuntapctl show ' "$(set_of $(keywords_left show) tap0)"
}

# What a shell offers must be exactly what the program accepts: the
# commands and global options, and for each command its keywords (none
# given yet) and its options.
case_drift() {
	: >"$BATS_TEST_TMPDIR/stub-names"
	local c commands args=()
	commands=$(grammar_commands | sorted)
	args+=('tuntapctl ' "$commands")
	args+=('tuntapctl -' "$(grammar_options global | sorted)")
	args+=('tunctl -' "$(grammar_options tunctl | sorted)")
	for c in $(grammar_commands); do
		if [ "$c" = help ]; then
			args+=("tuntapctl $c " "$commands")
		else
			args+=("tuntapctl $c " "$(grammar_keywords "$c" | sorted)")
		fi
		args+=("tuntapctl $c -" "$(grammar_options "$c" | sorted)")
	done
	comp_check "${args[@]}"
}

case_keywords() {
	comp_check 'tuntapctl add ' "$(keywords_left add | sorted)" \
		'tuntapctl add tap0 m' "$(keywords_left add tap0 | grep '^m' | sorted)" \
		'tuntapctl set-owner tap0 user alice ' "group" \
		'tuntapctl persist tap0 ' "off on" \
		'tuntapctl persist tap0 off ' "" \
		'tuntapctl del mode tap ' "$(set_of $(keywords_left del mode tap) $STUB_NAMES)"
	# Aliases and contradictions count as given.
	comp_lines 'tuntapctl add tap0 up ' 'tuntapctl set tap0 nomaster ' \
		'tuntapctl add dev tap0 '
	refute_words "${replies[0]}" "up down"
	refute_words "${replies[1]}" "master nomaster"
	refute_words "${replies[2]}" "dev name"
}

# The value after each keyword that takes one, as the grammar says.
case_values() {
	local cmd kw value want lines=()
	while read -r cmd kw value; do
		want=$(expected_value "$cmd" "$value")
		[ "$want" != machine ] || continue
		lines+=("tuntapctl $cmd $kw " "$want")
	done < <(grammar_values)
	comp_check "${lines[@]}" \
		'tuntapctl add tap0 mode ' "tap tun" \
		'tuntapctl add tap0 address ' "random" \
		'tuntapctl set tap0 carrier ' "off on"
	# add creates its device: no existing names for it.
	: >"$CALLS"
	comp_lines 'tuntapctl add dev ' 'tuntapctl add '
	assert_eq "${replies[0]}" ""
	refute_words "${replies[1]}" "$STUB_NAMES"
	assert_calls ""
}
