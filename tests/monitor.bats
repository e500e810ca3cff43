#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# monitor: recorded in the background while devices are created, held
# by a real client (QEMU), released, changed, renamed and deleted: the
# exact events, with the holder's pid; JSON lines with show -j's fields;
# timestamps; colour; filters; a 1,000-device burst counted in full; events the
# kernel drops are said to be lost and made up for; the ways it ends.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# mon_start [OPTIONS] [ARGS...]: tuntapctl OPTIONS monitor ARGS in the
# background (MON_PID), its output in MON_OUT, ready when it returns.
mon_start() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != monitor ]; do
		opts+=("$1")
		shift
	done
	shift
	MON_OUT=$BATS_TEST_TMPDIR/mon.out
	nsenter -t "$NS_PID" -n -m -- "$TUNTAPCTL" "${opts[@]}" monitor "$@" \
		>"$MON_OUT" 2>"$MON_OUT.err" 3>&- &
	MON_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $MON_PID"
	mon_sync
}

# mon_sync: a device made and deleted by ip, and waited for: once an
# event of it is told, so is everything before it.  Filters must let
# zsync* through: ip tuntap makes it with $SYNC_TUNTAP ("mode tap" by
# default) and ip gives it the alias $SYNC_ALIAS and the bridge
# $SYNC_MASTER if set (a filter of names lists zsync1 to zsync40); it
# is made in network namespace $SYNC_NETNS if set (a monitor -n).
# A monitor just started may not listen yet: a new sync device is made
# every second until one is told (20 s at most).
mon_sync() {
	local d i try
	for try in $(seq 20); do
		SYNC_N=$((${SYNC_N:-0} + 1))
		d=zsync$SYNC_N
		# shellcheck disable=SC2086
		ns ip ${SYNC_NETNS:+-n "$SYNC_NETNS"} tuntap add "$d" ${SYNC_TUNTAP:-mode tap}
		[ -z "${SYNC_ALIAS:-}" ] || ns ip link set "$d" alias "$SYNC_ALIAS"
		[ -z "${SYNC_MASTER:-}" ] || ns ip link set "$d" master "$SYNC_MASTER"
		ns ip ${SYNC_NETNS:+-n "$SYNC_NETNS"} link del "$d"
		for i in $(seq 20); do
			# (-c's colours aside)
			sed 's/\x1b\[[0-9;]*m//g' "$MON_OUT" |
				grep -qE "(^|[0-9] )[a-z]+ $d(:|\$)|\"ifname\":\"$d\"" && return 0
			kill -0 "$MON_PID" 2>/dev/null || break 2
			sleep 0.05
		done
	done
	echo "monitor told nothing of $d; it said:" >&2
	cat "$MON_OUT" "$MON_OUT.err" >&2
	return 1
}

# only_created_as_shown DEV FILTER WANT: a -j monitor told one event, the
# creation of DEV, whose jq FILTER gives WANT and whose fields are show
# -j's for DEV now.
only_created_as_shown() {
	run events
	echo "$output"
	[ "${#lines[@]}" -eq 1 ] || return 1
	[ "$(echo "$output" | jq -r .event)" = created ] || return 1
	[ "$(echo "$output" | jq -c "$2")" = "$3" ] || return 1
	[ "$(echo "$output" | jq -S 'del(.event)')" = "$(tt -j show "$1" | jq -S '.[0]')" ]
}

# The events told so far, without the sync devices', from line $1 on.
events() {
	grep -v zsync "$MON_OUT" | tail -n +"${1:-1}"
}

# mon_stop [SIGNAL]: end it (SIGINT by default); its exit status must
# be 0.
mon_stop() {
	local st=0
	kill -"${1:-INT}" "$MON_PID"
	wait "$MON_PID" || st=$?
	HOLD_PIDS=${HOLD_PIDS/ $MON_PID/}
	[ "$st" -eq 0 ] || {
		echo "monitor exited with $st" >&2
		return 1
	}
}

