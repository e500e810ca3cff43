#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults: kernel refusals after creation, unprivileged runs, broken
# stdout, devices that vanish under our feet, and concurrent runs.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

@test "a kernel-side refusal after creation rolls the new device back" {
	ns ip link add br0 type bridge
	# The kernel, not we, refuses a multicast IPv6 interface address.
	refuses 1 "tap0: cannot add address ff02::5/64: Cannot assign requested address" \
		add tap0 mode tap user 1000 mtu 9000 addr 192.0.2.1/24 addr ff02::5/64 master br0 up
	assert_contains "$stderr" "tap0 was removed"
	# IPv6 disabled for new devices in the namespace.
	ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	refuses 1 "tun0: cannot add address 2001:db8::1/64: permission denied (ipv6: IPv6 is disabled on this device); tun0 was removed" \
		add tun0 addr 10.0.0.1/8 addr 2001:db8::1/64 up
	# A pattern name: the device the kernel named is the one removed.
	refuses 1 "vm0 was removed" add vm%d mode tap addr 2001:db8::2/64
}

@test "tun devices cannot be bridge ports: refused before creation" {
	ns ip link add br0 type bridge
	refuses 1 "tun0: cannot set master br0: tun devices cannot be bridge ports" add tun0 master br0
}

@test "every changing command, unprivileged: the CAP_NET_ADMIN message, nothing changed" {
	ns ip link add br0 type bridge
	tt add tap0 user 1000 >/dev/null
	tt add tun0 >/dev/null
	ns_unpriv_bin
	printf 'add tap7\n' >"$BATS_TEST_TMPDIR/f"
	chmod 644 "$BATS_TEST_TMPDIR/f"
	ns cp "$BATS_TEST_TMPDIR/f" /mnt/batch
	for who in "65534 65534" "1001 1001"; do
		refused_unprivileged $who add tap1 mode tap
		refused_unprivileged $who add tun1 mtu 1400 up
		refused_unprivileged $who del tap0
		refused_unprivileged $who del tap0 tun0
		refused_unprivileged $who del mode tap
		refused_unprivileged $who set tap0 mtu 1400
		refused_unprivileged $who set tap0 up
		refused_unprivileged $who set tap0 addr 192.0.2.1/24
		refused_unprivileged $who set tap0 master br0
		refused_unprivileged $who set-owner tap0 user 1001
		refused_unprivileged $who persist tap0 off
		refused_unprivileged $who tunctl -t tap2
		refused_unprivileged $who tunctl -d tap0
		refused_unprivileged $who -b /mnt/batch
		refused_unprivileged $who add --exist-ok tun0 mtu 1300
	done
	# The kernel's own rule: a device with neither user nor group may be
	# taken over by anyone who can open the clone device.
	run as_user 65534 65534 "$UTT" set-owner tun0 user 65534
	[ "$status" -eq 0 ]
	[ "$(sysfs tun0 owner)" = 65534 ]
	# Reading needs no privilege.
	run as_user 65534 65534 "$UTT" -d -j show
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq length)" -eq 2 ]
}

@test "a full or closed stdout: an error, a non-zero exit, and no device kept" {
	run --separate-stderr ns sh -c '"$1" add tap0 >/dev/full' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: cannot write the device name: No space left on device; tap0 was removed"
	assert_absent tap0
	run --separate-stderr ns sh -c '"$1" add mode tap >&-' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: cannot write the device name: Bad file descriptor; tap0 was removed"
	assert_absent tap0
	tt add tap0 >/dev/null
	for cmd in "show" "-j show" "-d show" "show -N" "help" "--help" "--version"; do
		run --separate-stderr ns sh -c "\"\$1\" $cmd >/dev/full" sh "$TUNTAPCTL"
		[ "$status" -eq 1 ] || { echo "$cmd: $status"; false; }
		assert_contains "$stderr" "write error: No space left on device"
	done
}

@test "with stderr closed, nothing is written into a device" {
	run ns sh -c '"$1" add tap0 mtu 5 2>&-; echo $?' sh "$TUNTAPCTL"
	[ "$output" = 2 ]
	assert_absent tap0
}

