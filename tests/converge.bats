#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot files that stay true after real clients used their devices:
# --exist-ok re-runs while QEMU or tincd hold them and after they exit,
# name patterns, and concurrent runs of one file.

load helpers

setup() {
	ns_setup
	BOOT=$BATS_TEST_TMPDIR/boot.conf
}

teardown() {
	ns_teardown
}

# What the kernel says of a device, one line: type, pi, vnet_hdr,
# multi_queue, persist, owner, group, mtu, state and global addresses.
dev_state() {
	local tun addrs
	tun=$(link_json "$1" | jq -r '.[0] | [.linkinfo.info_data.type,
		"pi=\(.linkinfo.info_data.pi)", "vnet_hdr=\(.linkinfo.info_data.vnet_hdr)",
		"mq=\(.linkinfo.info_data.multi_queue)", "persist=\(.linkinfo.info_data.persist)",
		"mtu=\(.mtu)", (if (.flags | index("UP")) then "up" else "down" end)] | join(" ")')
	addrs=$(ns ip -j addr show dev "$1" |
		jq -r '[.[0].addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"] | sort | join(",")')
	echo "$tun owner=$(sysfs "$1" owner) group=$(sysfs "$1" group) $addrs"
}

@test "QEMU as the owner: the boot file re-run while it runs (vnet_hdr kept, the rest converged) and after it exits" {
	echo "add tap0 mode tap user 1000 group 1000 mtu 9000 addr 192.0.2.1/24 up" >"$BOOT"
	run tt --exist-ok -b "$BOOT"
	[ "$status" -eq 0 ]
	want=$(dev_state tap0)
	[ "$want" = "tap pi=false vnet_hdr=false mq=false persist=true mtu=9000 up owner=1000 group=1000 192.0.2.1/24" ]
	qemu_attach tap0 1000 1000
	qemu=$CLIENT_PID
	[ "$(dev_state tap0)" = "${want/vnet_hdr=false/vnet_hdr=true}" ]
	# Drift while it runs: the MTU and an address.
	ns ip link set tap0 mtu 1500
	ns ip addr del 192.0.2.1/24 dev tap0
	for run in 1 2; do
		run --separate-stderr tt --exist-ok -b "$BOOT"
		[ "$status" -eq 0 ]
		[ "$output" = tap0 ]
		[ "$stderr" = "tuntapctl: $BOOT:1: tap0: note: keeps vnet_hdr on, one_queue on, as qemu-system-x86 (pid $qemu) set them on attaching (the line asks for vnet_hdr off, one_queue off); a run while no program holds the device converges them" ]
		[ "$(dev_state tap0)" = "${want/vnet_hdr=false/vnet_hdr=true}" ]
	done
	# QEMU never lost its device.
	kill -0 "$qemu"
	grep -qsx "iff:	tap0" /proc/"$qemu"/fdinfo/*
	unhold "$qemu"
	run --separate-stderr tt --exist-ok -b "$BOOT"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(dev_state tap0)" = "$want" ]
	# A run that changes nothing does not attach (no carrier blip).
	changes=$(sysfs tap0 carrier_changes)
	run tt --exist-ok -b "$BOOT"
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 carrier_changes)" = "$changes" ]
}

@test "tincd asks for pi on a tun device: kept while it runs, converged after it exits" {
	echo "add tun0 mode tun user 1000 group 1000 mtu 1400 addr 10.7.0.1/24 up" >"$BOOT"
	tt --exist-ok -b "$BOOT" >/dev/null
	want=$(dev_state tun0)
	tinc_attach tun0 1000 1000
	tinc=$CLIENT_PID
	[ "$(dev_state tun0)" = "${want/pi=false/pi=true}" ]
	ns ip link set tun0 mtu 1300
	run --separate-stderr tt --exist-ok -b "$BOOT"
	[ "$status" -eq 0 ]
	[ "$stderr" = "tuntapctl: $BOOT:1: tun0: note: keeps pi on, as tincd (pid $tinc) set it on attaching (the line asks for pi off); a run while no program holds the device converges it" ]
	[ "$(dev_state tun0)" = "${want/pi=false/pi=true}" ]
	unhold "$tinc"
	run --separate-stderr tt --exist-ok -b "$BOOT"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(dev_state tun0)" = "$want" ]
}

@test "a held single-queue device cannot change owner: the error names QEMU, the rest is converged" {
	tt add tap0 mode tap user 1000 mtu 9000 >/dev/null
	qemu_attach tap0 1000 1000
	qemu=$CLIENT_PID
	ns ip link set tap0 mtu 1500
	run --separate-stderr tt add --exist-ok tap0 mode tap vnet_hdr one_queue user 1001 mtu 9000
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tap0: cannot change the owner: qemu-system-x86 (pid $qemu) holds the device, and a held device takes no second attach; everything else was converged (stop it and run again)" ]
	[ -z "$output" ]
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(link_json tap0 | jq '.[0].mtu')" = 9000 ]
	kill -0 "$qemu"
	unhold "$qemu"
	run tt add --exist-ok tap0 mode tap vnet_hdr user 1001 mtu 9000
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 1001 ]
}

@test "a held multi_queue device takes one more queue: owner converged, the holder's flags kept" {
	tt add tap0 mode tap multi_queue user 1000 >/dev/null
	qemu_attach tap0 1000 1000 ,queues=2
	qemu=$CLIENT_PID
	[ "$(link_json tap0 | jq '.[0].linkinfo.info_data.vnet_hdr')" = true ]
	run --separate-stderr tt add --exist-ok tap0 mode tap multi_queue user 1001 group 1001
	[ "$status" -eq 0 ]
	assert_contains "$stderr" "tap0: note: keeps vnet_hdr on, one_queue on, as qemu-system-x86 (pid $qemu) set them"
	[ "$(sysfs tap0 owner)" = 1001 ]
	[ "$(sysfs tap0 group)" = 1001 ]
	[ "$(link_json tap0 | jq '.[0].linkinfo.info_data.vnet_hdr')" = true ]
	# QEMU still holds both its queues, and ours is gone.
	[ "$(grep -lsx "iff:	tap0" /proc/"$qemu"/fdinfo/* | wc -l)" -eq 2 ]
	[ "$(link_json tap0 | jq '.[0].linkinfo.info_data.numqueues // 2')" -eq 2 ]
}

@test "--exist-ok refuses a pattern or a missing name, in a file and on the command line" {
	printf 'add vm%%d mode tap\nadd tap0 mode tap\nadd mode tun\n' >"$BOOT"
	before=$(ns_state)
	run --separate-stderr tt --exist-ok -k -b "$BOOT"
	[ "$status" -eq 1 ]
	[ "$output" = tap0 ]
	[ "$stderr" = "tuntapctl: $BOOT:1: add: --exist-ok needs a fixed device name: the pattern 'vm%d' makes a new device on every run, which cannot be converged
tuntapctl: $BOOT:3: add: --exist-ok needs a device name: without one, every run makes a new device, which cannot be converged" ]
	[ "$(tt show -N)" = tap0 ]
	refuses 2 "add: --exist-ok needs a fixed device name: the pattern 'vm%d'" --exist-ok add vm%d mode tap
	refuses 2 "add: --exist-ok needs a fixed device name" add --exist-ok vm%d mode tap
	refuses 2 "add: --exist-ok needs a device name" add --exist-ok mode tap
}

@test "two runs of a 200-line boot file at once, repeated: both exit 0, the state is the file's" {
	# The file, and what the kernel must show for each line.
	for i in $(seq 200); do
		if [ $((i % 4)) -eq 0 ]; then
			echo "add tun$i mode tun user $((1000 + i % 5)) mtu 1400 addr 10.0.$i.1/24 up" >>"$BOOT"
			echo "tun$i tun vnet_hdr=false persist=true mtu=1400 up owner=$((1000 + i % 5)) group=-1 10.0.$i.1/24"
		else
			echo "add tap$i mode tap user $((1000 + i % 5)) group $((2000 + i % 3)) vnet_hdr mtu 9000 addr 2001:db8:$i::1/64 up" >>"$BOOT"
			echo "tap$i tap vnet_hdr=true persist=true mtu=9000 up owner=$((1000 + i % 5)) group=$((2000 + i % 3)) 2001:db8:$i::1/64"
		fi
	done | sort >"$BATS_TEST_TMPDIR/want"
	for round in 1 2 3; do
		# Rounds 1 and 3 start from nothing: both runs create.
		[ "$round" -ne 3 ] || tt del mode tap >/dev/null
		[ "$round" -ne 3 ] || tt del mode tun >/dev/null
		ns "$TUNTAPCTL" --exist-ok -b "$BOOT" >"$BATS_TEST_TMPDIR/a.out" 2>"$BATS_TEST_TMPDIR/a.err" &
		a=$!
		ns "$TUNTAPCTL" --exist-ok -b "$BOOT" >"$BATS_TEST_TMPDIR/b.out" 2>"$BATS_TEST_TMPDIR/b.err" &
		b=$!
		st=0
		wait "$a" || st=$?
		wait "$b" || st=$((st + $?))
		cat "$BATS_TEST_TMPDIR/a.err" "$BATS_TEST_TMPDIR/b.err" >&2
		[ "$st" -eq 0 ]
		[ ! -s "$BATS_TEST_TMPDIR/a.err" ]
		[ ! -s "$BATS_TEST_TMPDIR/b.err" ]
		[ "$(wc -l <"$BATS_TEST_TMPDIR/a.out")" -eq 200 ]
		[ "$(wc -l <"$BATS_TEST_TMPDIR/b.out")" -eq 200 ]
		# The kernel's state, read back independently, against the file.
		ns sh -c 'for d in /sys/class/net/tun* /sys/class/net/tap*; do
			printf "%s %s %s\n" "${d##*/}" "$(cat $d/owner)" "$(cat $d/group)"
		done' | sort >"$BATS_TEST_TMPDIR/ids"
		ns ip -d -j link show | jq -r '.[] | select(.linkinfo.info_kind == "tun") |
			"\(.ifname) \(.linkinfo.info_data.type) vnet_hdr=\(.linkinfo.info_data.vnet_hdr) persist=\(.linkinfo.info_data.persist) mtu=\(.mtu) \(if (.flags | index("UP")) then "up" else "down" end)"' |
			sort | join - "$BATS_TEST_TMPDIR/ids" | awk '{ $7 = "owner=" $7; $8 = "group=" $8; print }' |
			join - <(ns ip -j addr show | jq -r '.[] | select(.ifname != "lo") |
				"\(.ifname) \([.addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"] | join(","))"' | sort) \
			>"$BATS_TEST_TMPDIR/have"
		diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/have"
	done
}

