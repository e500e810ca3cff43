#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# show at a terminal (tmux panes of a chosen width, read back with
# capture-pane): show -d in a block per device where its table is wider
# than the terminal, plain show and --brief cut to fit, and the one-line
# table, whole, wherever standard output is no terminal.

load helpers

LONG_USER=a_very_long_user_name_for_the_console_x
LONG_GROUP=a_long_group_name_of_the_console

setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	ns_setup
}

teardown() {
	local sock
	for sock in "$BATS_TEST_TMPDIR"/tmux.*.sock; do
		[ ! -S "$sock" ] || tmux -S "$sock" kill-server 2>/dev/null || true
	done
	ns_teardown
}

# Users with long names, in the namespace's own /etc/passwd and group.
long_users() {
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	cp /etc/group "$BATS_TEST_TMPDIR/group"
	echo "$LONG_USER:x:4001:4001::/:/bin/false" >>"$BATS_TEST_TMPDIR/passwd"
	echo "$LONG_GROUP:x:4001:" >>"$BATS_TEST_TMPDIR/group"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
	ns mount --bind "$BATS_TEST_TMPDIR/group" /etc/group
}

# on_terminal COLS [VAR=VALUE...] ARGS...: tuntapctl ARGS in the
# namespace, on a tmux pane COLS wide (COLUMNS unset unless given);
# what the pane shows, less its blank lines at the end, in $screen.
on_terminal() {
	local cols=$1 envs=() i
	shift
	while [[ ${1:-} =~ ^[A-Z_]+= ]]; do
		envs+=("$1")
		shift
	done
	# A server of its own for each run: one that is ending still
	# answers on its socket for a while.
	TMUX_RUNS=$((${TMUX_RUNS:-0} + 1))
	TMUX_SOCK=$BATS_TEST_TMPDIR/tmux.$TMUX_RUNS.sock
	# The pane stays, dead, when the program ends, to be read.
	printf 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 1000\n' \
		>"$BATS_TEST_TMPDIR/tmux.conf"
	# Its exit status in a file: tmux cannot always tell it (a SIGCHLD
	# ignored by whoever started it is ignored in the server too).
	local st=$BATS_TEST_TMPDIR/tmux.$TMUX_RUNS.status
	tmux -S "$TMUX_SOCK" -f "$BATS_TEST_TMPDIR/tmux.conf" new-session -d \
		-x "$cols" -y 120 \
		"nsenter -t $NS_PID -n -m -- env -u COLUMNS TERM=xterm $(printf '%q ' "${envs[@]}" "$TUNTAPCTL" "$@"); echo \$? >$st; echo __END__"
	# Until the pane is dead and shows the line written after the
	# program's output: tmux may tell the pane dead before it has read
	# all that the pane wrote, when the machine is busy.
	for i in $(seq 200); do
		[ -s "$st" ] &&
			[ "$(tmux -S "$TMUX_SOCK" display-message -p '#{pane_dead}')" = 1 ] &&
			tmux -S "$TMUX_SOCK" capture-pane -p -J -S - | grep -q '^__END__$' && break
		sleep 0.05
	done
	[ "$(cat "$st" 2>/dev/null)" = 0 ] || {
		echo "tuntapctl $* failed on the terminal (status $(cat "$st" 2>/dev/null)):" >&2
		tmux -S "$TMUX_SOCK" capture-pane -p -S - >&2
		return 1
	}
	# The history too (tmux may scroll a line up as the pane dies), and
	# lines the terminal wrapped joined again (-J), so that a line too
	# long shows as one.
	# With WITH_ESCAPES set, the escape sequences of its colours too.
	screen=$(tmux -S "$TMUX_SOCK" capture-pane -p -J ${WITH_ESCAPES:+-e} -S - |
		sed '/__END__/,$d' |
		sed -e 's/ *$//' -e :a -e '/^\n*$/{$d;N;ba' -e '}')
}

# Fail unless every line of $1 is at most $2 columns (all ASCII here).
assert_width() {
	local long
	long=$(printf '%s\n' "$1" | awk -v w="$2" 'length($0) > w')
	[ -z "$long" ] || {
		printf 'lines over %s columns:\n%s\n' "$2" "$long" >&2
		return 1
	}
}

# Fail unless $1 and $2 are the same, line by line, showing the diff.
assert_same() {
	[ "$1" = "$2" ] || {
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$1") >&2
		return 1
	}
}

# tap0 held by QEMU as its owner (the long-named user), with IPv6 and
# IPv4 addresses and a long alias; tap1, multi_queue, held by two
# processes.
console_devices() {
	long_users
	tt add tap0 user 4001 address 02:00:00:00:00:01 addrgenmode none \
		addr 192.0.2.1/24 addr 2001:db8:1234:5678:9abc:def0:1234:5678/64 \
		alias "$(printf 'x%.0s' $(seq 70))" up >/dev/null 2>&1
	tt add tap1 multi_queue user 0 group 4001 address 02:00:00:00:00:02 \
		addrgenmode none addr 2001:db8::1/64 up >/dev/null
	qemu_attach tap0 4001 4001
	QEMU_PID=$CLIENT_PID
	hold tap1
	H1=$HOLD_PID
	hold tap1
	H2=$HOLD_PID
}

