#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Text from outside, printed: every byte value through device names,
# user names and process names, in show, show -d, show -N, del's
# refusal, errors and JSON, checked by a strict "printable and
# unambiguous" checker (tests/text-check); columns aligned by width.

load helpers

CHECK=$BATS_TEST_DIRNAME/text-check

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# The byte values a device name may hold: all but NUL, and what the
# kernel refuses ('/', ':', and its whitespace, 0xa0 included; the tun
# driver takes a name with '%' for a pattern).
name_bytes() {
	local b
	for b in $(seq 1 255); do
		case $b in 9 | 10 | 11 | 12 | 13 | 32 | 37 | 47 | 58 | 160) ;; *) echo "$b" ;; esac
	done
}

# Characters of more than one byte: C1 controls, format and separator
# characters, private use, unassigned, and plain ones, wide and
# combining; and the pair a backslash once made ambiguous.
multibyte_names() {
	local i
	for i in $(seq 128 159); do printf 'c\\xc2\\x%02x\n' "$i"; done
	printf '%s\n' 'f\xe2\x80\xae' 'f\xe2\x80\x8b' 'f\xe2\x80\xa8' \
		'f\xe2\x80\xa9' 'f\xef\xbb\xbf' 'f\xee\x80\x80' 'f\xcd\xb8' \
		'pl\xc3\xa9' 'p\xe4\xb8\xad\xe6\x96\x87' 'ple\xcc\x81' \
		'a\\b' 'a\\x1bb' 'a\x1bb'
}

# Make devices with all those names (ip makes them: tuntapctl does not
# create names it would have to escape), and write their bytes in hex.
make_named_devices() {
	local b
	{
		for b in $(name_bytes); do printf 'e\\x%02x\n' "$b"; done
		multibyte_names
	} >"$BATS_TEST_TMPDIR/names.esc"
	ns bash -c 'while read -r n; do ip tuntap add "$(printf "$n")" mode tun || exit 1; done' \
		<"$BATS_TEST_TMPDIR/names.esc"
	while read -r n; do
		printf "$n" | od -An -tx1 | tr -d ' \n'
		echo
	done <"$BATS_TEST_TMPDIR/names.esc" | sort >"$BATS_TEST_TMPDIR/names.hex"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/names.hex")" -eq $(($(name_bytes | wc -l) + 45)) ]
}

# Run CHECK on file $1, showing the problem.
checked() {
	run "$CHECK" "$1"
	[ "$status" -eq 0 ] || {
		echo "$output" >&2
		return 1
	}
}

