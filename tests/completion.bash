# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the completion tests (completion-bash.bats, completion-zsh.bats,
# completion-fish.bats): the stand-in tuntapctl, the namespace with real
# devices, and the program's grammar, from which expected lists come.
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