# vanish SYSCALL N DEV ARGS...: run tuntapctl ARGS under strace, held
# for 3 s at the entry of its N-th call of SYSCALL, and delete DEV
# while it is held there (the test fails if that could not be done).
vanish() {
	local syscall=$1 n=$2 dev=$3 trace=$BATS_TEST_TMPDIR/vanish.trace
	shift 3
	command -v strace >/dev/null || skip "strace is not installed"
	rm -f "$trace.done"
	: >"$trace"
	(
		held "$n" "$syscall" "$trace" || exit 1
		ns ip link del "$dev"
		still_held "$n" "$syscall" "$trace"
	) &
	local deleter=$!
	run --separate-stderr ns env "$UNTRACED_LSAN" strace -o "$trace" -e trace="$syscall" \
		-e inject="$syscall":delay_enter=3000000:when="$n" "$TUNTAPCTL" "$@"
	touch "$trace.done"
	wait "$deleter" || {
		echo "vanish: $dev was not deleted while call $n of $syscall was held; the trace:" >&2
		cat "$trace" >&2
		return 1
	}
}

@test "a device deleted between our lookup and our change: no such device, no crash" {
	tt add tap0 >/dev/null
	# The lookup, then the change (no del's group lock file here: no
	# dump for what killed dels left comes first).
	vanish sendmsg 2 tap0 set tap0 mtu 1400
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: cannot set mtu 1400: No such device"
	tt add tap1 >/dev/null
	vanish ioctl 1 tap1 set-owner tap1 user 1000
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap1: cannot change the owner: no such device (it was deleted meanwhile)"
	# The re-attach did not leave a device of its own behind.
	assert_absent tap1
	tt add tap2 >/dev/null
	vanish ioctl 1 tap2 persist tap2 off
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "no such device (it was deleted meanwhile)"
	assert_absent tap2
	for i in 3 4 5; do tt add tap$i >/dev/null; done
	# The dump, tap3 into the group, then tap4.
	vanish sendmsg 3 tap4 del tap3 tap4 tap5
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap4: no such device (it was deleted meanwhile)"
	assert_absent tap3
	assert_absent tap5
	tt add tap6 addr 192.0.2.1/24 >/dev/null
	# The lookup, the addresses, then the mtu.
	vanish sendmsg 3 tap6 --exist-ok add tap6 mtu 1400 addr 192.0.2.1/24
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "No such device"
}

# One worker of the concurrency test: random adds, sets and deletes on
# names n0..n49 until the deadline; one log line per command:
# "op rc names..." with, for set, the MTU, and for an add that made the
# device but lost it, "created"; stderr lines go to $1.err.
worker() {
	# Failing commands are what this measures, not a reason to stop.
	set +e
	local log=$1 end=$(($(date +%s) + $2)) rc op a b mtu
	while [ "$(date +%s)" -lt "$end" ]; do
		a=n$((RANDOM % 50))
		b=n$((RANDOM % 50))
		op=$((RANDOM % 5))
		case $op in
		0 | 1)
			tt add "$a" mode tap >/dev/null 2>"$log.one"
			rc=$?
			cat "$log.one" >>"$log.err"
			# Failed after the kernel made the device: another run
			# deleted it meanwhile, and that run counts the delete.
			if [ $rc -ne 0 ] && ! grep -q ": cannot create the device" "$log.one"; then
				echo "add $rc $a created"
			else
				echo "add $rc $a"
			fi ;;
		2)
			mtu=$((1280 + RANDOM % 200))
			tt set "$a" mtu "$mtu" 2>>"$log.err"
			echo "set $? $a $mtu" ;;
		3)
			tt del "$a" 2>>"$log.err"
			echo "del $? $a" ;;
		4)
			[ "$a" = "$b" ] && b=n50
			tt del "$a" "$b" 2>"$log.one"
			rc=$?
			cat "$log.one" >>"$log.err"
			# A name that failed is named in the errors; a status
			# other than 0 or 1 is logged as it is, for the check.
			for n in "$a" "$b"; do
				if [ $rc -gt 1 ]; then
					echo "del $rc $n"
				elif grep -q "^tuntapctl: $n: " "$log.one"; then
					echo "del 1 $n"
				else
					echo "del 0 $n"
				fi
			done ;;
		esac
	done >"$log"
}

# Every log line and error of the concurrency test about device $1.
name_log() {
	grep -H " $1\( \|$\)\|: $1: " "$BATS_TEST_TMPDIR"/w? "$BATS_TEST_TMPDIR"/w?.err >&2
}