@test "device names with every byte: show, show -N, errors and JSON are printable and name each device unambiguously" {
	make_named_devices
	tt show >"$BATS_TEST_TMPDIR/show"
	checked "$BATS_TEST_TMPDIR/show"
	# The first column reads back to exactly the names made.
	sed 1d "$BATS_TEST_TMPDIR/show" | cut -d' ' -f1 | "$CHECK" --unescape | sort >"$BATS_TEST_TMPDIR/shown.hex"
	diff "$BATS_TEST_TMPDIR/names.hex" "$BATS_TEST_TMPDIR/shown.hex"
	tt show -N >"$BATS_TEST_TMPDIR/names"
	checked "$BATS_TEST_TMPDIR/names"
	"$CHECK" --unescape <"$BATS_TEST_TMPDIR/names" | sort >"$BATS_TEST_TMPDIR/listed.hex"
	diff "$BATS_TEST_TMPDIR/names.hex" "$BATS_TEST_TMPDIR/listed.hex"
	# Errors name the device: one batch of lines that all fail.
	# Each name's own bytes, in single quotes (a quote as '\''): a
	# printed name may also be some other device's literal name.
	local n raw q="'"
	while read -r n; do
		raw=$(printf "$n")
		printf "set '%s' carrier on\n" "${raw//$q/$q\\$q$q}"
	done <"$BATS_TEST_TMPDIR/names.esc" >"$BATS_TEST_TMPDIR/batch"
	run --separate-stderr tt -k -b "$BATS_TEST_TMPDIR/batch"
	[ "$status" -eq 1 ]
	printf '%s\n' "$stderr" >"$BATS_TEST_TMPDIR/errors"
	checked "$BATS_TEST_TMPDIR/errors"
	[ "$(grep -c 'cannot set carrier' "$BATS_TEST_TMPDIR/errors")" -eq "$(wc -l <"$BATS_TEST_TMPDIR/names.hex")" ]
	sed -n 's/^tuntapctl: [^ ]*:[0-9]*: \([^ ]*\): cannot set carrier.*/\1/p' "$BATS_TEST_TMPDIR/errors" |
		"$CHECK" --unescape | sort >"$BATS_TEST_TMPDIR/errors.hex"
	diff "$BATS_TEST_TMPDIR/names.hex" "$BATS_TEST_TMPDIR/errors.hex"
	# JSON: exact for UTF-8 names, the escaped form and a flag for the
	# others; either way it reads back to the name.
	tt -j show >"$BATS_TEST_TMPDIR/json"
	python3 -c '
import json, re, sys
def unescape(s):
    return re.sub(rb"\\(\\|x[0-9a-f]{2})", lambda m: b"\\" if m.group(1) == b"\\" else bytes([int(m.group(1)[1:], 16)]), s.encode())
for d in json.load(open(sys.argv[1])):
    name = unescape(d["ifname"]) if d.get("ifname_escaped") else d["ifname"].encode()
    if not d.get("ifname_escaped"):
        name.decode("utf-8")
    print(name.hex())' "$BATS_TEST_TMPDIR/json" | sort >"$BATS_TEST_TMPDIR/json.hex"
	diff "$BATS_TEST_TMPDIR/names.hex" "$BATS_TEST_TMPDIR/json.hex"
	# The flag exactly where needed: the 127 single bytes 0x80-0xff
	# (0xa0 aside), which are not UTF-8.
	[ "$(jq '[.[] | select(.ifname_escaped)] | length' "$BATS_TEST_TMPDIR/json")" -eq 127 ]
}

@test "tuntapctl does not create a name it would have to escape" {
	refuses 2 "device name 'a\\xc2\\x9bb' must not contain control characters" add $'a\xc2\x9bb' mode tap
	refuses 2 "device name 'a\\xe2\\x80\\xaeb' must not contain invisible or unassigned characters" add $'a\xe2\x80\xaeb' mode tap
	refuses 2 "device name 'a\\xffb' is not valid UTF-8" add $'a\xffb' mode tap
	refuses 2 "device name 'x\\xc3' is not valid UTF-8" tunctl -t $'x\xc3'
	# Plain text of any script is fine, and a backslash too.
	run tt add 'p中文' mode tap
	[ "$status" -eq 0 ]
	[ "$output" = 'p中文' ]
	run tt add 'a\b' mode tap
	[ "$output" = 'a\\b' ]
	assert_exists 'a\b'
}

# One byte per value in 1-255, 15 to a process name (the kernel keeps 15).
comm_chunks() {
	local b chunk='' n=0
	for b in $(seq 1 255); do
		chunk+=$(printf '\\x%02x' "$b")
		n=$((n + 1))
		if [ "$n" -eq 15 ]; then
			echo "$chunk"
			chunk='' n=0
		fi
	done
	[ -z "$chunk" ] || echo "$chunk"
}