# ipmon_start: "ip monitor link" beside ours (IPMON_PID, output in
# IPMON_OUT), to show what the kernel sent; needs mon_start first.
ipmon_start() {
	IPMON_OUT=$BATS_TEST_TMPDIR/ipmon.out
	# nsenter execs ip: $! is ip itself.
	nsenter -t "$NS_PID" -n -m -- ip monitor link >"$IPMON_OUT" 2>&1 3>&- &
	IPMON_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $IPMON_PID"
	both_sync
}

# both_sync: mon_sync until ip monitor has seen the sync device too:
# both have then told everything before it.
both_sync() {
	local try
	for try in $(seq 20); do
		mon_sync || return 1
		grep -q "^Deleted [0-9]*: zsync$SYNC_N:" "$IPMON_OUT" && return 0
		kill -0 "$IPMON_PID" || break
	done
	echo "ip monitor told nothing of zsync$SYNC_N:" >&2
	cat "$IPMON_OUT" >&2
	return 1
}

# The lines of ip monitor link about device $1 from line $2 on.
kernel_said() {
	tail -n +"${2:-1}" "$IPMON_OUT" | grep -E "^(Deleted )?[0-9]+: $1[:@]"
}

@test "the exact events of a device's life, with the pid of the QEMU that held it" {
	mon_start monitor
	tt add tap0 mode tap user 1000 addrgenmode none up >/dev/null
	mon_sync
	# One event, the device as add left it: its own steps (the fd it
	# configured through, persistence turned on last) are not told.
	u=$(getent passwd 1000 | cut -d: -f1)
	[ "$(events)" = "created tap0: tap, user ${u:-1000}, up, addrgenmode none" ]
	from=$(($(events | wc -l) + 1))
	qemu_attach tap0 1000 1000
	mon_sync
	kill "$CLIENT_PID"
	wait "$CLIENT_PID" || true
	mon_sync
	tt set tap0 mtu 9000 addr 192.0.2.1/24 >/dev/null
	tt set tap0 name vm0 alias "web 1" >/dev/null
	tt del vm0 >/dev/null
	mon_sync
	run events "$from"
	echo "$output"
	[ "$output" = "changed tap0: vnet_hdr off -> on, one_queue off -> on
attached tap0: qemu-system-x86 (pid $CLIENT_PID)
detached tap0
changed tap0: mtu 1500 -> 9000
changed tap0: add 192.0.2.1/24
changed vm0: name tap0 -> vm0
changed vm0: alias - -> web 1
changed vm0: down
changed vm0: remove 192.0.2.1/24
deleted vm0" ]
	mon_stop
	[ ! -s "$MON_OUT.err" ]
}

@test "creation events add up to the device as show -j then lists it" {
	mon_start -j monitor
	tt add tap0 mode tap user 1000 group 100 vnet_hdr mtu 9000 addrgenmode none alias "vm a" addr 192.0.2.1/24 up >/dev/null
	mon_sync
	[ "$(events | head -n 1 | jq -r '.event + " " + .ifname')" = "created tap0" ]
	# The last event's device is the device as it is.
	last=$(events | grep '"ifname":"tap0"' | tail -n 1)
	[ "$(echo "$last" | jq -S 'del(.event, .changes, .processes)')" = \
		"$(tt -j show tap0 | jq -S '.[0]')" ]
	[ "$(echo "$last" | jq -c '[.mtu, .user, .group, .vnet_hdr, .alias, .addrgenmode, .addresses]')" = \
		'[9000,1000,100,true,"vm a","none",["192.0.2.1/24"]]' ]
	[ "$(ns ip -d -j link show tap0 | jq -c '.[0] | [.mtu, .ifalias, .inet6_addr_gen_mode]')" = '[9000,"vm a","none"]' ]
}

@test "-j: one JSON object per line, show -j's fields, changes and processes" {
	tt add tap0 mode tap up >/dev/null
	mon_start -j monitor
	from=$(($(events | wc -l) + 1))
	qemu_attach tap0 0 0
	tt set tap0 mtu 1400 >/dev/null
	mon_sync
	run events "$from"
	# Every line parses on its own.
	while IFS= read -r line; do
		echo "$line" | jq -e 'type == "object" and (.event | type == "string")' >/dev/null ||
			return 1
	done <<<"$output"
	keys=$(tt -j show tap0 | jq -c '.[0] | keys')
	echo "$output" | jq -s -e --argjson k "$keys" 'length > 0 and all(.[]; (keys - ["event", "changes", "processes"]) == $k)' >/dev/null
	att=$(echo "$output" | jq -c 'select(.event == "attached")')
	[ "$(echo "$att" | jq -c '[.ifname, .carrier, .processes]')" = "[\"tap0\",true,[{\"pid\":$CLIENT_PID,\"comm\":\"qemu-system-x86\"}]]" ]
	[ "$(echo "$output" | jq -c 'select(.event == "changed" and .changes.mtu) | .changes')" = '{"mtu":{"old":1500,"new":1400}}' ]
	[ "$(echo "$output" | jq -r 'select(.event == "changed" and .changes.mtu) | .mtu')" = 1400 ]
}

@test "-t: ISO 8601 times, in order; -j gives them as time" {
	mon_start -t monitor
	tt add tap0 mode tap >/dev/null
	tt del tap0 >/dev/null
	mon_sync
	run events
	[ "${#lines[@]}" -ge 2 ]
	prev=
	for l in "${lines[@]}"; do
		t=${l%% *}
		[[ $t =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2}$ ]] || return 1
		[ -z "$prev" ] || [[ ! $t < $prev ]] || return 1
		prev=$t
	done
	[ "$(echo "${lines[0]}" | cut -d' ' -f2-)" = "created tap0: tap" ]
	mon_stop
	mon_start -tj monitor
	tt add tap1 mode tap >/dev/null
	mon_sync
	events | jq -e 'select(.ifname == "tap1") | .time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{15}[+-][0-9]{2}:[0-9]{2}$")' >/dev/null
}