@test "8 concurrent runs on 50 names: clear errors only, and a state the successes explain" {
	local w pids=
	for w in 1 2 3 4 5 6 7 8; do
		worker "$BATS_TEST_TMPDIR/w$w" 4 3>&- &
		pids="$pids $!"
	done
	# Only the workers: the namespace's own process runs until teardown.
	wait $pids || true
	cat "$BATS_TEST_TMPDIR"/w? >"$BATS_TEST_TMPDIR/all"
	echo "# $(wc -l <"$BATS_TEST_TMPDIR/all") commands, $(grep -c ' created$' "$BATS_TEST_TMPDIR/all") adds lost their new device to a concurrent delete" >&3
	# Exit statuses: 0 or 1 only (2 would be our mistake, >128 a crash).
	[ -z "$(awk '$2 != 0 && $2 != 1' "$BATS_TEST_TMPDIR/all")" ]
	# Every error is one of the expected, clearly worded ones.
	unexpected=$(cat "$BATS_TEST_TMPDIR"/w?.err | grep -v -E \
		-e ': n[0-9]+: cannot create the device: (it already exists as a tap device|the name is taken)' \
		-e ': n[0-9]+: no such device( \(it was deleted meanwhile\))?$' \
		-e ': n[0-9]+: cannot set mtu [0-9]+: No such device' \
		-e ': n[0-9]+: not deleted: in use by tuntapctl \(pid [0-9]+\); use --force' \
		-e ': n[0-9]+: not deleted: a program holds it open' \
		-e ': n[0-9]+: not deleted: another program changed its netdev group meanwhile' \
		-e ': n[0-9]+: not deleted here: another program removed it or took it over meanwhile' \
		-e ': n[0-9]+: cannot read the new device back: No such device' \
		-e ': n[0-9]+: cannot create the device: permission' || true)
	[ -z "$unexpected" ] || { echo "unexpected errors: $unexpected" >&2; false; }
	# Per name: creations and successful deletes alternate, so the
	# device exists only after a creation, and a creation with no
	# delete claimed after it leaves the device there.  A creation is
	# a successful add, or one that failed because the device it had
	# made was deleted by another run before it was done.  A delete may
	# be claimed twice: by a run that deleted the device by name while
	# another run was deleting it in a batch (see mark_deleted in
	# src/cmd-del.c), so deletes may outnumber what they removed.  Its
	# MTU is 1500 or one a successful set gave it.
	local n adds dels
	for i in $(seq 0 50); do
		n=n$i
		adds=$(awk -v n=$n '$1 == "add" && ($2 == 0 || $4 == "created") && $3 == n' "$BATS_TEST_TMPDIR/all" | wc -l)
		dels=$(awk -v n=$n '$1 == "del" && $2 == 0 && $3 == n' "$BATS_TEST_TMPDIR/all" | wc -l)
		if ns ip link show dev $n >/dev/null 2>&1; then
			[ "$adds" -ge 1 ] && [ $((adds - dels)) -le 1 ] || {
				echo "$n exists: $adds adds, $dels dels" >&2
				name_log "$n"
				false
			}
			mtu=$(link_json $n | jq .[0].mtu)
			[ "$mtu" = 1500 ] || awk -v n=$n -v m="$mtu" '$1 == "set" && $2 == 0 && $3 == n && $4 == m { f = 1 } END { exit !f }' "$BATS_TEST_TMPDIR/all" ||
				{ echo "$n has mtu $mtu, never set" >&2; false; }
		else
			[ $((adds - dels)) -le 0 ] || {
				echo "$n absent: $adds adds, $dels dels" >&2
				name_log "$n"
				false
			}
		fi
	done
}

# One device as the kernel has it, without its counters.
dev_state() {
	link_json "$1" | jq -S -c '.[0] | del(.stats, .stats64, .operstate)'
}

@test "del killed at every netlink request: each device is gone, or the next run that changes devices puts it back as it was" {
	command -v strace >/dev/null || skip "strace is not installed"
	make3() {
		local d
		for d in k1 k2 k3; do
			tt add "$d" mode tap user 1000 mtu 1400 >/dev/null
		done
	}
	# How many requests a del of three devices makes.
	make3
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -e trace=sendmsg \
		"$TUNTAPCTL" del k1 k2 k3
	[ "$status" -eq 0 ]
	total=$(grep -c 'sendmsg(' "$BATS_TEST_TMPDIR/trace")
	[ "$total" -ge 5 ]
	left=0
	for n in $(seq 1 "$total"); do
		make3
		for d in k1 k2 k3; do
			dev_state "$d" >"$BATS_TEST_TMPDIR/before.$d"
		done
		run ns env "$UNTRACED_LSAN" strace -f -o /dev/null -e trace=sendmsg \
			-e inject=sendmsg:signal=KILL:when=$n "$TUNTAPCTL" del k1 k2 k3
		[ "$status" -ne 0 ]
		# A show reads only: it puts nothing back, and says nothing.
		run --separate-stderr tt show
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		# The next run that changes devices puts them back, even
		# one that is about another device.
		run --separate-stderr tt add k4 mode tap
		[ "$status" -eq 0 ]
		[ -z "$stderr" ] || left=$((left + 1))
		for d in k1 k2 k3; do
			ns ip link show dev "$d" >/dev/null 2>&1 || continue
			[ "$(dev_state "$d")" = "$(cat "$BATS_TEST_TMPDIR/before.$d")" ] || {
				echo "killed at request $n: $d is not as it was:" >&2
				diff "$BATS_TEST_TMPDIR/before.$d" <(dev_state "$d") >&2
				false
			}
		done
		ns sh -c 'for d in k1 k2 k3 k4; do ip link del "$d" 2>/dev/null; done; true'
	done
	# Some kill fell between moving the devices and deleting the group.
	[ "$left" -gt 0 ]
}