@test "process names with every byte (an unprivileged holder's prctl): show -d, JSON and del's refusal" {
	ns_unpriv_bin
	local i=0 chunk d
	# Where the unprivileged holders can say they are ready.
	d=$(mktemp -d /tmp/tuntapctl-comm.XXXXXX)
	TMP_DIRS=$d
	chmod 777 "$d"
	while read -r chunk; do
		tt add "p$i" mode tap user 1000 >/dev/null
		nsenter -t "$NS_PID" -n -m -- setpriv --reuid 1000 --regid 1000 --clear-groups -- \
			"$UHOLD" -H -r "$d/held$i" -N "$chunk" "p$i" 3>&- &
		HOLD_PIDS="${HOLD_PIDS:-} $!"
		wait_ready "$d/held$i" $!
		printf "$chunk" | od -An -tx1 | tr -d ' \n' >"$BATS_TEST_TMPDIR/comm$i.hex"
		i=$((i + 1))
	done < <(comm_chunks)
	[ "$i" -eq 17 ]
	tt -d show >"$BATS_TEST_TMPDIR/show"
	checked "$BATS_TEST_TMPDIR/show"
	run --separate-stderr tt del p0 p5 p16
	[ "$status" -eq 1 ]
	printf '%s\n' "$stderr" >"$BATS_TEST_TMPDIR/refusals"
	checked "$BATS_TEST_TMPDIR/refusals"
	[ "$(grep -c 'not deleted: in use by' "$BATS_TEST_TMPDIR/refusals")" -eq 3 ]
	tt -j -d show >"$BATS_TEST_TMPDIR/json"
	for i in $(seq 0 16); do
		# PROCESSES is the column before ALIAS (here "-"): "COMM(PID)".
		grep "^p$i " "$BATS_TEST_TMPDIR/show" |
			sed 's/  *-$//; s/.*  \(.*\)([0-9]*)$/\1/' |
			"$CHECK" --unescape >"$BATS_TEST_TMPDIR/shown"
		[ "$(cat "$BATS_TEST_TMPDIR/shown")" = "$(cat "$BATS_TEST_TMPDIR/comm$i.hex")" ]
		python3 -c '
import json, re, sys
def unescape(s):
    return re.sub(rb"\\(\\|x[0-9a-f]{2})", lambda m: b"\\" if m.group(1) == b"\\" else bytes([int(m.group(1)[1:], 16)]), s.encode())
d = [d for d in json.load(open(sys.argv[1])) if d["ifname"] == sys.argv[2]][0]["processes"][0]
print((unescape(d["comm"]) if d.get("comm_escaped") else d["comm"].encode()).hex())' \
			"$BATS_TEST_TMPDIR/json" "p$i" >"$BATS_TEST_TMPDIR/json.hex"
		[ "$(cat "$BATS_TEST_TMPDIR/json.hex")" = "$(cat "$BATS_TEST_TMPDIR/comm$i.hex")" ]
	done
}

@test "user and group names with every byte the system's files can hold" {
	local b
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	cp /etc/group "$BATS_TEST_TMPDIR/group"
	: >"$BATS_TEST_TMPDIR/users.hex"
	for b in $(seq 1 255); do
		# ':' separates fields and a newline ends the entry.
		case $b in 10 | 58) continue ;; esac
		printf "u\\x$(printf %02x "$b"):x:$((5000 + b)):$((5000 + b))::/:/bin/false\n" >>"$BATS_TEST_TMPDIR/passwd"
		printf "g\\x$(printf %02x "$b"):x:$((5000 + b)):\n" >>"$BATS_TEST_TMPDIR/group"
		echo "add o$b mode tap user $((5000 + b)) group $((5000 + b))"
		printf '75%02x\n' "$b" >>"$BATS_TEST_TMPDIR/users.hex"
	done >"$BATS_TEST_TMPDIR/batch"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
	ns mount --bind "$BATS_TEST_TMPDIR/group" /etc/group
	tt -b "$BATS_TEST_TMPDIR/batch" >/dev/null
	tt show >"$BATS_TEST_TMPDIR/show"
	checked "$BATS_TEST_TMPDIR/show"
	# USER, the fourth column, is "NAME(UID)": the names read back
	# exactly.  (Columns are two spaces apart; a name here holds at
	# most one.)
	sed 1d "$BATS_TEST_TMPDIR/show" | sed -E 's/ {2,}/\t/g' | cut -f4 | sed 's/([0-9]*)$//' |
		"$CHECK" --unescape | sort >"$BATS_TEST_TMPDIR/shown.hex"
	diff <(sort "$BATS_TEST_TMPDIR/users.hex") "$BATS_TEST_TMPDIR/shown.hex"
	tt -j show >"$BATS_TEST_TMPDIR/json"
	jq -e 'all(.[]; (.user_name | startswith("u")) and (.group_name | startswith("g")))' "$BATS_TEST_TMPDIR/json"
	[ "$(jq '[.[] | select(.user_name_escaped)] | length' "$BATS_TEST_TMPDIR/json")" -eq 128 ]
}

