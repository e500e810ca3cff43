# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by every test file.  Each test that touches devices runs in a
# network namespace and mount namespace of its own, with its own sysfs:
# nothing a test does can reach the machine's interfaces.

bats_require_minimum_version 1.5.0

TUNTAPCTL=${TUNTAPCTL:-$BATS_TEST_DIRNAME/../tuntapctl}
TUNHOLD=${TUNHOLD:-$BATS_TEST_DIRNAME/tunhold}

need_root() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root (creates network namespaces and devices)"
}

# Start a process that owns a fresh net+mount namespace; every ns call
# enters it.  The namespace dies with that process in ns_teardown.  Its
# /dev/net/tun is a node of its own with Debian's (udev's) mode 0666,
# whatever the machine's is, on a private tmpfs: a test that needs
# another mode changes it there.
ns_setup() {
	need_root
	# A second call would lose the first holder's pid, and ns_teardown
	# could no longer end it: it would outlive the suite.
	if [ -n "${NS_PID:-}" ]; then
		echo "ns_setup: this test has a namespace already (pid $NS_PID)" >&2
		return 1
	fi
	local ready=$BATS_TEST_TMPDIR/ns-ready
	rm -f "$ready"
	unshare -nm --propagation private sh -c \
		'mount -t sysfs sysfs /sys && ip link set lo up &&
		mount -t tmpfs -o mode=755 tmpfs /dev/net &&
		mknod -m 666 /dev/net/tun c 10 200 &&
		touch "$1" && exec sleep infinity' \
		sh "$ready" 3>&- &
	NS_PID=$!
	wait_ready "$ready" "$NS_PID" || {
		echo "could not set up a network namespace" >&2
		return 1
	}
}

# Wait until file $1 exists, while process $2 lives (5 s at most).
wait_ready() {
	local i
	for i in $(seq 100); do
		[ -e "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

ns_teardown() {
	local pid d
	for pid in ${HOLD_PIDS:-}; do
		# A test may have stopped it (SIGSTOP) and failed: CONT first,
		# and only then (a CONT discards a pending stop, and the leak
		# checker of a sanitizer build stops the process it checks).
		[ "$(sed -n 's/.*) \(.\).*/\1/p' "/proc/$pid/stat" 2>/dev/null)" != T ] ||
			kill -CONT "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	HOLD_PIDS=
	for d in ${TMP_DIRS:-}; do
		rm -rf "$d"
	done
	TMP_DIRS=
	if [ -n "${NS_PID:-}" ]; then
		kill "$NS_PID" 2>/dev/null || true
		wait "$NS_PID" 2>/dev/null || true
		NS_PID=
	fi
}

ns() {
	nsenter -t "$NS_PID" -n -m -- "$@"
}

# ip_monitor FILE OBJECT...: "ip monitor OBJECT..." in the namespace,
# writing FILE, and ready (it has seen a change of lo's MTU, put back
# after) when this returns; MON_PID is ip itself (nsenter execs it),
# which ns_teardown ends.  OBJECT must include link.
ip_monitor() {
	local file=$1 mtu i
	shift
	mtu=$(ns cat /sys/class/net/lo/mtu)
	nsenter -t "$NS_PID" -n -m -- ip monitor "$@" >"$file" 2>&1 3>&- &
	MON_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $MON_PID"
	# Each try changes the MTU and puts it back: a change made before ip
	# listened is not announced again by setting the same value.
	for i in $(seq 200); do
		ns ip link set lo mtu 4242
		ns ip link set lo mtu "$mtu"
		grep -q '^1: lo: .* mtu 4242 ' "$file" && return 0
		kill -0 "$MON_PID" || return 1
		sleep 0.05
	done
	grep -q '^1: lo: .* mtu 4242 ' "$file"
}

# For commands run under strace: LeakSanitizer cannot work under ptrace,
# so in a sanitizer build (CI's) these runs leave leak checks to the rest.
UNTRACED_LSAN="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

tt() {
	[ -z "${FUZZ_SEEDS:-}" ] || fuzz_seed "$@"
	ns "$TUNTAPCTL" "$@"
}

# With FUZZ_SEEDS set (make fuzz-seeds), keep each command line the tests
# run, and each batch file, as a seed for the fuzz harness (its input
# format is in tests/fuzz/fuzz-args.c).  Global options are left out: the
# harness starts at the command.
fuzz_seed() {
	while [ $# -gt 0 ]; do
		case $1 in
		-b | --batch)
			[ ! -f "${2:-}" ] || { printf '\0'; cat "$2"; } | fuzz_seed_put
			shift 2 || return 0 ;;
		-n | -f | --netns | --tun-device) shift 2 || return 0 ;;
		-*) shift ;;
		*) break ;;
		esac
	done
	[ $# -eq 0 ] || { printf '\1'; printf '%s\0' "$@"; } | fuzz_seed_put
}