# How many link dumps the netlink requests in strace's trace FILE ask for.
dumps_in() {
	grep -c 'RTM_GETLINK, nlmsg_flags=NLM_F_REQUEST[A-Z_|]*NLM_F_DUMP' "$1" || true
}

# killed_del DEV...: taps DEV... made, then left by a del of them killed
# before its last request, the group's delete: they sit in its group,
# and its lock file stays.  (A first del, traced, counts the requests.)
killed_del() {
	local d total
	for d in "$@"; do tt add "$d" mode tap >/dev/null; done
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -e trace=sendmsg \
		"$TUNTAPCTL" del "$@"
	[ "$status" -eq 0 ]
	total=$(grep -c 'sendmsg(' "$BATS_TEST_TMPDIR/trace")
	for d in "$@"; do tt add "$d" mode tap >/dev/null; done
	run ns env "$UNTRACED_LSAN" strace -f -o /dev/null -e trace=sendmsg \
		-e inject=sendmsg:signal=KILL:when=$total "$TUNTAPCTL" del "$@"
	[ "$status" -ne 0 ]
	for d in "$@"; do
		[ "$(link_json "$d" | jq '.[0].group')" != '"default"' ]
	done
}

@test "a changing run looks for a killed del's leftovers only when a group lock file says there can be some, and clears the file" {
	command -v strace >/dev/null || skip "strace is not installed"
	need_root
	prefix=$(ns sh -c 'echo "/run/tuntapctl/$(stat -L -c "%d.%i" /proc/self/ns/net).delgroup."')
	# A namespace before this one may have had its inode, and left
	# files: the first run that changes devices clears them.
	tt add k0 mode tap >/dev/null
	[ -z "$(compgen -G "$prefix*")" ]
	# No such file: an add makes no link dump at all.
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -s 200 -e trace=sendmsg \
		"$TUNTAPCTL" add k1 mode tap
	[ "$status" -eq 0 ]
	[ "$(dumps_in "$BATS_TEST_TMPDIR/trace")" -eq 0 ]
	# A del killed before its last request, the group's delete: its
	# devices sit in its group, and its lock file stays.
	tt del k1 >/dev/null
	killed_del k1 k2
	[ -n "$(compgen -G "$prefix*")" ]
	# The next changing run dumps the links once, puts both back, and
	# removes the file: the run after it dumps nothing again.
	run --separate-stderr ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -s 200 \
		-e trace=sendmsg "$TUNTAPCTL" add k3 mode tap
	[ "$status" -eq 0 ]
	[ "$(dumps_in "$BATS_TEST_TMPDIR/trace")" -eq 1 ]
	assert_contains "$stderr" "k1: note: a del that was killed had left it in netdev group"
	assert_contains "$stderr" "k2: note: a del that was killed had left it in netdev group"
	[ "$(link_json k1 | jq -r '.[0].group')" = default ]
	[ "$(link_json k2 | jq -r '.[0].group')" = default ]
	[ -z "$(compgen -G "$prefix*")" ]
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -s 200 -e trace=sendmsg \
		"$TUNTAPCTL" add k4 mode tap
	[ "$status" -eq 0 ]
	[ "$(dumps_in "$BATS_TEST_TMPDIR/trace")" -eq 0 ]
}

@test "a killed del's leftover deleted before the repair reaches it: gone, so nothing to say" {
	command -v strace >/dev/null || skip "strace is not installed"
	killed_del k1 k2
	# The next run's dump finds k1, which is deleted before the repair's
	# first request (as a del that was only finishing does).
	vanish sendmsg 2 k1 add k3 mode tap
	[ "$status" -eq 0 ]
	assert_absent k1
	run grep -c "k1:" <<<"$stderr"
	[ "$output" -eq 0 ]
	assert_contains "$stderr" "k2: note: a del that was killed had left it in netdev group"
	[ "$(link_json k2 | jq -r '.[0].group')" = default ]
}

