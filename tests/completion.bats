#!/usr/bin/env bats
# Shell completion for bash, zsh and fish.
#
# Each shell completes a line the way it would at an interactive prompt,
# and the tests compare what it offers with what is expected.  Device
# names come from "tuntapctl show --names": most tests put a stand-in
# tuntapctl first on PATH that logs its arguments and prints two made-up
# names, so nothing looks at the machine's own devices; the namespace
# tests run the shell inside the test's network namespace with the real
# program, among tun, tap, bridge and veth devices.
#
# zsh runs interactively under zsh/zpty: a completion widget bound to TAB
# runs the completion system, and a compadd wrapper writes down every
# match it adds.

load helpers

COMPLETIONS=$BATS_TEST_DIRNAME/../completions
BASH_COMP=$COMPLETIONS/tuntapctl
ZSH_COMP=$COMPLETIONS/_tuntapctl
FISH_COMP=$COMPLETIONS/tuntapctl.fish
BASH_COMPLETION=${BASH_COMPLETION:-/usr/share/bash-completion/bash_completion}

ADD_KW="addr address dev down group mac master mode mtu multi_queue name one_queue pi txqlen txqueuelen up user vnet_hdr"
SET_KW="addr address carrier deladdr dev down mac master mtu name nomaster txqlen txqueuelen up"
FILTER_KW="dev group master mode name user"
COMMANDS="add del help persist set set-owner show"
GLOBAL_OPTS="--batch --details --exist-ok --help --json --keep-going --netns --pretty --tun-device --version -V -b -d -f -h -j -k -n -p"

setup() {
	# The stand-in: logs each call, prints the names in stub-names.
	STUB=$BATS_TEST_TMPDIR/stub
	CALLS=$BATS_TEST_TMPDIR/calls
	mkdir -p "$STUB"
	cat >"$STUB/tuntapctl" <<-EOF
		#!/bin/sh
		echo "\$*" >>"$CALLS"
		case "\$*" in
		*"show --names") cat "$BATS_TEST_TMPDIR/stub-names" ;;
		esac
	EOF
	chmod +x "$STUB/tuntapctl"
	printf 'stubtap0\nstubtun0\n' >"$BATS_TEST_TMPDIR/stub-names"
	: >"$CALLS"
	RUN_IN=(env "PATH=$STUB:$PATH")
}