@test "a run meeting a device another run is still creating waits for it to be made" {
	command -v strace >/dev/null || skip "strace is not installed"
	# The first run is held for 3 s just after creating tap0, before
	# setting its owner: the second run must not act on it meanwhile.
	trace=$BATS_TEST_TMPDIR/a.trace
	: >"$trace"
	ns env "$UNTRACED_LSAN" strace -o "$trace" -e trace=ioctl \
		-e inject=ioctl:delay_exit=3000000:when=1 \
		"$TUNTAPCTL" add tap0 mode tap user 1000 mtu 1400 >"$BATS_TEST_TMPDIR/a.out" 3>&- &
	a=$!
	held 1 ioctl "$trace"
	until ! still_held 1 ioctl "$trace" || gone_past 1 ioctl "$trace"; do
		sleep 0.02
	done
	# TUNSETIFF has returned (tap0 is made) and the run is still held.
	run gone_past 1 ioctl "$trace"
	[ "$status" -eq 1 ]
	assert_exists tap0
	run --separate-stderr tt add --exist-ok tap0 mode tap user 1000 mtu 1400
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	wait "$a"
	[ "$(cat "$BATS_TEST_TMPDIR/a.out")" = tap0 ]
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(link_json tap0 | jq '.[0].mtu')" = 1400 ]
}