@test "a del at work keeps its group: another run does not take its devices out" {
	command -v strace >/dev/null || skip "strace is not installed"
	for d in k1 k2 k3; do tt add "$d" mode tap >/dev/null; done
	# Hold the del before its group delete, the last request: its
	# devices sit in its group meanwhile.
	run ns env "$UNTRACED_LSAN" strace -f -o "$BATS_TEST_TMPDIR/trace" -e trace=sendmsg \
		"$TUNTAPCTL" del k1 k2 k3
	total=$(grep -c 'sendmsg(' "$BATS_TEST_TMPDIR/trace")
	for d in k1 k2 k3; do tt add "$d" mode tap >/dev/null; done
	trace=$BATS_TEST_TMPDIR/held.trace
	: >"$trace"
	ns env "$UNTRACED_LSAN" strace -f -o "$trace" -e trace=sendmsg \
		-e inject=sendmsg:delay_enter=3000000:when=$total "$TUNTAPCTL" del k1 k2 k3 3>&- &
	del=$!
	held "$total" sendmsg "$trace"
	[ "$(link_json k1 | jq -r '.[0].group')" != default ]
	run --separate-stderr tt add k4 mode tap
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# The add ran while the del was held, its devices in its group.
	still_held "$total" sendmsg "$trace"
	wait "$del"
	assert_absent k1
	assert_absent k2
	assert_absent k3
}

@test "show -d, unprivileged: a holder that cannot be seen is ?, and null in -j; no holder is - and []" {
	ns_unpriv_bin
	tt add tap0 mode tap user 1000 up >/dev/null
	tt add tap1 mode tap user 1000 up >/dev/null
	hold tap0
	settle
	run --separate-stderr as_user 1000 1000 "$UTT" -d show tap0 tap1
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk 'NR > 1 { print $1, $(NF - 1) }')" = "tap0 ?
tap1 -" ]
	run --separate-stderr as_user 1000 1000 "$UTT" -d -j show tap0 tap1
	[ "$(echo "$output" | jq -c '[.[] | .processes]')" = '[null,[]]' ]
	# Root sees the holder.
	[ "$(tt -d -j show tap0 | jq -r '.[0].processes[0].comm')" = tunhold ]
}

@test "set carrier, unprivileged, on a device root's program holds: says the privilege is missing, not that there is no holder" {
	ns_unpriv_bin
	tt add tap0 mode tap user 1000 up >/dev/null
	hold tap0
	settle
	before=$(ns_state)
	run --separate-stderr as_user 1000 1000 "$UTT" set tap0 carrier off
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tap0: cannot set carrier: permission denied (a program of another user holds the device: taking its fd needs root, or being that program's user)" ]
	[ "$(ns_state)" = "$before" ]
	# nobody, who does not even own it, is told the same.
	run --separate-stderr as_user 65534 65534 "$UTT" set tap0 carrier off
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tap0: cannot set carrier: permission denied (a program of another user holds the device: taking its fd needs root, or being that program's user)" ]
	[ "$(ns_state)" = "$before" ]
	# Root sees it, and does it.
	run tt set tap0 carrier off
	[ "$status" -eq 0 ]
	link_json tap0 | jq -e '.[0].flags | index("NO-CARRIER")'
}

@test "out of file descriptors: the netlink socket's failure names the cause, once" {
	echo show >"$BATS_TEST_TMPDIR/b"
	# fds 0-2, 3 and 4 taken, 5 for the batch file, none for netlink.
	run --separate-stderr ns prlimit --nofile=6 "$TUNTAPCTL" -b "$BATS_TEST_TMPDIR/b" 3</dev/null 4</dev/null 5>&-
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/b:1: cannot open a netlink socket: Too many open files" ]
}

@test "one voice: permission denied, whichever errno the kernel gave (EACCES opening a file, EPERM on netlink)" {
	ns_unpriv_bin
	local f=$BATS_TEST_TMPDIR/rootonly
	echo "add tap0 mode tap" >"$f"
	chmod 0600 "$f"
	chmod 0755 "$BATS_TEST_TMPDIR"
	before=$(ns_state)
	run --separate-stderr as_user 65534 65534 "$UTT" -b "$f"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: cannot open batch file $f: permission denied" ]
	tt add tap1 mode tap >/dev/null
	before=$(ns_state)
	run --separate-stderr as_user 65534 65534 "$UTT" set tap1 mtu 1400
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "permission denied"
	refute_contains "$stderr" "Operation not permitted"
	[ "$(ns_state)" = "$before" ]
}