fuzz_seed_put() {
	local t=$FUZZ_SEEDS/tmp.$BASHPID
	cat >"$t"
	mv "$t" "$FUZZ_SEEDS/$(sha1sum <"$t" | cut -c1-16)"
}

# The namespace's devices and addresses, for before/after comparisons.
# (Counters and IPv6 duplicate address detection's "tentative" change on
# their own, with time.)
ns_state() {
	ns ip -d -j link show | jq -S 'map(del(.stats, .stats64))'
	ns ip -j addr show | jq -S 'map(.addr_info |= map(del(.tentative)))' 
}

# refuses STATUS MESSAGE ARGS...: tuntapctl ARGS, in the namespace, must
# exit with STATUS, say MESSAGE on stderr, print nothing on stdout, and
# leave the namespace's devices and addresses exactly as they were.
refuses() {
	local want=$1 msg=$2 before
	shift 2
	before=$(ns_state)
	run --separate-stderr tt "$@"
	if [ "$status" -ne "$want" ]; then
		printf 'tuntapctl %s: exit %s, expected %s\n%s\n' "$*" \
			"$status" "$want" "$stderr" >&2
		return 1
	fi
	# (|| return: callers such as "if ! refuses" turn errexit off.)
	assert_contains "$stderr" "$msg" || return 1
	[ -z "$output" ] || {
		echo "unexpected output: $output" >&2
		return 1
	}
	local after
	after=$(ns_state)
	[ "$after" = "$before" ] || {
		echo "tuntapctl $*: the namespace changed:" >&2
		diff <(echo "$before") <(echo "$after") >&2
		return 1
	}
}

# Wait until the namespace stops changing by itself (the kernel updates
# operstate and IPv6 link-local addresses some time after a link goes
# up), so that before/after comparisons see only what a command did.
settle() {
	# The kernel's link watcher may wait up to a second, and longer on a
	# loaded machine: ask for two seconds without change.
	local a b i same=0
	a=$(ns_state)
	for i in $(seq 40); do
		sleep 0.4
		b=$(ns_state)
		if [ "$a" = "$b" ]; then
			same=$((same + 1))
			[ "$same" -ge 5 ] && return 0
		else
			same=0
		fi
		a=$b
	done
	echo "the namespace did not settle" >&2
	return 1
}

# refused_unprivileged UID GID ARGS...: tuntapctl ARGS run as that user
# must fail (exit 1) with the CAP_NET_ADMIN message and change nothing.
# Needs ns_unpriv_bin.
refused_unprivileged() {
	local uid=$1 gid=$2 before
	shift 2
	before=$(ns_state)
	run --separate-stderr as_user "$uid" "$gid" "$UTT" "$@"
	if [ "$status" -ne 1 ]; then
		printf 'tuntapctl %s as %s: exit %s\n%s\n' "$*" "$uid" "$status" \
			"$stderr" >&2
		return 1
	fi
	assert_contains "$stderr" "CAP_NET_ADMIN"
	[ "$(ns_state)" = "$before" ] || {
		echo "tuntapctl $* as $uid: the namespace changed" >&2
		return 1
	}
}

# One field of a device as the kernel reports it.
link_json() {
	ns ip -d -j link show dev "$1"
}

sysfs() {
	ns cat "/sys/class/net/$1/$2"
}

# Assert that a device does or does not exist in the namespace.
assert_exists() {
	ns ip link show dev "$1" >/dev/null 2>&1 || {
		echo "expected device $1 to exist" >&2
		return 1
	}
}

assert_absent() {
	if ns ip link show dev "$1" >/dev/null 2>&1; then
		echo "expected device $1 to be absent" >&2
		return 1
	fi
}

# netns_add NAME...: namespaces for "ip netns" (and "netns NAME"), on a
# /run/netns of the test's own: nothing reaches the machine's /run/netns.
netns_add() {
	if [ -z "${NETNS_TMPFS:-}" ]; then
		ns sh -c 'mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns'
		NETNS_TMPFS=1
	fi
	local n
	for n in "$@"; do
		ns ip netns add "$n"
	done
}