# The blocks of console_devices, with tap0's alias as $1.
expected_blocks() {
	echo "tap0: tap
    flags       vnet_hdr,one_queue,persist
    user        $LONG_USER(4001)
    group       -
    state       up
    carrier     on
    mtu         1500
    mac         02:00:00:00:00:01
    master      -
    txqlen      1000
    queues      1
    addrgenmode none
    addresses   192.0.2.1/24
                2001:db8:1234:5678:9abc:def0:1234:5678/64
    processes   qemu-system-x86($QEMU_PID)
    alias       $1
tap1: tap
    flags       multi_queue,persist
    user        root(0)
    group       $LONG_GROUP(4001)
    state       up
    carrier     on
    mtu         1500
    mac         02:00:00:00:00:02
    master      -
    txqlen      1000
    queues      2
    addrgenmode none
    addresses   2001:db8::1/64
    processes   tunhold($H1)
                tunhold($H2)
    alias       -"
}

@test "show -d at 80 and 200 columns: a block per device, line by line, none over the width" {
	console_devices
	local x70
	x70=$(printf 'x%.0s' $(seq 70))
	on_terminal 80 -d show
	# At 80 columns the alias is cut to fit, with the marker.
	assert_same "$screen" "$(expected_blocks "${x70:0:60}\\...")"
	assert_width "$screen" 80
	# Its table is some 270 columns wide: at 200, blocks too, nothing cut.
	on_terminal 200 -d show
	assert_same "$screen" "$(expected_blocks "$x70")"
	assert_width "$screen" 200
	# The kernel agrees with what the blocks say.
	[ "$(ns cat /sys/class/net/tap0/owner)" = 4001 ]
	[ "$(ns cat /sys/class/net/tap1/group)" = 4001 ]
	[ "$(ns ip -j addr show dev tap0 | jq -r '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | join(" ")')" = \
		"192.0.2.1/24 2001:db8:1234:5678:9abc:def0:1234:5678/64" ]
	[ "$(ns cat /sys/class/net/tap0/carrier)" = 1 ]
	[ "$(ns cat /sys/class/net/tap1/tun_flags)" = 0x1902 ]
}

@test "show -d where stdout is no terminal, or the table fits it: the one-line table" {
	console_devices
	run --separate-stderr tt -d show
	[ "$status" -eq 0 ]
	local piped=$output
	assert_lines "$piped" 3
	# No cut in a pipe, however wide.
	assert_contains "$piped" "$(printf 'x%.0s' $(seq 70))"
	assert_contains "$piped" "qemu-system-x86($QEMU_PID)"
	assert_contains "$piped" "tunhold($H1),tunhold($H2)"
	[[ "$(echo "$piped" | sed -n 1p)" =~ ^NAME\ +TYPE\ +FLAGS\ +USER\ +GROUP\ +STATE\ +CARRIER\ +MTU\ +MAC\ +MASTER\ +TXQLEN\ +QUEUES\ +ADDRGENMODE\ +ADDRESSES\ +PROCESSES\ +ALIAS$ ]]
	local tw
	tw=$(echo "$piped" | awk '{ if (length($0) > w) w = length($0) } END { print w }')
	# A terminal as wide as the table: the table, as in a pipe.
	on_terminal "$tw" -d show
	assert_same "$screen" "$piped"
	# COLUMNS, when it is a number, is the width; else the terminal's.
	on_terminal "$tw" COLUMNS=70 -d show
	[ "$(echo "$screen" | sed -n 1p)" = "tap0: tap" ]
	assert_width "$screen" 70
	on_terminal "$tw" COLUMNS=wide -d show
	assert_same "$screen" "$piped"
	on_terminal "$((tw - 1))" -d show
	[ "$(echo "$screen" | sed -n 1p)" = "tap0: tap" ]
}

@test "--layout chooses: blocks in a pipe, the table at a terminal" {
	console_devices
	run --separate-stderr tt --layout=blocks -d show tap1
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sed -n '1p;14,15p')" = "tap1: tap
    processes   tunhold($H1)
                tunhold($H2)" ]
	assert_lines "$output" 16
	run --separate-stderr tt show --layout blocks tap1
	[ "$status" -eq 0 ]
	[ "$output" = "tap1: tap
    flags   multi_queue,persist
    user    root(0)
    group   $LONG_GROUP(4001)
    state   up
    carrier on
    mtu     1500" ]
	on_terminal 80 --layout=table -d show tap1
	[[ "$(echo "$screen" | sed -n 1p)" =~ ^NAME\ +TYPE ]]
	refuses 2 "show: --layout is 'table' or 'blocks', not 'tree'" show --layout=tree
	refuses 2 "show: '--layout' and '--json' conflict" -j show --layout=table
	refuses 2 "del: --layout is for show" --layout=table del tap0
}