@test "columns are aligned by width on a terminal, not by bytes" {
	ns ip tuntap add 'w中文' mode tap
	ns ip tuntap add 'wé' mode tap
	ns ip tuntap add $'we\xcc\x81x' mode tap
	ns ip tuntap add $'w\x1b' mode tap
	ns ip tuntap add 'wabcdef' mode tap
	run tt show
	[ "$status" -eq 0 ]
	# The width of the name column, separator included, on every line.
	run sh -c 'printf "%s\n" "$1" | sed "s/^\([^ ]*  *\).*/\1/" | "$2" --width | sort -u' sh "$output" "$CHECK"
	[ "$(echo "$output" | wc -l)" -eq 1 ]
	[ "$output" -eq 9 ]
}

@test "a name as show prints it can be typed back: del, set, show, set-owner, batch, tunctl -d" {
	ns ip tuntap add 'lit\x41' mode tap
	ns ip tuntap add 'litA' mode tap
	# What decodes to no valid name, or to no device, is no such device
	# (before the names with control characters exist: ip -j, which
	# refuses reads, prints them as no JSON can hold).
	refuses 1 "tuntapctl: x\\\\x2fy: no such device" del 'x\x2fy'
	refuses 1 "tuntapctl: nope\\\\x41: no such device" del 'nope\x41'
	refuses 1 "tuntapctl: tap\\\\x00: no such device" del 'tap\x00'
	ns ip tuntap add $'tap\e[31mX' mode tap
	ns ip tuntap add $'t\x01\x02\x03\x04' mode tun
	ns ip link add $'br\e' type bridge
	run tt show -N
	[ "$status" -eq 0 ]
	assert_contains "$output" 'tap\x1b[31mX'
	# show, by the printed name.
	run tt show 'tap\x1b[31mX'
	[ "$status" -eq 0 ]
	assert_lines "$output" 2
	[ "$(echo "$output" | sed -n 2p | cut -d' ' -f1)" = 'tap\x1b[31mX' ]
	# set, and the kernel has it.
	run tt set 'tap\x1b[31mX' mtu 1400 master 'br\x1b'
	[ "$status" -eq 0 ]
	[ "$(ns cat /sys/class/net/$'tap\e[31mX'/mtu)" = 1400 ]
	[ "$(ns readlink /sys/class/net/$'tap\e[31mX'/master)" = ../$'br\e' ]
	run tt set-owner 'tap\x1b[31mX' user 0
	[ "$status" -eq 0 ]
	[ "$(ns cat /sys/class/net/$'tap\e[31mX'/owner)" = 0 ]
	# An escaped name longer than the kernel's 15 bytes, whose bytes fit.
	run tt show -N 't\x01\x02\x03\x04'
	[ "$status" -eq 0 ]
	[ "$output" = 't\x01\x02\x03\x04' ]
	# A literal name that exists wins over its decoding.
	run tt show -N 'lit\x41'
	[ "$output" = 'lit\\x41' ]
	run tt show -N 'lit\\x41'
	[ "$output" = 'lit\\x41' ]
	# A batch line and tunctl -d.
	printf "set 't\\x01\\x02\\x03\\x04' mtu 1300\n" >"$BATS_TEST_TMPDIR/batch"
	run tt -b "$BATS_TEST_TMPDIR/batch"
	[ "$status" -eq 0 ]
	[ "$(ns cat /sys/class/net/$'t\x01\x02\x03\x04'/mtu)" = 1300 ]
	run tt tunctl -d 't\x01\x02\x03\x04'
	[ "$status" -eq 0 ]
	assert_absent $'t\x01\x02\x03\x04'
	# del.
	run tt del 'tap\x1b[31mX'
	[ "$status" -eq 0 ]
	assert_absent $'tap\e[31mX'
	assert_exists 'lit\x41'
	assert_exists 'litA'
}