# Put the programs where any user can run them.
ns_unpriv_bin() {
	ns sh -c 'mount -t tmpfs -o mode=755 tmpfs /mnt' &&
	ns cp "$TUNTAPCTL" "$TUNHOLD" /mnt/
	UTT=/mnt/tuntapctl
	UHOLD=/mnt/tunhold
}

# Run as another user inside the namespace: as_user UID GID cmd...
as_user() {
	local uid=$1 gid=$2
	shift 2
	ns setpriv --reuid "$uid" --regid "$gid" --clear-groups -- "$@"
}

# Hold a device open from a helper process: hold NAME [tunhold options]
# sets HOLD_PID.
hold() {
	local name=$1 ready=$BATS_TEST_TMPDIR/hold-$1
	shift
	rm -f "$ready"
	# nsenter execs tunhold: $! is the holder itself.
	nsenter -t "$NS_PID" -n -m -- "$TUNHOLD" -H -r "$ready" "$@" "$name" 3>&- &
	HOLD_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $HOLD_PID"
	wait_ready "$ready" "$HOLD_PID" || {
		echo "tunhold could not attach to $name" >&2
		return 1
	}
}

unhold() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# Every mode and feature flag combination, one per line:
# "MODE [pi] [vnet_hdr] [multi_queue]".
flag_combinations() {
	local mode pi vh mq
	for mode in tun tap; do
		for pi in "" pi; do
			for vh in "" vnet_hdr; do
				for mq in "" multi_queue; do
					echo "$mode $pi $vh $mq"
				done
			done
		done
	done
}

# Fail with a readable message unless $1 contains $2.
assert_contains() {
	case $1 in
	*"$2"*) return 0 ;;
	esac
	printf 'expected to find: %s\nin: %s\n' "$2" "$1" >&2
	return 1
}

refute_contains() {
	case $1 in
	*"$2"*)
		printf 'did not expect: %s\nin: %s\n' "$2" "$1" >&2
		return 1
		;;
	esac
	return 0
}

# Fail unless the output has exactly N lines.
assert_lines() {
	local n
	n=$(printf '%s' "$1" | grep -c '') || true
	[ "$n" -eq "$2" ] || {
		printf 'expected %s line(s), got %s: %s\n' "$2" "$n" "$1" >&2
		return 1
	}
}