@test "plain show and --brief fit 80 columns: long names cut with a marker, the id kept; never in -j or -N" {
	long_users
	tt add tap0 user 4001 group 4001 >/dev/null 2>&1
	tt add tap1 user 0 addr 192.0.2.1/24 addr 192.0.2.2/24 addr 192.0.2.3/24 \
		addr 192.0.2.4/24 addr 192.0.2.5/24 addr 192.0.2.6/24 >/dev/null
	run --separate-stderr tt show
	local piped=$output
	assert_contains "$piped" "$LONG_USER(4001)"
	on_terminal 80 show
	assert_width "$screen" 80
	assert_lines "$screen" 3
	[[ "$(echo "$screen" | sed -n 2p)" =~ ^tap0\ +tap\ +persist\ +a_very_[a-z_]*\\\.\.\.\(4001\)\ +a_long_[a-z_]*\\\.\.\.\(4001\)\ +down\ +off\ +1500$ ]]
	[[ "$(echo "$screen" | sed -n 3p)" =~ ^tap1\ +tap\ +persist\ +root\(0\)\ +-\ +down\ +off\ +1500$ ]]
	# At 200 columns nothing is cut.
	on_terminal 200 show
	assert_same "$screen" "$piped"
	on_terminal 60 --brief show
	assert_width "$screen" 60
	[[ "$(echo "$screen" | sed -n 2p)" =~ ^tap1\ +tap\ +down\ +192\.0\.2\.1/24,.*\\\.\.\.$ ]]
	on_terminal 80 -j show
	assert_same "$screen" "$(tt -j show)"
	assert_contains "$screen" "\"user_name\":\"$LONG_USER\""
	on_terminal 80 -N show
	assert_same "$screen" "tap0
tap1"
}

# Fail unless $1 holds an escape sequence; refute_escapes: unless none.
has_escapes() {
	[[ $1 == *$'\e['* ]] || {
		printf 'no escape sequence in: %s\n' "$1" >&2
		return 1
	}
}

refute_escapes() {
	[[ $1 != *$'\e['* ]] || {
		printf 'escape sequences in: %q\n' "$1" >&2
		return 1
	}
}

@test "colour: on a terminal (auto), or with --color=always or -c; never with NO_COLOR, in a pipe, in -j or -N" {
	tt add tap0 up >/dev/null
	tt add tun0 >/dev/null
	local WITH_ESCAPES=1
	on_terminal 80 show
	has_escapes "$screen"
	# The words are the same; only their colours differ.
	[ "$(printf '%s\n' "$screen" | sed 's/\x1b\[[0-9;]*m//g')" = "$(tt show)" ]
	on_terminal 80 NO_COLOR=1 show
	refute_escapes "$screen"
	on_terminal 80 --color=never show
	refute_escapes "$screen"
	on_terminal 80 -color=never show
	refute_escapes "$screen"
	on_terminal 80 --color=auto -d show
	has_escapes "$screen"
	on_terminal 80 -j show
	refute_escapes "$screen"
	on_terminal 80 --color=always -N show
	refute_escapes "$screen"
	# In a pipe: only when asked, NO_COLOR or not.
	run --separate-stderr tt show
	refute_escapes "$output"
	# Without WHEN, as ip -c and ls --color: always.
	run --separate-stderr tt --color show
	has_escapes "$output"
	run --separate-stderr tt --color=always show
	has_escapes "$output"
	# Names cyan, up green, no carrier yellow, down red.
	assert_contains "$output" $'\e[36mtap0\e[0m'
	assert_contains "$output" $'\e[33mno-carrier\e[0m'
	assert_contains "$output" $'\e[31mdown\e[0m'
	run --separate-stderr tt -c show
	has_escapes "$output"
	# Asked for, colour wins over NO_COLOR, which is for the default.
	run --separate-stderr ns env NO_COLOR=1 "$TUNTAPCTL" --color=always show
	has_escapes "$output"
	run --separate-stderr env NO_COLOR=1 "$TUNTAPCTL" -c --help
	refute_escapes "$output"
	run --separate-stderr tt --color=always -j show
	refute_escapes "$output"
	run --separate-stderr tt -c --tree show
	has_escapes "$output"
	refuses 2 "tuntapctl: --color is auto, always or never, not 'blue'" --color=blue show
}

@test "colour: warnings, on standard error where it is a terminal or asked" {
	ns chmod 0600 /dev/net/tun
	run --separate-stderr tt add tap0 user 4001
	[ "$status" -eq 0 ]
	assert_contains "$stderr" "tap0: warning: user 4001 cannot open /dev/net/tun"
	refute_escapes "$stderr"
	tt del tap0 >/dev/null
	run --separate-stderr tt --color=always add tap0 user 4001
	assert_contains "$stderr" $'tap0: \e[1;33mwarning:\e[0m user 4001 cannot open'
	tt del tap0 >/dev/null
	local WITH_ESCAPES=1
	on_terminal 200 add tap0 user 4001
	has_escapes "$screen"
	assert_contains "$(printf '%s\n' "$screen" | sed 's/\x1b\[[0-9;]*m//g')" "tap0: warning: user 4001"
	tt del tap0 >/dev/null
	on_terminal 200 NO_COLOR=1 add tap0 user 4001
	refute_escapes "$screen"
}