# The lock file of device NAME in the test's namespace.
lock_path() {
	ns sh -c 'echo "/run/tuntapctl/$(stat -L -c "%d.%i" /proc/self/ns/net).dev.$1"' - "$1"
}

# locker READY FILE: hold flock on FILE (root's lock, made the way the
# program makes it) and say so by creating READY.
LOCKER='
import fcntl, os, sys, time
fd = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, b"%d\n" % os.getpid())
open(sys.argv[1], "w").close()
time.sleep(60)'

@test "the device lock: a root run holding a name is waited for, named, and freed when killed" {
	need_root
	tt add scratch0 mode tap
	tt del scratch0
	f=$(lock_path tap0)
	[ "$(stat -c '%U %a' /run/tuntapctl)" = "root 700" ]
	nsenter -t "$NS_PID" -n -m -- /usr/bin/python3 -c "$LOCKER" "$BATS_TEST_TMPDIR/r" "$f" 3>&- &
	HOLD_PIDS=$!
	wait_ready "$BATS_TEST_TMPDIR/r" "$HOLD_PIDS"
	refuses 1 "tap0: another run (pid $HOLD_PIDS) has been creating or converging this device for 10 s; nothing changed" \
		add tap0 mode tap
	# Killed while holding it: the next run takes the lock at once.
	kill -KILL "$HOLD_PIDS"
	wait "$HOLD_PIDS" || true
	[ -e "$f" ]
	run --separate-stderr tt add tap0 mode tap
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	assert_exists tap0
	# The run removed its lock as it let go.
	[ ! -e "$f" ]
}