@test "filters: names, mode, user, alias; other devices are not told" {
	# shellcheck disable=SC2046
	mon_start monitor tap1 vm0 $(seq -f 'zsync%g' 1 40)
	tt add tap0 mode tap >/dev/null
	tt add tap1 mode tap >/dev/null
	tt del tap0 tap1 >/dev/null
	mon_sync
	[ "$(events)" = "created tap1: tap
deleted tap1" ]
	mon_stop
	SYNC_TUNTAP="mode tun user 1000"
	mon_start monitor mode tun user 1000
	# (The owner of a link that is down is told with its next event:
	# the kernel announces no change of it.)
	tt add tap0 mode tap user 1000 up >/dev/null
	tt add tun0 mode tun user 1000 up >/dev/null
	tt add tun1 mode tun up >/dev/null
	mon_sync
	[ "$(events | cut -d: -f1 | awk '{print $2}' | sort -u)" = tun0 ]
	mon_stop
	SYNC_TUNTAP="mode tap" SYNC_ALIAS="vm sync"
	mon_start monitor alias 'vm *'
	tt set tap0 alias "vm web" >/dev/null
	tt set tun1 alias "db" >/dev/null
	tt add tun2 mode tun alias "vm db" up >/dev/null
	mon_sync
	events
	[ "$(events)" = "changed tap0: alias - -> vm web
created tun2: tun, up, alias vm db" ]
	mon_stop
}

@test "master: a port of a bridge made after it matches from the start" {
	tt add tap0 mode tap >/dev/null
	ns ip link add br0 type bridge
	ns ip link set tap0 master br0
	SYNC_MASTER=br0
	mon_start monitor master br0
	tt set tap0 mtu 1400 >/dev/null
	tt add tap1 mode tap mtu 1400 >/dev/null
	mon_sync
	[ "$(events)" = "changed tap0: mtu 1500 -> 1400" ]
}

@test "a burst of 1,000 devices made and deleted: all 2,000 events told" {
	local i
	for i in $(seq 0 999); do echo "add vm$i mode tap"; done >"$BATS_TEST_TMPDIR/b"
	mon_start monitor
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	tt del mode tap >/dev/null
	mon_sync
	[ "$(events | grep -c '^created vm')" -eq 1000 ]
	[ "$(events | grep -c '^deleted vm')" -eq 1000 ]
	[ "$(events | grep '^created' | cut -d: -f1 | sort -u | wc -l)" -eq 1000 ]
	run grep -c lost "$MON_OUT"
	[ "$output" = 0 ]
}

@test "events the kernel drops are said to be lost, and what changed meanwhile is told" {
	local i
	# Without CAP_NET_ADMIN the socket buffer is net.core.rmem_max's (at
	# most a few MiB): a stopped monitor overflows it.
	ns_unpriv_bin
	MON_OUT=$BATS_TEST_TMPDIR/mon.out
	nsenter -t "$NS_PID" -n -m -- setpriv --reuid 1000 --regid 1000 \
		--clear-groups -- "$UTT" monitor >"$MON_OUT" 2>"$MON_OUT.err" 3>&- &
	MON_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $MON_PID"
	mon_sync
	tt add old0 mode tap >/dev/null
	mon_sync
	kill -STOP "$MON_PID"
	for i in $(seq 0 1999); do echo "add vm$i mode tap"; done >"$BATS_TEST_TMPDIR/b"
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	tt del old0 >/dev/null
	kill -CONT "$MON_PID"
	mon_sync
	grep -qx "lost: the kernel dropped events; what changed meanwhile follows" "$MON_OUT"
	assert_contains "$(cat "$MON_OUT.err")" "the kernel dropped events (its buffer for us overflowed)"
	# Whatever was dropped, every device is told once, and old0's end.
	[ "$(events | grep -c '^created vm')" -eq 2000 ]
	[ "$(events | grep '^created vm' | sort -u | wc -l)" -eq 2000 ]
	[ "$(events | grep -c '^deleted old0$')" -eq 1 ]
}

@test "SIGINT and SIGTERM end it with status 0; so does the end of its reader" {
	mon_start monitor
	mon_stop TERM
	[ ! -s "$MON_OUT.err" ]
	mon_start monitor
	mon_stop INT
	[ ! -s "$MON_OUT.err" ]
	# The adds wait for the monitor to listen (a route netlink socket
	# of the namespace in a multicast group: no other is there).
	# head -3 ends, and so does monitor: the shell runs "echo ended"
	# only once every command of the pipeline has ended (timeout's 124
	# otherwise), and monitor's own status is kept in a file.
	local st=$BATS_TEST_TMPDIR/mon.status
	run ns timeout 20 sh -c "
		(until awk '\$2 == 0 && \$4 != \"00000000\" { f = 1 } END { exit !f }' /proc/net/netlink; do sleep 0.05; done
		 for i in 1 2 3; do '$TUNTAPCTL' add tap\$i mode tap; done) >/dev/null 2>&1 &
		{ '$TUNTAPCTL' monitor; echo \$? >'$st'; } | head -3
		echo ended
		wait"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "created tap1: tap" ]
	[ "${lines[3]}" = ended ]
	[ "$(cat "$st")" = 0 ]
}

@test "-n NETNS: the events of that namespace" {
	ns sh -c 'mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns'
	ns ip netns add ct1
	SYNC_NETNS=ct1 mon_start -n ct1 monitor
	tt add here0 mode tap >/dev/null
	tt -n ct1 add there0 mode tap >/dev/null
	tt set here0 netns ct1 >/dev/null
	SYNC_NETNS=ct1 mon_sync
	[ "$(events | awk '$1 == "created" {print $2}')" = "there0:
here0:" ]
	mon_stop
	# Moved away from here: told as moved, not deleted.
	tt add away0 mode tap >/dev/null
	mon_start monitor
	tt set away0 netns ct1 >/dev/null
	mon_sync
	[ "$(events)" = "moved away0: to another network namespace" ]
}

@test "bridge ports: the bridge's own messages about a port are not the device's" {
	ns ip link add br9 type bridge
	tt add tb1 mode tap master br9 >/dev/null
	tt add tb2 mode tap master br9 >/dev/null
	mon_start monitor
	ipmon_start
	from=$(($(events | wc -l) + 1))
	k=$(($(wc -l <"$IPMON_OUT") + 1))
	tt set tb1 nomaster >/dev/null
	both_sync
	[ "$(events "$from")" = "changed tb1: master br9 -> -" ]
	# The kernel said more: a deletion from the bridge, the device
	# living on.
	kernel_said tb1 "$k" | grep -q '^Deleted .* master br9 '
	assert_exists tb1
	from=$(($(events | wc -l) + 1))
	k=$(($(wc -l <"$IPMON_OUT") + 1))
	tt del tb1 >/dev/null
	tt del tb2 >/dev/null
	both_sync
	[ "$(events "$from")" = "deleted tb1
deleted tb2" ]
	# tb2, a port as it went, was deleted twice for ip: by the bridge
	# and as itself.
	[ "$(kernel_said tb2 "$k" | grep -c '^Deleted ')" -eq 2 ]
}

@test "del master of a bridge with 50 ports: 50 deleted and nothing else" {
	local i
	ns ip link add br9 type bridge
	for i in $(seq 1 50); do echo "add tb$i mode tap master br9"; done >"$BATS_TEST_TMPDIR/b"
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	SYNC_MASTER=br9
	mon_start monitor master br9
	ipmon_start
	k=$(($(wc -l <"$IPMON_OUT") + 1))
	tt del master br9 >/dev/null
	both_sync
	run events
	echo "$output"
	[ "${#lines[@]}" -eq 50 ]
	[ "$(echo "$output" | grep -c '^deleted tb[0-9]*$')" -eq 50 ]
	[ "$(echo "$output" | sort -u | wc -l)" -eq 50 ]
	# The kernel sent 100 deletions of these 50: the bridge's of each
	# port, and each device's own.
	[ "$(kernel_said 'tb[0-9]+' "$k" | grep -c '^Deleted ')" -eq 100 ]
	# Unfiltered the same.
	mon_stop
	for i in $(seq 1 50); do echo "add tb$i mode tap master br9"; done >"$BATS_TEST_TMPDIR/b"
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	mon_start monitor
	tt del master br9 >/dev/null
	mon_sync
	run events
	[ "${#lines[@]}" -eq 50 ]
	[ "$(echo "$output" | grep -c '^deleted tb[0-9]*$')" -eq 50 ]
}

@test "our own steps: one add is one created, with the state add left" {
	mon_start -j monitor
	ipmon_start
	k=$(($(wc -l <"$IPMON_OUT") + 1))
	tt add tap1 user nobody mtu 1400 up >/dev/null 2>&1
	both_sync
	only_created_as_shown tap1 '[.ifname, .persist, .carrier, .user_name, .mtu, .up]' \
		'["tap1",true,false,"nobody",1400,true]'
	# The kernel announced each step (five messages or more), and the
	# first while the device was not yet persistent.
	[ "$(kernel_said tap1 "$k" | wc -l)" -ge 5 ]
	mon_stop
	# In text, with the steps a batch takes in turn, in order.
	printf 'add b1 mode tap\nadd b2 mode tap up\nset b1 mtu 1400\nadd b3 mode tun\n' >"$BATS_TEST_TMPDIR/b"
	mon_start monitor
	tt -b "$BATS_TEST_TMPDIR/b" >/dev/null
	tt add b4 mode tap address random >/dev/null
	mon_sync
	[ "$(events)" = "created b1: tap
created b2: tap, up
changed b1: mtu 1500 -> 1400
created b3: tun
created b4: tap" ]
}

@test "our own steps: set-owner and persist on an up device are not a program attaching" {
	tt add tap0 mode tap up >/dev/null
	mon_start monitor
	ipmon_start
	k=$(($(wc -l <"$IPMON_OUT") + 1))
	tt set-owner tap0 user nobody >/dev/null 2>&1
	tt set-owner tap0 group nogroup >/dev/null 2>&1
	tt persist tap0 off >/dev/null
	both_sync
	run events
	echo "$output"
	[ "$output" = "changed tap0: user - -> nobody
changed tap0: group - -> nogroup
changed tap0: persist on -> off
changed tap0: down
deleted tap0" ]
	# Each of the three attached for a moment, with IFF_NO_CARRIER: the
	# kernel told no carrier (LOWER_UP) either, to anyone watching.
	[ "$(kernel_said tap0 "$k" | grep -c .)" -ge 4 ]
	[ "$(kernel_said tap0 "$k" | grep -c 'LOWER_UP')" -eq 0 ]
}

@test "a program's own device: created, attached, detached, deleted; a told attach keeps its detach through a filter" {
	mon_start monitor
	qemu_attach vm9 0 0
	mon_sync
	pid=$CLIENT_PID
	kill "$CLIENT_PID"
	wait "$CLIENT_PID" || true
	mon_sync
	run events
	echo "$output"
	[ "$output" = "created vm9: tap, vnet_hdr, one_queue
attached vm9: qemu-system-x86 (pid $pid)
detached vm9
deleted vm9" ]
	mon_stop
	# attached while it matched; detached after it no longer did.
	SYNC_ALIAS="vm sync"
	tt add tap0 mode tap user 1000 alias "vm a" up >/dev/null
	mon_start monitor alias 'vm *'
	qemu_attach tap0 1000 1000
	mon_sync
	tt set tap0 alias other >/dev/null
	kill "$CLIENT_PID"
	wait "$CLIENT_PID" || true
	tt set tap0 mtu 1400 >/dev/null
	mon_sync
	run events
	echo "$output"
	[ "$output" = "changed tap0: vnet_hdr off -> on, one_queue off -> on
attached tap0: qemu-system-x86 (pid $CLIENT_PID)
changed tap0: alias vm a -> other
detached tap0" ]
}

@test "-c: event words and device names in colour, escaped names too; none in a pipe by default, nor in -j" {
	mon_start --color=always monitor
	ns ip tuntap add $'tap\e[31mX' mode tap
	tt add tap0 mode tap addrgenmode none >/dev/null
	tt del tap0 >/dev/null
	mon_sync
	mon_stop
	esc=$'\e'
	[ "$(events)" = "${esc}[32mcreated${esc}[0m ${esc}[36mtap\\x1b[31mX${esc}[0m: tap
${esc}[32mcreated${esc}[0m ${esc}[36mtap0${esc}[0m: tap, addrgenmode none
${esc}[31mdeleted${esc}[0m ${esc}[36mtap0${esc}[0m" ]
	# A pipe, as the other tests' monitors write to: no colour.
	mon_start monitor
	tt add tap1 mode tap >/dev/null
	mon_sync
	mon_stop
	run grep -c "$esc" "$MON_OUT"
	[ "$output" = 0 ]
	mon_start --color=always -j monitor
	tt del tap1 >/dev/null
	mon_sync
	mon_stop
	run grep -c "$esc" "$MON_OUT"
	[ "$output" = 0 ]
	[ "$(events | jq -r .event)" = deleted ]
}

@test "our own steps on a down device: created with the alias and addrgenmode add set last, which the kernel does not announce while the link is down" {
	mon_start -j monitor
	tt add tap0 mode tap alias "vm one" addrgenmode none >/dev/null
	mon_sync
	only_created_as_shown tap0 '[.up, .alias, .addrgenmode]' \
		'[false,"vm one","none"]'
	mon_stop
}