teardown() {
	ns_teardown
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

sorted() {
	LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

# The words given, sorted as the replies are.
set_of() {
	printf '%s\n' $* | sorted
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

# --- bash -------------------------------------------------------------

need_bash_completion() {
	[ -r "$BASH_COMPLETION" ] ||
		skip "bash-completion is not installed ($BASH_COMPLETION)"
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

# bcomp LINE: what bash offers, sorted, in $reply.
bcomp() {
	need_bash_completion
	local out
	out=$("${RUN_IN[@]}" bash --norc --noprofile -c "$BASH_DRIVER" bash \
		"$BASH_COMPLETION" "$BASH_COMP" "$1") || {
		echo "bash completion of [$1] failed" >&2
		return 1
	}
	reply=$(printf '%s' "$out" | grep -v '^$' | sorted)
}

@test "bash: global options and commands" {
	bcomp 'tuntapctl '
	assert_eq "$reply" "$COMMANDS"
	bcomp 'tuntapctl -'
	assert_eq "$reply" "$GLOBAL_OPTS"
	bcomp 'tuntapctl --ve'
	assert_eq "$reply" "--version"
	bcomp 'tuntapctl -j '
	assert_eq "$reply" "$COMMANDS"
	bcomp 'tuntapctl -n ns1 -d s'
	assert_eq "$reply" "set set-owner show"
	bcomp 'tuntapctl --netns=ns1 p'
	assert_eq "$reply" "persist"
	# After --batch the commands come from the file.
	bcomp 'tuntapctl -b cmds.txt '
	assert_eq "$reply" ""
}

@test "bash: each command offers its keywords, not those already given" {
	bcomp 'tuntapctl add '
	assert_eq "$reply" "$ADD_KW"
	# A name given: no second one.
	bcomp 'tuntapctl add tap0 '
	assert_eq "$reply" "addr address down group mac master mode mtu multi_queue one_queue pi txqlen txqueuelen up user vnet_hdr"
	bcomp 'tuntapctl add tap0 m'
	assert_eq "$reply" "mac master mode mtu multi_queue"
	bcomp 'tuntapctl add tap0 mode tap pi mtu 1400 user alice '
	assert_eq "$reply" "addr address down group mac master multi_queue one_queue txqlen txqueuelen up vnet_hdr"
	# Aliases and contradictions count as given.
	bcomp 'tuntapctl add tap0 up mac 02:00:00:00:00:01 txqlen 50 '
	assert_eq "$reply" "addr group master mode mtu multi_queue one_queue pi user vnet_hdr"
	bcomp 'tuntapctl add dev tap0 '
	refute_words "$reply" "dev name"
	# Colons in values do not split them into names.
	bcomp 'tuntapctl show mode tap '
	assert_words "$reply" "dev name"
	bcomp 'tuntapctl add address 02:00:00:00:00:01 addr fe80::1/64 '
	assert_words "$reply" "dev name addr"
	refute_words "$reply" "address mac"
	bcomp 'tuntapctl add address 02:00:00:00:00:01 addr fe80::1/64 addr 2001:db8::1 m'
	assert_eq "$reply" "master mode mtu multi_queue"
	# addr and deladdr may be repeated.
	bcomp 'tuntapctl add tap0 addr 10.0.0.1/24 addr 10.0.1.1/24 a'
	assert_eq "$reply" "addr address"
	bcomp 'tuntapctl set tap0 '
	assert_eq "$reply" "addr address carrier deladdr down mac master mtu nomaster txqlen txqueuelen up"
	bcomp 'tuntapctl set tap0 deladdr 10.0.0.1 master br0 carrier on d'
	assert_eq "$reply" "deladdr down"
	bcomp 'tuntapctl set-owner tap0 user alice '
	assert_eq "$reply" "group"
	bcomp 'tuntapctl set-owner tap0 '
	assert_eq "$reply" "group user"
	bcomp 'tuntapctl persist tap0 '
	assert_eq "$reply" "off on"
	bcomp 'tuntapctl persist tap0 off '
	assert_eq "$reply" ""
	# del and show take several names, and filters.
	bcomp 'tuntapctl del mode tap '
	assert_eq "$reply" "$(set_of dev group master name stubtap0 stubtun0 user)"
	bcomp 'tuntapctl show user alice group kvm master br0 mode tun '
	assert_eq "$reply" "dev name stubtap0 stubtun0"
}

@test "bash: modes, on/off, and nothing after free-text values" {
	bcomp 'tuntapctl add tap0 mode '
	assert_eq "$reply" "tap tun"
	bcomp 'tuntapctl add mode t'
	assert_eq "$reply" "tap tun"
	bcomp 'tuntapctl show mode '
	assert_eq "$reply" "tap tun"
	bcomp 'tuntapctl set tap0 carrier '
	assert_eq "$reply" "off on"
	bcomp 'tuntapctl persist tap0 o'
	assert_eq "$reply" "off on"
	local kw
	for kw in "add tap0 mtu" "add tap0 address" "add tap0 mac" \
		"add tap0 addr" "add tap0 txqueuelen" "add tap0 txqlen" \
		"set tap0 mtu" "set tap0 addr" "set tap0 deladdr" \
		"set tap0 address" "set tap0 txqueuelen"; do
		bcomp "tuntapctl $kw "
		assert_eq "$reply" ""
	done
	# add creates its device: no existing names for it.
	bcomp 'tuntapctl add dev '
	assert_eq "$reply" ""
	bcomp 'tuntapctl add '
	refute_words "$reply" "stubtap0 stubtun0"
	[ ! -s "$CALLS" ] || {
		echo "add asked for device names: $(cat "$CALLS")" >&2
		false
	}
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
	assert_words "$reply" "stubtap0 stubtun0"
	assert_eq "$(cat "$CALLS")" "show --names"
	: >"$CALLS"
	bcomp 'tuntapctl -n ns1 del stubtap0 '
	assert_words "$reply" "stubtun0 dev name"
	refute_words "$reply" "stubtap0"
	assert_eq "$(cat "$CALLS")" "-n ns1 show --names"
	: >"$CALLS"
	bcomp 'tuntapctl --netns=ns2 set '
	assert_words "$reply" "stubtap0 stubtun0"
	assert_eq "$(cat "$CALLS")" "-n ns2 show --names"
	: >"$CALLS"
	bcomp 'tuntapctl -jn ns3 set-owner st'
	assert_eq "$reply" "stubtap0 stubtun0"
	assert_eq "$(cat "$CALLS")" "-n ns3 show --names"
	: >"$CALLS"
	bcomp 'tuntapctl --netns ns4 persist dev '
	assert_eq "$reply" "stubtap0 stubtun0"
	assert_eq "$(cat "$CALLS")" "-n ns4 show --names"
	# One name only for set, set-owner, persist.
	bcomp 'tuntapctl set stubtap0 '
	refute_words "$reply" "stubtun0 dev name"
	bcomp 'tuntapctl persist dev stubtap0 '
	assert_eq "$reply" "off on"
	# A command may be a unique prefix, as the program allows.
	bcomp 'tuntapctl sh '
	assert_words "$reply" "stubtap0 stubtun0"
}

@test "bash: command options, help, and the end of options" {
	bcomp 'tuntapctl show -'
	assert_eq "$reply" "--details --help --json --names --pretty -N -d -h -j -p"
	bcomp 'tuntapctl del --'
	assert_eq "$reply" "--force --help"
	bcomp 'tuntapctl add tap0 --'
	assert_eq "$reply" "--exist-ok --help"
	bcomp 'tuntapctl set tap0 --'
	assert_eq "$reply" "--help"
	bcomp 'tuntapctl help '
	assert_eq "$reply" "$COMMANDS"
	bcomp 'tuntapctl help set'
	assert_eq "$reply" "set set-owner"
	bcomp 'tuntapctl help add '
	assert_eq "$reply" ""
	# Options do not hide keywords; after "--" a word is no option.
	bcomp 'tuntapctl add --exist-ok tap0 p'
	assert_eq "$reply" "pi"
	bcomp 'tuntapctl del --force -- '
	assert_words "$reply" "dev stubtap0"
}

@test "bash: the tunctl front end" {
	bcomp 'tunctl -'
	assert_eq "$reply" "-b -d -f -g -h -n -p -t -u"
	bcomp 'tuntapctl tunctl '
	assert_eq "$reply" "-b -d -f -g -h -n -p -t -u"
	bcomp 'tunctl -u nob'
	assert_eq "$reply" "nobody"
	bcomp 'tunctl -b -g nog'
	assert_eq "$reply" "nogroup"
	bcomp 'tunctl -t '
	assert_eq "$reply" ""
	bcomp 'tunctl -d '
	assert_eq "$reply" "stubtap0 stubtun0"
	: >"$CALLS"
	bcomp 'tuntapctl -n ns1 tunctl -d '
	assert_eq "$reply" "stubtap0 stubtun0"
	assert_eq "$(cat "$CALLS")" "-n ns1 show --names"
}

@test "bash: in a namespace, only tun/tap devices are offered, and bridges for master" {
	use_namespace
	make_devices
	bcomp 'tuntapctl show '
	assert_eq "$reply" "$(set_of $FILTER_KW tap0 tap1 tun0)"
	bcomp 'tuntapctl del tap0 '
	assert_eq "$reply" "$(set_of $FILTER_KW tap1 tun0)"
	bcomp 'tuntapctl set '
	assert_eq "$reply" "$(set_of $SET_KW tap0 tap1 tun0)"
	bcomp 'tuntapctl set-owner t'
	assert_eq "$reply" "tap0 tap1 tun0"
	bcomp 'tuntapctl persist '
	assert_eq "$reply" "$(set_of dev name off on tap0 tap1 tun0)"
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
	assert_eq "$reply" "$ADD_KW"
}

# --- fish -------------------------------------------------------------

need_fish() {
	command -v fish >/dev/null || skip "fish is not installed"
}

# fcomp LINE: what fish offers (without descriptions), sorted, in $reply.
fcomp() {
	need_fish
	local out
	out=$("${RUN_IN[@]}" fish --no-config -c \
		'source $argv[1]; or exit 3; complete -C $argv[2]' \
		"$FISH_COMP" "$1") || {
		echo "fish completion of [$1] failed" >&2
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

@test "fish: commands, options, keywords and values" {
	fcomp 'tuntapctl '
	assert_eq "$reply" "$COMMANDS"
	fcomp 'tuntapctl -'
	assert_eq "$reply" "$(set_of $GLOBAL_OPTS)"
	fcomp 'tuntapctl add tap0 m'
	assert_eq "$reply" "mac master mode mtu multi_queue"
	fcomp 'tuntapctl add '
	assert_eq "$reply" "$ADD_KW"
	fcomp 'tuntapctl add tap0 mode tap multi_queue up addr 10.0.0.1/24 '
	assert_eq "$reply" "addr address group mac master mtu one_queue pi txqlen txqueuelen user vnet_hdr"
	fcomp 'tuntapctl add tap0 mode '
	assert_eq "$reply" "tap tun"
	fcomp 'tuntapctl add tap0 mtu '
	assert_eq "$reply" ""
	fcomp 'tuntapctl set tap0 addr '
	assert_eq "$reply" ""
	fcomp 'tuntapctl set tap0 carrier '
	assert_eq "$reply" "off on"
	fcomp 'tuntapctl set tap0 nomaster '
	refute_words "$reply" "master nomaster"
	fcomp 'tuntapctl persist tap0 '
	assert_eq "$reply" "off on"
	fcomp 'tuntapctl add tap0 user nob'
	assert_eq "$reply" "nobody"
	fcomp 'tuntapctl set-owner tap0 group nog'
	assert_eq "$reply" "nogroup"
	fcomp 'tuntapctl show --n'
	assert_eq "$reply" "--names"
	fcomp 'tuntapctl del --'
	assert_eq "$reply" "--force --help"
	fcomp 'tuntapctl help '
	assert_eq "$reply" "$COMMANDS"
	fcomp 'tunctl -'
	assert_eq "$reply" "-b -d -f -g -h -n -p -t -u"
}

@test "fish: device names from the program, with -n passed on" {
	fcomp 'tuntapctl del '
	assert_eq "$reply" "$(set_of $FILTER_KW stubtap0 stubtun0)"
	assert_eq "$(cat "$CALLS")" "show --names"
	: >"$CALLS"
	fcomp 'tuntapctl -n ns1 show stubtun0 '
	assert_eq "$reply" "$(set_of $FILTER_KW stubtap0)"
	assert_eq "$(cat "$CALLS")" "-n ns1 show --names"
	: >"$CALLS"
	fcomp 'tuntapctl --netns=ns2 persist '
	assert_eq "$reply" "$(set_of dev name off on stubtap0 stubtun0)"
	assert_eq "$(cat "$CALLS")" "-n ns2 show --names"
	fcomp 'tuntapctl add '
	refute_words "$reply" "stubtap0"
}

@test "fish: in a namespace, only tun/tap devices are offered, and bridges for master" {
	need_fish
	use_namespace
	make_devices
	fcomp 'tuntapctl show '
	assert_eq "$reply" "$(set_of $FILTER_KW tap0 tap1 tun0)"
	fcomp 'tuntapctl set '
	assert_eq "$reply" "$(set_of $SET_KW tap0 tap1 tun0)"
	fcomp 'tuntapctl set-owner t'
	assert_eq "$reply" "tap0 tap1 tun0"
	fcomp 'tuntapctl del tap1 '
	assert_eq "$reply" "$(set_of $FILTER_KW tap0 tun0)"
	fcomp 'tuntapctl add tap2 mode tap master '
	assert_eq "$reply" "br0 br1"
}

# --- zsh --------------------------------------------------------------

need_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"
}

# The driver: an interactive zsh under zpty loads the completion from
# its directory; TAB runs the completion system; every match added goes
# to a file.  It prints "> LINE" and the matches for each LINE.
write_zsh_driver() {
	ZDRIVER=$BATS_TEST_TMPDIR/zcomp.zsh
	cat >"$ZDRIVER" <<-'EOF'
		zmodload zsh/zpty zsh/zselect || exit 3
		dir=$1; shift
		tmp=$(mktemp -d) || exit 3
		trap 'zpty -d z 2>/dev/null; rm -rf $tmp' EXIT
		cat >$tmp/rc <<RC
		PS1='%% '
		unsetopt zle_bracketed_paste 2>/dev/null
		setopt no_beep
		unsetopt auto_list list_ambiguous auto_menu menu_complete
		fpath=($dir \$fpath)
		autoload -Uz compinit && compinit -u -D
		compadd() {
		  local -a __m
		  builtin compadd -O __m "\$@"
		  (( \$#__m )) && print -rl -- \$__m >>$tmp/out
		  builtin compadd "\$@"
		}
		_tt_complete() {
		  _main_complete 2>>$tmp/err
		  compstate[insert]=''
		  compstate[list]=''
		  print ok >$tmp/done
		}
		zle -C tt-complete complete-word _tt_complete
		bindkey '^I' tt-complete
		print ready >$tmp/ready
		RC
		# Wait for file $1 (10 s at most), draining the terminal.
		waitfor() {
		  local i junk
		  for i in {1..1000}; do
		    [[ -e $1 ]] && return 0
		    zpty -r -t z junk 2>/dev/null
		    zselect -t 1
		  done
		  print -u2 "zsh driver: no ${1:t} after 10 s"
		  return 1
		}
		zpty z zsh -f -i || exit 3
		zpty -w z "source $tmp/rc"
		waitfor $tmp/ready || exit 3
		for line; do
		  rm -f $tmp/out $tmp/done
		  zpty -w -n z "$line"$'\t'
		  waitfor $tmp/done || exit 3
		  print -r -- "> $line"
		  [[ -e $tmp/out ]] && sort -u $tmp/out
		  zpty -w -n z $'\C-u'
		done
		if [[ -s $tmp/err ]]; then
		  print -u2 "zsh completion errors:"
		  cat $tmp/err >&2
		  exit 5
		fi
	EOF
}

# zcomp LINE...: complete each line in one zsh session; the matches of
# line N go to zreply[N], sorted and blank separated.
zcomp() {
	need_zsh
	write_zsh_driver
	local out n=-1 l
	out=$("${RUN_IN[@]}" zsh -f "$ZDRIVER" "$COMPLETIONS" "$@" </dev/null) || {
		echo "zsh completion failed: $out" >&2
		return 1
	}
	zreply=()
	while IFS= read -r l; do
		if [[ $l == "> "* ]]; then
			n=$((n + 1))
			zreply[n]=''
		else
			zreply[n]+="$l"$'\n'
		fi
	done <<<"$out"
	for n in "${!zreply[@]}"; do
		zreply[n]=$(printf '%s' "${zreply[n]}" | grep -v '^$' | sorted)
	done
	[ "${#zreply[@]}" -eq "$#" ] || {
		echo "zsh gave ${#zreply[@]} answers for $# lines" >&2
		return 1
	}
}

@test "zsh: the file parses and defines its completion for tuntapctl and tunctl" {
	need_zsh
	run zsh -n "$ZSH_COMP"
	[ "$status" -eq 0 ]
	[ "$(head -n 1 "$ZSH_COMP")" = "#compdef tuntapctl tunctl" ]
}

@test "zsh: commands, options, keywords and values, through zpty" {
	zcomp 'tuntapctl ' 'tuntapctl -' 'tuntapctl add ' 'tuntapctl add tap0 m' \
		'tuntapctl add tap0 mode ' 'tuntapctl add tap0 mode tap up mac 02:00:00:00:00:01 ' \
		'tuntapctl add tap0 mtu ' 'tuntapctl set tap0 carrier ' \
		'tuntapctl set tap0 addr 10.0.0.1 addr 10.0.0.2 deladdr 10.0.0.3 ' \
		'tuntapctl persist tap0 ' 'tuntapctl add tap0 user nob' \
		'tuntapctl set-owner tap0 group nog' 'tuntapctl show -' \
		'tuntapctl help ' 'tunctl -' 'tuntapctl -b cmds '
	assert_eq "${zreply[0]}" "$COMMANDS"
	assert_eq "${zreply[1]}" "$(set_of $GLOBAL_OPTS)"
	assert_eq "${zreply[2]}" "$ADD_KW"
	assert_eq "${zreply[3]}" "mac master mode mtu multi_queue"
	assert_eq "${zreply[4]}" "tap tun"
	assert_eq "${zreply[5]}" "addr group master mtu multi_queue one_queue pi txqlen txqueuelen user vnet_hdr"
	assert_eq "${zreply[6]}" ""
	assert_eq "${zreply[7]}" "off on"
	assert_eq "${zreply[8]}" "addr address carrier deladdr down mac master mtu nomaster txqlen txqueuelen up"
	assert_eq "${zreply[9]}" "off on"
	assert_eq "${zreply[10]}" "nobody"
	assert_eq "${zreply[11]}" "nogroup"
	assert_eq "${zreply[12]}" "$(set_of --details --help --json --names --pretty -N -d -h -j -p)"
	assert_eq "${zreply[13]}" "$COMMANDS"
	assert_eq "${zreply[14]}" "-b -d -f -g -h -n -p -t -u"
	# With --batch no command follows: only options are left.
	refute_words "${zreply[15]}" "add show"
}

@test "zsh: device names from the program, with -n passed on" {
	zcomp 'tuntapctl del ' 'tuntapctl -n ns1 show stubtap0 ' 'tuntapctl add '
	assert_eq "${zreply[0]}" "$(set_of $FILTER_KW stubtap0 stubtun0)"
	assert_eq "${zreply[1]}" "$(set_of $FILTER_KW stubtun0)"
	assert_eq "${zreply[2]}" "$ADD_KW"
	assert_eq "$(cat "$CALLS")" "show --names
-n ns1 show --names"
}

@test "zsh: in a namespace, only tun/tap devices are offered, and bridges for master" {
	need_zsh
	use_namespace
	make_devices
	zcomp 'tuntapctl show ' 'tuntapctl set ' 'tuntapctl persist t' \
		'tuntapctl add tap2 master ' 'tunctl -d '
	assert_eq "${zreply[0]}" "$(set_of $FILTER_KW tap0 tap1 tun0)"
	assert_eq "${zreply[1]}" "$(set_of $SET_KW tap0 tap1 tun0)"
	assert_eq "${zreply[2]}" "tap0 tap1 tun0"
	assert_eq "${zreply[3]}" "br0 br1"
	assert_eq "${zreply[4]}" "tap0 tap1 tun0"
}

# --- drift between the program and its completions and man page -------

# The program's grammar: commands, each command's keywords and options,
# and the global options from --help.
program_grammar() {
	local c
	P_COMMANDS=$("$TUNTAPCTL" --list-commands) || return 1
	[ -n "$P_COMMANDS" ]
	declare -gA P_KW P_OPTS
	for c in $P_COMMANDS; do
		P_KW[$c]=$("$TUNTAPCTL" --list-keywords "$c" | cut -d' ' -f1)
		P_OPTS[$c]=$("$TUNTAPCTL" --list-options "$c")
	done
	# "  -d, --details   ..." and "      --long ...": both forms.
	P_GLOBAL=$("$TUNTAPCTL" --help |
		sed -n 's/^  *\(-[A-Za-z]\), \(--[a-z-]*\).*/\1 \2/p; s/^  *\(--[a-z-]*\).*/\1/p')
	[ -n "$P_GLOBAL" ]
}

@test "drift: every command, keyword and option is in each completion file" {
	program_grammar
	local f c w missing=''
	for f in "$BASH_COMP" "$ZSH_COMP" "$FISH_COMP"; do
		for w in $P_COMMANDS $P_GLOBAL; do
			grep -qwF -e "$w" "$f" || missing+=" $w"
		done
		for c in $P_COMMANDS; do
			for w in ${P_KW[$c]} ${P_OPTS[$c]}; do
				grep -qwF -e "$w" "$f" || missing+=" $w($c)"
			done
		done
		[ -z "$missing" ] || {
			echo "${f##*/} lacks:$missing" >&2
			false
		}
	done
}

@test "drift: every command, keyword and option is in the man page" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	program_grammar
	local text c w missing=''
	# mandoc neither hyphenates nor adjusts: words stay whole.
	text=$(mandoc -Tascii -O width=200 "$BATS_TEST_DIRNAME/../man/tuntapctl.8" | sed "s/.\x08//g")
	for w in $P_COMMANDS $P_GLOBAL; do
		grep -qwF -e "$w" <<<"$text" || missing+=" $w"
	done
	for c in $P_COMMANDS; do
		for w in ${P_KW[$c]} ${P_OPTS[$c]}; do
			grep -qwF -e "$w" <<<"$text" || missing+=" $w($c)"
		done
	done
	[ -z "$missing" ] || {
		echo "the man page lacks:$missing" >&2
		false
	}
}

# What a shell offers must be exactly what the program accepts: for each
# command its keywords (none given yet) and its long options, and the
# commands and global options.
@test "drift: bash offers exactly the program's commands, keywords and options" {
	program_grammar
	: >"$BATS_TEST_TMPDIR/stub-names"
	local c
	bcomp 'tuntapctl '
	assert_eq "$reply" "$(printf '%s\n' $P_COMMANDS | sorted)"
	bcomp 'tuntapctl -'
	assert_eq "$reply" "$(printf '%s\n' $P_GLOBAL | sorted)"
	for c in $P_COMMANDS; do
		[ "$c" = help ] && continue
		bcomp "tuntapctl $c "
		assert_eq "$reply" "$(printf '%s\n' ${P_KW[$c]} | sorted)"
		bcomp "tuntapctl $c --"
		assert_eq "$reply" "$(printf '%s\n' ${P_OPTS[$c]} | sorted)"
	done
}

@test "drift: fish offers exactly the program's commands, keywords and options" {
	need_fish
	program_grammar
	: >"$BATS_TEST_TMPDIR/stub-names"
	local c
	fcomp 'tuntapctl '
	assert_eq "$reply" "$(printf '%s\n' $P_COMMANDS | sorted)"
	fcomp 'tuntapctl -'
	assert_eq "$reply" "$(printf '%s\n' $P_GLOBAL | sorted)"
	for c in $P_COMMANDS; do
		[ "$c" = help ] && continue
		fcomp "tuntapctl $c "
		assert_eq "$reply" "$(printf '%s\n' ${P_KW[$c]} | sorted)"
		fcomp "tuntapctl $c --"
		assert_eq "$reply" "$(printf '%s\n' ${P_OPTS[$c]} | sorted)"
	done
}

@test "drift: zsh offers exactly the program's commands, keywords and options" {
	need_zsh
	program_grammar
	: >"$BATS_TEST_TMPDIR/stub-names"
	local c lines=('tuntapctl ' 'tuntapctl -') want=() i
	want+=("$(printf '%s\n' $P_COMMANDS | sorted)")
	want+=("$(printf '%s\n' $P_GLOBAL | sorted)")
	for c in $P_COMMANDS; do
		[ "$c" = help ] && continue
		lines+=("tuntapctl $c " "tuntapctl $c --")
		want+=("$(printf '%s\n' ${P_KW[$c]} | sorted)")
		want+=("$(printf '%s\n' ${P_OPTS[$c]} | sorted)")
	done
	zcomp "${lines[@]}"
	for i in "${!lines[@]}"; do
		[ "${zreply[i]}" = "${want[i]}" ] || {
			printf '[%s]\nexpected: [%s]\nbut got:  [%s]\n' "${lines[i]}" \
				"${want[i]}" "${zreply[i]}" >&2
			false
		}
	done
}