@test "the device lock: an unprivileged user can neither take nor hold nor remove root's lock" {
	need_root
	tt add scratch0 mode tap
	tt del scratch0
	f=$(lock_path tap0)
	d=$(mktemp -d /tmp/tuntapctl-lock.XXXXXX)
	TMP_DIRS=$d
	chmod 777 "$d"
	# Every way in that a local user has: the directory, the file, the
	# abstract socket name that earlier versions used.
	squat='
import errno, os, socket, sys
got = []
for path in (sys.argv[2], os.path.dirname(sys.argv[2]) + "/x"):
    try:
        os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        got.append("opened " + path)
    except OSError as e:
        if e.errno != errno.EACCES:
            got.append("%s: %s" % (path, e))
try:
    os.listdir(os.path.dirname(sys.argv[2]))
    got.append("listed the directory")
except PermissionError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(b"\0tuntapctl/device/tap0")
open(sys.argv[1], "w").write("\n".join(got))
import time; time.sleep(60)'
	nsenter -t "$NS_PID" -n -m -- setpriv --reuid 65534 --regid 65534 \
		--clear-groups -- /usr/bin/python3 -c "$squat" "$d/u" "$f" 3>&- &
	HOLD_PIDS=$!
	wait_ready "$d/u" "$HOLD_PIDS"
	[ -z "$(cat "$d/u")" ]
	run --separate-stderr tt add tap0 mode tap
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	assert_exists tap0
}

@test "the device lock: a run with CAP_NET_ADMIN only, not root, works without root's directory" {
	need_root
	ns_unpriv_bin
	run --separate-stderr ns setpriv --reuid 65534 --regid 65534 --clear-groups \
		--inh-caps +net_admin --ambient-caps +net_admin -- "$UTT" add tap0 mode tap
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	assert_exists tap0
	[ "$(link_json tap0 | jq -r '.[0].linkinfo.info_kind')" = tun ]
}

@test "user none or group none on a device that has one: said, everything else converged, and the report lists what was done" {
	tt add tapb mode tap user 1000 group 1000 >/dev/null 2>&1
	u=$(getent passwd 1000 | cut -d: -f1)
	g=$(getent group 1000 | cut -d: -f1)
	run --separate-stderr tt -j --exist-ok add tapb mode tap user none mtu 1400
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tapb: cannot clear the user (${u:+$u(}1000${u:+)}): the kernel cannot unset a device's owner or group once set; everything else was converged (delete and re-add the device to have none)" ]
	[ "$(echo "$output" | jq -c '[.changed, .results[0].action, .results[0].changes]')" = '[true,"failed",{"mtu":{"old":1500,"new":1400}}]' ]
	[ "$(sysfs tapb owner)" = 1000 ]
	[ "$(link_json tapb | jq .[0].mtu)" = 1400 ]
	before=$(ns_state)
	run --separate-stderr tt --dry-run --exist-ok add tapb mode tap user none group none mtu 1300
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: tapb: cannot clear the user and group (${u:+$u(}1000${u:+)}, ${g:+$g(}1000${g:+)}): the kernel cannot unset a device's owner or group once set; everything else would be converged (delete and re-add the device to have none)" ]
	[ "$(ns_state)" = "$before" ]
	# Where there is none, none is what the line asks: nothing to say.
	tt add tapc mode tap >/dev/null
	run --separate-stderr tt --exist-ok add tapc mode tap user none group none
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}
