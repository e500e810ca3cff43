#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# zsh completion (completions/_tuntapctl): what it offers for a line, in
# an interactive zsh under zsh/zpty, against the program's grammar.
#
# A completion widget bound to TAB runs the completion system, and a
# compadd wrapper writes down every match it adds.

load completion

ZSH_COMP=$COMPLETIONS/_tuntapctl

setup() {
	stub_setup
}

teardown() {
	ns_teardown
}

need_zsh() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null || skip "zsh has no zsh/zpty module"
}

# The driver: an interactive zsh under zpty loads the completion from
# its directory; TAB runs the completion system; every match added goes
# to a file.  It prints "> LINE" and the matches for each LINE, and fails
# when the completion said anything on stderr.
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

# comp_lines LINE...: what zsh offers for each LINE, in one session, in
# replies.
comp_lines() {
	zcomp "$@"
	replies=("${zreply[@]}")
}

@test "zsh: the file parses and defines its completion for tuntapctl and tunctl" {
	need_zsh
	run zsh -n "$ZSH_COMP"
	[ "$status" -eq 0 ]
	[ "$(head -n 1 "$ZSH_COMP")" = "#compdef tuntapctl" ]
	# tunctl's is a file of its own, installed only with the tunctl link:
	# uml-utilities' tunctl is not claimed.
	run zsh -n "$COMPLETIONS/_tunctl"
	[ "$status" -eq 0 ]
	[ "$(head -n 1 "$COMPLETIONS/_tunctl")" = "#compdef tunctl" ]
}

@test "zsh: global options and commands" {
	case_global_options
}

@test "zsh: each command offers the keywords still allowed" {
	case_keywords
	comp_check 'tuntapctl add tap0 ' "$(keywords_left add tap0 | sorted)" \
		'tuntapctl add tap0 mode tap up mac 02:00:00:00:00:01 ' \
		"$(keywords_left add tap0 mode tap up mac 02:00:00:00:00:01 | sorted)" \
		'tuntapctl set tap0 addr 10.0.0.1 addr 10.0.0.2 deladdr 10.0.0.3 ' \
		"$(keywords_left set tap0 addr 10.0.0.1 addr 10.0.0.2 deladdr 10.0.0.3 | sorted)" \
		'tuntapctl add tap0 addr 10.0.0.1/24 addr 10.0.1.1/24 a' "addr address addrgenmode alias"
}

@test "zsh: the value after each keyword" {
	case_values
	comp_check 'tuntapctl set tap0 mtu ' "" \
		'tuntapctl add tap0 user nob' "nobody" \
		'tuntapctl set-owner tap0 group nog' "nogroup"
}

@test "zsh: device names from the program, with -n passed on" {
	comp_check 'tuntapctl del ' "$(set_of $(keywords_left del) $STUB_NAMES)" \
		'tuntapctl -n ns1 show stubtap0 ' "$(set_of $(keywords_left show stubtap0) stubtun0)" \
		'tuntapctl -jn ns3 set-owner st' "$STUB_NAMES" \
		'tuntapctl -netns ns5 persist dev ' "$STUB_NAMES" \
		'tuntapctl --net ns6 -nns7 set stubtap0 ' "$(keywords_left set stubtap0 | sorted)" \
		'tuntapctl sh st' "$STUB_NAMES" \
		'tuntapctl list mode ' "tap tun" \
		'tuntapctl s ' ""
	assert_calls "show --names
-n ns1 show --names
-n ns3 show --names
-n ns5 show --names
show --names"
}

@test "zsh: command options, help, and the end of options" {
	case_command_options
	comp_check 'tuntapctl help set' "set set-owner"
}

@test "zsh: the tunctl front end" {
	comp_check 'tuntapctl tunctl -' "$(grammar_options tunctl | sorted)"
	case_tunctl
}

@test "zsh: files after -b and -f, network namespaces after -n" {
	local d=$BATS_TEST_TMPDIR/files
	mkdir -p "$d"
	touch "$d/cmds.txt" "$d/clone"
	# _files adds each directory of the path on the way: only the last
	# part is checked.
	zcomp "tuntapctl -b $d/" "tuntapctl --batch=$d/cm" "tuntapctl -f $d/cl" \
		"tuntapctl -n $d/c" 'tuntapctl -b '
	assert_words "${zreply[0]}" "clone cmds.txt"
	assert_words "${zreply[1]}" "cmds.txt"
	refute_words "${zreply[1]}" "clone"
	assert_words "${zreply[2]}" "clone"
	refute_words "${zreply[2]}" "cmds.txt"
	assert_words "${zreply[3]}" "clone cmds.txt"
	assert_words "${zreply[4]}" "-"
}

@test "zsh: the program on the line is the one asked; none, nothing offered" {
	case_program_on_the_line
}

@test "zsh: in a namespace, only tun/tap devices are offered, and bridges for master" {
	need_zsh
	use_namespace
	make_devices
	comp_check 'tuntapctl show ' "$(set_of $(keywords_left show) tap0 tap1 tun0)" \
		'tuntapctl set ' "$(set_of $(keywords_left set) tap0 tap1 tun0)" \
		'tuntapctl persist t' "tap0 tap1 tun0" \
		'tuntapctl add tap2 master ' "br0 br1" \
		'tunctl -d ' "tap0 tap1 tun0"
}

@test "zsh: in a namespace, -n NETNS asks that namespace for devices and bridges" {
	need_zsh
	case_other_namespace
}

@test "drift: zsh offers exactly the program's commands, keywords and options" {
	need_zsh
	case_drift
}

@test "zsh: a name printed escaped is offered (compadd quotes what it inserts), and it names the device" {
	use_namespace
	make_escaped_device
	comp_check 'tuntapctl del tap' "$(set_of 'tap0' 'tap\x1b[31mX')" \
		"tuntapctl set 'tap\\x1" 'tap\x1b[31mX'
	# The word zsh inserts (compadd quotes as ${(q)...} does), read back
	# by zsh, is the name as printed.
	run zsh -fc 'eval "w=(${(q)1})"; print -r -- $w' zsh 'tap\x1b[31mX'
	assert_word_deletes "$output"
}