# A run held by strace (-e inject=SYSCALL:delay_enter=US:when=N, or
# delay_exit), traced into TRACE (-o TRACE -e trace=SYSCALL, -f or
# not): strace writes a call's line at its entry and ends it with the
# result, so the trace tells where the run is.
# held N SYSCALL TRACE: wait until the run strace traces into TRACE is
# held at the entry of its N-th call of SYSCALL (the call's line is
# begun); 1 if the run ended first, or TRACE.done appeared (the caller
# saw strace end).
held() {
	local n=$1 sc=$2 trace=$3
	until [ "$(grep -cE "^([0-9]+ +)?$sc\(" "$trace")" -ge "$n" ]; do
		grep -q '^\([0-9]* *\)\?+++ ' "$trace" && return 1
		[ ! -e "$trace.done" ] || return 1
		sleep 0.02
	done
}

# still_held N SYSCALL TRACE: the N-th call has not returned yet (a
# hold at its entry, delay_enter, is not over).
still_held() {
	local n=$1 sc=$2 trace=$3
	[ "$(grep -cE "^([0-9]+ +)?($sc\(|<\.\.\. $sc resumed>).* = " "$trace")" -lt "$n" ]
}

# gone_past N SYSCALL TRACE: the run went on after its N-th call of
# SYSCALL (a later one began, or it ended): a hold at the call's exit,
# delay_exit, is over.
gone_past() {
	[ "$(grep -cE "^([0-9]+ +)?$2\(" "$3")" -gt "$1" ] || grep -q '^\([0-9]* *\)\?+++ ' "$3"
}

# wait_attached PID NAME READY: wait until process PID has a tun fd
# attached to device NAME and the command READY says it is past its
# start (QEMU attaches before it checks the rest of its command line);
# 1 if PID ended first.  Two minutes at most, for a hung client.
wait_attached() {
	local pid=$1 name=$2 ready=$3 i
	for i in $(seq 2400); do
		kill -0 "$pid" 2>/dev/null || return 1
		if grep -qsx "iff:	$name" /proc/"$pid"/fdinfo/* && $ready; then
			# Ready, and not ended on the way.
			kill -0 "$pid" 2>/dev/null
			return
		fi
		sleep 0.05
	done
	return 1
}

# Real clients, run as their users run them: unprivileged, as the
# device's owner, in the test's namespace.  Each sets CLIENT_PID (the
# client itself: nsenter and setpriv exec it) and is stopped by
# ns_teardown or by unhold.

# client NAME UID GID LOG READY CMD...: start CMD as UID:GID, its output
# to LOG, and wait until it has attached to NAME and READY (a command)
# says it has started.
client() {
	local name=$1 uid=$2 gid=$3 log=$4 ready=$5
	shift 5
	nsenter -t "$NS_PID" -n -m -- setpriv --reuid "$uid" --regid "$gid" \
		--clear-groups -- "$@" >>"$log" 2>&1 3>&- &
	CLIENT_PID=$!
	HOLD_PIDS="${HOLD_PIDS:-} $CLIENT_PID"
	wait_attached "$CLIENT_PID" "$name" "$ready" || {
		echo "$1 could not attach to $name:" >&2
		cat "$log" >&2
		return 1
	}
}

# client_dir UID GID: a directory of its own for a client, where the
# user can write (in CLIENT_DIR; removed at teardown).
client_dir() {
	CLIENT_DIR=$(mktemp -d /tmp/tuntapctl-client.XXXXXX)
	TMP_DIRS="${TMP_DIRS:-} $CLIENT_DIR"
	chown "$1:$2" "$CLIENT_DIR"
}

# qmp_greets SOCKET: QEMU's QMP monitor at SOCKET greets a client, which
# it does from its main loop, once every backend has started; 1 if QEMU
# closed it (it ended) or is not listening yet.
qmp_greets() {
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
try:
    s.connect(sys.argv[1])
    sys.exit(0 if b"QMP" in s.recv(4096) else 1)
except OSError:
    sys.exit(1)' "$1"
}

# QEMU with its tap backend on device NAME (QEMU asks for vnet_hdr by
# default): qemu_attach NAME UID GID [,netdev options].  Ready when its
# QMP monitor greets.
qemu_attach() {
	command -v qemu-system-x86_64 >/dev/null ||
		skip "qemu-system-x86 is not installed"
	client_dir "$2" "$3"
	client "$1" "$2" "$3" "$BATS_TEST_TMPDIR/qemu.log" \
		"qmp_greets $CLIENT_DIR/qmp" \
		qemu-system-x86_64 -machine none -nodefaults -display none \
		-qmp "unix:$CLIENT_DIR/qmp,server=on,wait=off" \
		-netdev "tap,id=n0,ifname=$1,script=no,downscript=no${4:-}"
}

# tincd, a VPN daemon that asks for the packet information header (pi)
# on a tun device: tinc_attach NAME UID GID.  Ready when it logs
# "Ready", its network set up.
tinc_attach() {
	local name=$1 uid=$2 gid=$3 d
	command -v tincd >/dev/null || skip "tinc is not installed"
	client_dir "$uid" "$gid"
	d=$CLIENT_DIR
	mkdir -p "$d/hosts"
	printf 'Name = t1\nInterface = %s\nDeviceType = tun\nMode = router\nPort = 16555\n' \
		"$name" >"$d/tinc.conf"
	echo 'Subnet = 10.7.0.1/32' >"$d/hosts/t1"
	echo | tincd -c "$d" -K >/dev/null 2>&1
	chown -R "$uid:$gid" "$d"
	client "$name" "$uid" "$gid" "$BATS_TEST_TMPDIR/tinc.log" \
		"grep -qs Ready $d/log" \
		tincd -c "$d" -D -d1 --pidfile="$d/pid" --logfile="$d/log"
}

# tuntapctl for tests of the parser, which makes no system call: as
# root in an empty network namespace of its own, so that not even a bug
# could reach the machine's devices; as any other user as it is (it
# could not change them).
pt() {
	if [ "$(id -u)" -eq 0 ]; then
		unshare -n "$TUNTAPCTL" "$@"
	else
		"$TUNTAPCTL" "$@"
	fi
}

# usage_error MESSAGE ARGS...: tuntapctl ARGS is a usage error: exit 2,
# MESSAGE on stderr with the hint to --help, nothing on stdout.
usage_error() {
	local msg=$1
	shift
	run --separate-stderr pt "$@"
	if [ "$status" -ne 2 ]; then
		printf 'tuntapctl %s: exit %s, expected 2\n%s\n' "$*" "$status" "$stderr" >&2
		return 1
	fi
	assert_contains "$stderr" "$msg"
	assert_contains "$stderr" "--help' for more information."
	[ -z "$output" ] || {
		echo "unexpected output: $output" >&2
		return 1
	}
}
