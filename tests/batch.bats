#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot scripts: batch files, --exist-ok, -n NETNS.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# Devices and addresses, without what the kernel changes by itself:
# operstate, bridge port timers, and IPv6 link-local addresses (made
# when a link with carrier goes up).
snapshot() {
	ns ip -d -j link show | jq -S -c 'map(del(.stats, .stats64, .operstate, .linkinfo.info_slave_data))'
	ns ip -j addr show | jq -S -c 'map({ifname, addr_info: [.addr_info[] | select(.scope != "link") | {local, prefixlen}]})'
}

@test "a batch file of 1,000 add lines: every device as the line says" {
	for i in $(seq 1000); do
		echo "add tap$i mode tap user $((1000 + i % 7)) group $((2000 + i % 3))"
	done >"$BATS_TEST_TMPDIR/boot.conf"
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/boot.conf"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(echo "$output" | wc -l)" -eq 1000 ]
	run tt -j show
	echo "$output" | jq -e '
		length == 1000 and
		all(.[]; .type == "tap" and .persist and
			(.ifname | ltrimstr("tap") | tonumber) as $i |
			.user == 1000 + ($i % 7) and .group == 2000 + ($i % 3))'
	# Independently, from sysfs.
	[ "$(sysfs tap500 owner)" = $((1000 + 500 % 7)) ]
	[ "$(sysfs tap500 group)" = $((2000 + 500 % 3)) ]
}

@test "one process and one netlink socket for a whole file" {
	command -v strace >/dev/null || skip "strace is not installed"
	for i in $(seq 50); do
		echo "add tap$i mode tap mtu 1400 addr 10.0.$i.1/24 up"
	done >"$BATS_TEST_TMPDIR/f"
	run ns env "$UNTRACED_LSAN" strace -f -e trace=socket,execve -o "$BATS_TEST_TMPDIR/trace" \
		"$TUNTAPCTL" -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'socket(AF_NETLINK' "$BATS_TEST_TMPDIR/trace")" -eq 1 ]
	[ "$(grep -c 'execve(' "$BATS_TEST_TMPDIR/trace")" -eq 1 ]
	[ "$(tt show -N | wc -l)" -eq 50 ]
}

@test "comments, blank lines and blanks between words" {
	printf '# devices\n\n   \nadd tap0   mode\ttap  user 1000 # the first\n\t# indented comment\nadd tun0\n' \
		>"$BATS_TEST_TMPDIR/f"
	run tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$output" = "tap0
tun0" ]
	[ "$(sysfs tap0 owner)" = 1000 ]
}

# alias_of NAME: the device's alias as the kernel has it, exact (JSON).
alias_of() {
	ns ip -j link show dev "$1" | jq -c '.[0].ifalias'
}

@test "quoting as a shell splits words: '...', \"...\", backslashes, parts next to each other" {
	# The man page's alias, and every rule of BATCH FILES.
	cat >"$BATS_TEST_TMPDIR/f" <<-'EOF'
	add tap0 mode tap alias 'vm web-1 uplink'
	add tap1 mode tap alias "say \"hi\" \\ and \' and \x"
	add tap2 mode tap alias ab'c d'"e"\ f\#g#h\'i # a comment
	add tap3 mode tap alias 'a "double" and \ back'
	add 'tap4' "mode" tap alias ''
	add tap5 mode tap alias "#not a comment"
	add tap6 mode tap alias \#
	EOF
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(alias_of tap0)" = '"vm web-1 uplink"' ]
	[ "$(alias_of tap1)" = '"say \"hi\" \\ and '"'"' and x"' ]
	[ "$(alias_of tap2)" = "\"abc de f#g#h'i\"" ]
	[ "$(alias_of tap3)" = '"a \"double\" and \\ back"' ]
	[ "$(alias_of tap4)" = null ]
	[ "$(alias_of tap5)" = '"#not a comment"' ]
	[ "$(alias_of tap6)" = '"#"' ]
}

# ifalias_is DEV BYTES: the device's alias, read from sysfs, is BYTES.
ifalias_is() {
	printf '%s\n' "$2" >"$BATS_TEST_TMPDIR/want"
	ns cat "/sys/class/net/$1/ifalias" >"$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "\$'...' spells bytes as bash does; only words so spelled give names and aliases that printing escapes" {
	local f=$BATS_TEST_TMPDIR/f
	# The same bytes given raw, on the command line or in a file, are
	# refused: a stray byte makes no device; so is a raw alias beside a
	# spelled name.  (First: ip -j, which refuses compares the
	# namespace's state with, writes control bytes raw.)
	refuses 2 "device name 'a\\x01b' must not contain control characters" add $'a\x01b' mode tap
	printf 'add a\001b mode tap\n' >"$f"
	refuses 2 "f:1: add: device name 'a\\x01b' must not contain control characters" -b "$f"
	printf "add \$'b\\\\x01' mode tap alias 'raw\001'\n" >"$f"
	refuses 2 "f:1: add: alias 'raw\\x01' must not contain control characters" -b "$f"
	# A spelled NUL, and a $' left open.
	printf "add tap9 mode tap alias \$'a\\\\x00b'\n" >"$f"
	refuses 1 "f:1: a \$'...' word spells a NUL byte, which no name or value can hold" -b "$f"
	printf "add tap9 mode tap \\\\\n alias \$'ab\n" >"$f"
	refuses 1 "f:1: the \$' opened on line 2 is not closed before the end of the file" -b "$f"
	# A $ before anything but a quote is a $.
	printf 'add tap8 mode tap alias a$b$"c"\n' >"$f"
	run tt -b "$f"
	[ "$status" -eq 0 ]
	ifalias_is tap8 'a$b$c'
	# bash itself reads the same words: it is the reference.
	cat >"$f" <<-'EOF'
	add tap0 mode tap alias $'a\tb\x41\101\e[0m \\ \' \" \? \q \x\xff \7'
	add $'t\x01p' mode tap alias x$'\n'y
	add ta$'p\xe2\x80\x8b'2 mode tap
	EOF
	run --separate-stderr tt -b "$f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	ifalias_is tap0 $'a\tb\x41\101\e[0m \\ \' \" \? \q \x\xff \7'
	ifalias_is $'t\x01p' $'x\ny'
	assert_exists $'tap\xe2\x80\x8b2'
}

@test "a backslash at the end of a line, and newlines in quotes: one command, named by the line it began on" {
	printf '%s\n' '# first' 'add tap0 mode tap \' '    mtu 1400 \' '' 'add tap1 mode tap alias "one \' 'two" mtu 1300' \
		'add tap2 mode tap\' ' mtu 1200' 'add tap3 mode tap mtu 5\' '00 alias x' \
		"add tap4 mode tap alias 'a" "b'" >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -k -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$output" = "tap0
tap1
tap2
tap3" ]
	# A newline inside quotes is kept: the alias is refused, and the
	# message names the line where the command began.
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:11: add: alias 'a\\x0ab' must not contain control characters" ]
	[ "$(ns ip -j link show dev tap0 | jq -c '.[0].mtu')" = 1400 ]
	# The empty line after the continued one ends the command: 'add
	# tap1' begins on line 5.
	[ "$(alias_of tap1)" = '"one two"' ]
	[ "$(ns ip -j link show dev tap1 | jq -c '.[0].mtu')" = 1300 ]
	# A backslash-newline inside a word joins its parts.
	[ "$(ns ip -j link show dev tap2 | jq -c '.[0].mtu')" = 1200 ]
	[ "$(ns ip -j link show dev tap3 | jq -c '.[0].mtu')" = 500 ]
	# The change report's lines are where the commands began.
	tt del tap0 tap1 tap2 tap3
	run --separate-stderr tt -j -k -b "$BATS_TEST_TMPDIR/f"
	[ "$(echo "$output" | jq -c '[.results[] | [.line, .device, .action]]')" = \
		'[[2,"tap0","created"],[5,"tap1","created"],[7,"tap2","created"],[9,"tap3","created"],[11,null,"failed"]]' ]
}

@test "an unterminated quote is an error at the line its command began; a#b is a word" {
	printf 'add tap0 mode tap alias "it is\nadd tap1\n' >"$BATS_TEST_TMPDIR/f"
	refuses 1 "tuntapctl: $BATS_TEST_TMPDIR/f:1: the \" opened on line 1 is not closed before the end of the file" \
		-b "$BATS_TEST_TMPDIR/f"
	printf "add tap0 \\\\\n  mode tap alias x'y\n" >"$BATS_TEST_TMPDIR/f"
	refuses 1 "tuntapctl: $BATS_TEST_TMPDIR/f:1: the ' opened on line 2 is not closed before the end of the file" \
		-b "$BATS_TEST_TMPDIR/f"
	printf 'add tap0 mode tap alias a#b\n' >"$BATS_TEST_TMPDIR/f"
	run tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$(alias_of tap0)" = '"a#b"' ]
	# A backslash at the very end of the file joins nothing.
	printf 'add tap1 mode tap \\' >"$BATS_TEST_TMPDIR/f"
	run tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	assert_exists tap1
}

@test "NUL bytes and carriage returns are refused inside quotes and continued lines too" {
	printf 'add tap0 alias "a\0b"\n' >"$BATS_TEST_TMPDIR/f"
	refuses 1 "f:1: the line holds a NUL byte" -b "$BATS_TEST_TMPDIR/f"
	printf "add tap0 \\\\\n alias 'a\r\nb'\n" >"$BATS_TEST_TMPDIR/f"
	refuses 1 "f:1: the line ends with a carriage return (DOS line endings; convert the file with dos2unix)" \
		-b "$BATS_TEST_TMPDIR/f"
	printf 'add tap0 \\\r\nmode tap\n' >"$BATS_TEST_TMPDIR/f"
	refuses 1 "f:1: the line ends with a carriage return" -b "$BATS_TEST_TMPDIR/f"
}

@test "the length limit holds for a whole command, its continued lines included" {
	# 70,000 bytes in lines of 7, joined by backslashes: no line is
	# long, the command is.
	{ echo "add tap0 \\"; for i in $(seq 10000); do echo "mtu1 \\"; done; echo; echo "add tap1"; } >"$BATS_TEST_TMPDIR/f"
	refuses 1 "tuntapctl: $BATS_TEST_TMPDIR/f:1: the command (with the lines it continues on) is longer than 65536 bytes; nothing after it was read" \
		-k -b "$BATS_TEST_TMPDIR/f"
	# Inside quotes as well: an endless quoted word, in bounded memory.
	{ printf "add tap0 alias '"; head -c 100000 /dev/zero | tr '\0' '\n'; printf "'\n"; } >"$BATS_TEST_TMPDIR/f"
	refuses 1 "f:1: the command (with the lines it continues on) is longer than 65536 bytes" \
		-b "$BATS_TEST_TMPDIR/f"
}

@test "a file is checked whole first: errors on lines 2 and 4 of 5 change nothing and name both; -k runs 1, 3 and 5" {
	printf 'add tap0\nadd tap1 mtu 5\nadd tap2\nadd tap0\nadd tap3\n' >"$BATS_TEST_TMPDIR/f"
	# Line 4 is wrong only because line 1 made tap0: the check sees
	# what the lines before would have made.
	refuses 1 "tuntapctl: $BATS_TEST_TMPDIR/f:2: add: invalid mtu '5': expected a number from 68 to 65535
tuntapctl: $BATS_TEST_TMPDIR/f:4: tap0: cannot create the device: it already exists as a tap device (use --exist-ok to keep it and converge it, or delete it first)
tuntapctl: $BATS_TEST_TMPDIR/f: nothing was changed: 2 lines are wrong (with --keep-going the others run)" \
		-b "$BATS_TEST_TMPDIR/f"
	[ "$(echo "$stderr" | wc -l)" -eq 3 ]
	# The change report: the two lines, failed, and nothing changed.
	before=$(ns_state)
	run --separate-stderr tt -j -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	echo "$output" | "$BATS_TEST_DIRNAME/validate-report"
	# A line the check refused names its device, as a line that ran
	# would (a usage error names none).
	[ "$(echo "$output" | jq -c '[.changed, [.results[] | [.line, .device, .action]]]')" = '[false,[[2,null,"failed"],[4,"tap0","failed"]]]' ]
	[ "$(ns_state)" = "$before" ]
	run --separate-stderr tt --dry-run --keep-going -j -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$(echo "$output" | jq -c '[.results[] | select(.action == "failed") | [.line, .device]]')" = '[[2,null],[4,"tap0"]]' ]
	[ "$(ns_state)" = "$before" ]
	run --separate-stderr tt --keep-going -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$output" = "tap0
tap2
tap3" ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:2: add: invalid mtu '5': expected a number from 68 to 65535
tuntapctl: $BATS_TEST_TMPDIR/f:4: tap0: cannot create the device: it already exists as a tap device (use --exist-ok to keep it and converge it, or delete it first)" ]
	[ "$(ns ip -j link show | jq -r '[.[].ifname] | sort | join(" ")')" = "lo tap0 tap2 tap3" ]
	refuses 2 "--keep-going works only with --batch" -k show
	refuses 2 "--batch reads commands from the file; 'show' is extra" -b "$BATS_TEST_TMPDIR/f" show
}

@test "tunctl lines are checked with the file: their options, owners and devices, before the first change" {
	local f=$BATS_TEST_TMPDIR/f
	printf '%s\n' 'add tap0' 'tunctl -u nosuchuser -t tap1' 'tunctl -q' 'tunctl -d nosuch' \
		'tunctl -t tap0 -n' 'tunctl -t tun5 -n -u nobody' 'tunctl -d tun5' >"$f"
	refuses 1 "f: nothing was changed: 4 lines are wrong" -b "$f"
	assert_contains "$stderr" "f:2: tap1: no such user 'nosuchuser'"
	assert_contains "$stderr" "f:3: unknown option '-q'"
	assert_contains "$stderr" "f:4: nosuch: no such device"
	# The check sees line 1's tap0, and line 6's tun5 for line 7.
	assert_contains "$stderr" "f:5: tap0: exists as 'tap', but the line asks for 'tun'"
	refute_contains "$stderr" "f:6:"
	refute_contains "$stderr" "f:7:"
	run --separate-stderr tt -j -b "$f"
	# Each names the device it would have made or deleted (line 3's
	# unknown option names none).
	[ "$(jq -c '[.results[] | [.line, .command, .device, .action]]' <<<"$output")" = \
		'[[2,"tunctl","tap1","failed"],[3,"tunctl",null,"failed"],[4,"tunctl","nosuch","failed"],[5,"tunctl","tap0","failed"]]' ]
	# The good lines alone run, tunctl's output as tunctl prints it.
	printf '%s\n' 'add tap0' 'tunctl -t tun5 -n -u nobody' 'tunctl -d tun5' 'tunctl -b -t tap1' >"$f"
	run --separate-stderr tt -b "$f"
	[ "$status" -eq 0 ]
	[ "$output" = "tap0
Set 'tun5' persistent and owned by uid 65534
Set 'tun5' nonpersistent
tap1" ]
	assert_absent tun5
	[ "$(sysfs tap1 owner)" = 0 ]
}

@test "the check sees what earlier lines make, change and delete, users and groups included" {
	ns ip link add br0 type bridge
	cat >"$BATS_TEST_TMPDIR/f" <<-'EOF'
	add tap0 mode tap
	set tap0 mtu 1400 master br0 up
	add tun0 mode tun addr 10.0.0.1/24
	del tun0
	add tun0 mode tun user root group root
	set-owner tun0 user 1000
	persist tap0 on
	EOF
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(ns ip -j link show dev tap0 | jq -c '.[0] | [.mtu, .master]')" = '[1400,"br0"]' ]
	[ "$(sysfs tun0 owner)" = 1000 ]
	tt del tap0 tun0
	# Users, groups, bridges and names that are wrong, on any line:
	# all told, nothing made.
	printf 'add tap0 user nosuchuser\nadd tap1 master nobr\nadd tap2 group nosuchgroup\nset tap9 up\nadd tap3 mode tap\n' \
		>"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "f:1: tap0: "
	assert_contains "$stderr" "nosuchuser"
	assert_contains "$stderr" "f:2: tap1: "
	assert_contains "$stderr" "f:3: tap2: "
	assert_contains "$stderr" "f:4: tap9: no such device"
	assert_contains "$stderr" "nothing was changed: 4 lines are wrong"
	[ "$(echo "$stderr" | grep -c "(a dry run)")" -eq 0 ]
	[ "$(ns ip -j link show | jq -r '[.[].ifname] | sort | join(" ")')" = "br0 lo" ]
	# Only grammar wrong: a usage error, status 2.
	printf 'add tap0 mater br0\nadd tap1\nadd tap2 mtu x\n' >"$BATS_TEST_TMPDIR/f"
	refuses 2 "f:1: add: unknown keyword 'mater' (did you mean 'master'?)" -b "$BATS_TEST_TMPDIR/f"
	assert_contains "$stderr" "f:3: add: invalid mtu 'x'"
}

@test "what only the kernel can refuse stops the run at its line, saying what ran before it" {
	# The kernel, not we, refuses a multicast IPv6 interface address:
	# the check passes, the run stops there.
	printf 'add tap0 mode tap\nset tap0 mtu 1400\nset tap0 addr ff02::5/64\nadd tap1 mode tap\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$output" = tap0 ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:3: tap0: cannot add address ff02::5/64: Cannot assign requested address (ipv6: Cannot assign multicast address without \"IFA_F_MCAUTOJOIN\" flag); applied: nothing; not applied: addr ff02::5/64
tuntapctl: $BATS_TEST_TMPDIR/f:3: the run stopped at this line: the 2 commands before it ran, the 1 after it did not" ]
	[ "$(ns ip -j link show dev tap0 | jq '.[0].mtu')" = 1400 ]
	assert_absent tap1
	# The change report says the same, line by line.
	tt del tap0
	run --separate-stderr tt -j -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	echo "$output" | "$BATS_TEST_DIRNAME/validate-report"
	[ "$(echo "$output" | jq -c '[.changed, [.results[] | [.line, .action]]]')" = '[true,[[1,"created"],[2,"changed"],[3,"failed"]]]' ]
}

@test "standard input, and global options apply to every line" {
	tt add tap0 user 1000 >/dev/null
	tt add tap1 >/dev/null
	run --separate-stderr ns sh -c 'printf "show tap0\nshow tap1\n" | "$1" -j -b -' sh "$TUNTAPCTL"
	[ "$status" -eq 0 ]
	# One document for the whole file: each show line's listing in it.
	[ "$(echo "$output" | jq -c '[.results[] | {line, name: .devices[0].ifname}]')" = '[{"line":1,"name":"tap0"},{"line":2,"name":"tap1"}]' ]
	run --separate-stderr ns sh -c 'printf "add tap5\n" | "$1" -f /nonexistent -b -' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "<stdin>:1: tap5: cannot open /nonexistent: no such file"
}

@test "bad batch files: missing, a directory, NUL bytes, CRLF, a 1 MiB line" {
	refuses 1 "cannot open batch file /nonexistent/boot.conf: No such file or directory" \
		-b /nonexistent/boot.conf
	refuses 1 "cannot read batch file /tmp: it is a directory" -b /tmp
	printf 'add tap0\nadd ta\0p1\n' >"$BATS_TEST_TMPDIR/nul"
	refuses 1 "nul:2: the line holds a NUL byte" -b "$BATS_TEST_TMPDIR/nul"
	printf 'add tap0\r\n' >"$BATS_TEST_TMPDIR/crlf"
	refuses 1 "crlf:1: the line ends with a carriage return (DOS line endings; convert the file with dos2unix)" \
		-b "$BATS_TEST_TMPDIR/crlf"
	{ printf 'add tap0 '; head -c 1048576 /dev/zero | tr '\0' 'x'; echo; } >"$BATS_TEST_TMPDIR/long"
	refuses 1 "long:1: the line is longer than 65536 bytes; nothing after it was read" -b "$BATS_TEST_TMPDIR/long"
}

@test "input that does not end: the line limit holds while reading, in bounded memory" {
	command -v prlimit >/dev/null || skip "prlimit is not installed"
	# 256 MiB of address space: reading without a bound runs out of it
	# (and once treated the failed allocation as the end of the file).
	limit=$((256 << 20))
	prlimit --as=$limit "$TUNTAPCTL" --version >/dev/null 2>&1 ||
		skip "this build cannot start with 256 MiB of address space (AddressSanitizer reserves more)"
	before=$(ns_state)
	run --separate-stderr ns prlimit --as=$limit "$TUNTAPCTL" -b /dev/zero
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: /dev/zero:1: the line is longer than 65536 bytes; nothing after it was read
tuntapctl: /dev/zero: nothing was changed: 1 line is wrong (with --keep-going the others run)" ]
	# Without NUL bytes: an endless line, from a file and from a pipe
	# that never sends a newline; -k does not read on past it.
	run --separate-stderr ns sh -c 'tr "\0" x </dev/zero | prlimit --as=$2 "$1" -k -b -' sh "$TUNTAPCTL" "$limit"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: <stdin>:1: the line is longer than 65536 bytes; nothing after it was read" ]
	{ echo "add tap0"; head -c 100000 /dev/zero | tr '\0' x; printf '\nadd tap1\n'; } >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -k -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$output" = tap0 ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:2: the line is longer than 65536 bytes; nothing after it was read" ]
	assert_absent tap1
	tt del tap0
	[ "$(ns_state)" = "$before" ]
	# A line of exactly the limit is read.
	{ printf 'add tap0 #'; head -c $((65536 - 10)) /dev/zero | tr '\0' x; echo; } >"$BATS_TEST_TMPDIR/exact"
	run tt -b "$BATS_TEST_TMPDIR/exact"
	[ "$status" -eq 0 ]
	assert_exists tap0
}

@test "a batch file that cannot be read is named as given" {
	refuses 1 "tuntapctl: cannot read batch file /proc/self/mem: Input/output error" -b /proc/self/mem
}

@test "--exist-ok: the same file three times gives the same state and exit 0" {
	ns ip link add br0 type bridge
	cat >"$BATS_TEST_TMPDIR/boot.conf" <<-'EOF'
	add tap0 mode tap user 1000 group 100 mtu 9000 address 02:00:00:00:00:01 addr 192.0.2.1/24 addr 2001:db8::1/64 master br0 up
	add tun0 mode tun user 1001 pi mtu 1400 addr 10.0.0.1/8 down
	add tap1 mode tap vnet_hdr multi_queue txqueuelen 500
	EOF
	run tt --exist-ok -b "$BATS_TEST_TMPDIR/boot.conf"
	[ "$status" -eq 0 ]
	settle
	first=$(snapshot)
	for run in 2 3; do
		run --separate-stderr tt --exist-ok -b "$BATS_TEST_TMPDIR/boot.conf"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[ "$output" = "tap0
tun0
tap1" ]
		settle
		[ "$(snapshot)" = "$first" ]
	done
}

@test "--exist-ok converges what drifted: owner, group, mtu, MAC, addresses, state, master" {
	ns ip link add br0 type bridge
	line="tap0 mode tap user 1000 group 100 mtu 9000 address 02:00:00:00:00:01 addr 192.0.2.1/24 master br0 up"
	tt add $line >/dev/null
	settle
	want=$(snapshot)
	# Someone changes things behind our back.
	ns ip link set tap0 mtu 1500 address 02:00:00:00:00:99 nomaster down
	ns ip addr del 192.0.2.1/24 dev tap0
	ns ip addr add 198.51.100.1/24 dev tap0
	tt set-owner tap0 user 1001
	run tt add --exist-ok $line
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 1000 ]
	[ "$(sysfs tap0 group)" = 100 ]
	# What the line names is back; an address it does not name is kept.
	ns ip addr del 198.51.100.1/24 dev tap0
	settle
	[ "$(snapshot)" = "$want" ]
}

@test "--exist-ok refuses another mode, another multi_queue, or a device of another kind" {
	ns ip link add br0 type bridge
	tt add tap0 mode tap vnet_hdr user 1000 >/dev/null
	tt add tap1 mode tap multi_queue user 1000 >/dev/null
	refuses 1 "tap0: exists as 'tap', but the line asks for 'tun'; nothing changed" \
		add --exist-ok tap0 mode tun user 2000
	refuses 1 "tap0: exists as 'tap', but the line asks for 'tap multi_queue'; nothing changed" \
		add --exist-ok tap0 mode tap multi_queue user 2000 mtu 1400
	refuses 1 "tap1: exists as 'tap multi_queue', but the line asks for 'tap'; nothing changed" \
		add --exist-ok tap1 mode tap user 2000 mtu 1400
	refuses 1 "br0: not a TUN/TAP device (it is a bridge); nothing changed" \
		add --exist-ok br0 mode tap
	[ "$(sysfs tap0 owner)" = 1000 ]
}

@test "--exist-ok converges pi and vnet_hdr of a device no program holds, attaching only then" {
	tt add tap0 mode tap vnet_hdr user 1000 mtu 1400 up >/dev/null
	changes=$(sysfs tap0 carrier_changes)
	# Nothing differs: nothing attaches (an attach blips the carrier).
	run --separate-stderr tt add --exist-ok tap0 mode tap vnet_hdr user 1000 mtu 1400 up
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(sysfs tap0 carrier_changes)" = "$changes" ]
	run --separate-stderr tt add --exist-ok tap0 mode tap pi user 1000 mtu 1400 up
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(link_json tap0 | jq -c '.[0].linkinfo.info_data | [.pi, .vnet_hdr, .persist]')" = '[true,false,true]' ]
	[ "$(sysfs tap0 owner)" = 1000 ]
	# Our attach turned the carrier on; it is off again, and the link
	# is still up.
	link_json tap0 | jq -e '.[0].flags | index("NO-CARRIER") and index("UP")'
}

@test "--exist-ok makes a program's device persistent" {
	nsenter -t "$NS_PID" -n -m -- "$TUNHOLD" -c -m tap -H -r "$BATS_TEST_TMPDIR/made" tapq 3>&- &
	pid=$!
	wait_ready "$BATS_TEST_TMPDIR/made" "$pid"
	run tt add --exist-ok tapq mode tap
	[ "$status" -eq 0 ]
	kill "$pid"
	wait "$pid" || true
	assert_exists tapq
}

@test "-n NETNS: every command acts in that namespace, show included" {
	# ip netns add makes a file under /run/netns: keep it in a tmpfs
	# private to this test.
	ns mount -t tmpfs tmpfs /run
	ns ip netns add other
	run --separate-stderr tt -n other add tap0 mode tap user 1000 mtu 1400
	[ "$status" -eq 0 ]
	assert_absent tap0
	[ "$(ns ip -n other -j link show dev tap0 | jq '.[0].mtu')" = 1400 ]
	# sysfs must be the other namespace's: set-owner reads tun_flags.
	run tt -n other set-owner tap0 user 1001
	[ "$status" -eq 0 ]
	[ "$(ns ip netns exec other cat /sys/class/net/tap0/owner)" = 1001 ]
	tt add tap9 >/dev/null
	run tt -n other show -N
	[ "$output" = tap0 ]
	run tt --netns /run/netns/other -j show
	[ "$(echo "$output" | jq -r '.[0].user')" = 1001 ]
	printf 'add tun0\nset tun0 mtu 1300\n' >"$BATS_TEST_TMPDIR/f"
	run tt -n other -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$(ns ip -n other -j link show dev tun0 | jq '.[0].mtu')" = 1300 ]
	run tt -n other del tap0 tun0
	[ "$status" -eq 0 ]
	[ "$(ns ip -n other -j link show | jq length)" -eq 1 ]
	assert_exists tap9
}

@test "-n with a namespace that does not exist, or a file that is not one" {
	refuses 1 "network namespace nothere does not exist (no /run/netns/nothere)" -n nothere show
	refuses 1 "/etc/passwd is not a network namespace" -n /etc/passwd show
}

@test "the example configuration is a valid batch file" {
	conf=$BATS_TEST_DIRNAME/../contrib/tuntapctl.conf.example
	# Its users exist only in this test's mount namespace.
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	echo "alice:x:1000:1000::/nonexistent:/usr/sbin/nologin" >>"$BATS_TEST_TMPDIR/passwd"
	echo "openvpn:x:1001:1001::/nonexistent:/usr/sbin/nologin" >>"$BATS_TEST_TMPDIR/passwd"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
	getent group kvm >/dev/null || {
		cp /etc/group "$BATS_TEST_TMPDIR/group"
		echo "kvm:x:998:" >>"$BATS_TEST_TMPDIR/group"
		ns mount --bind "$BATS_TEST_TMPDIR/group" /etc/group
	}
	run --separate-stderr tt --exist-ok --keep-going -b "$conf"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(tt show -N | tr '\n' ' ')" = "tap-vm1 tap-vm2 tun-vpn " ]
	run tt --exist-ok --keep-going -b "$conf"
	[ "$status" -eq 0 ]
}

# hold NAME [ARGS...]: tunhold ARGS NAME in the namespace, holding the
# device until killed; HELD is its pid (ns_teardown ends it too).
hold() {
	local name=$1
	shift
	rm -f "$BATS_TEST_TMPDIR/ready.$name"
	nsenter -t "$NS_PID" -n -m -- "$TUNHOLD" "$@" -H -r "$BATS_TEST_TMPDIR/ready.$name" "$name" 3>&- &
	HELD=$!
	HOLD_PIDS="${HOLD_PIDS:-} $HELD"
	wait_ready "$BATS_TEST_TMPDIR/ready.$name" "$HELD"
}

names_here() {
	ns ip -j link show | jq -r '[.[].ifname] | sort | join(" ")'
}

@test "--prune: the persistent tun/tap devices the file does not name go; held ones are kept and said, others untouched" {
	ns ip link add br0 type bridge
	tt add tap0 mode tap mtu 1400 >/dev/null
	tt add tap5 mode tap >/dev/null
	tt add tun9 mode tun >/dev/null
	ns ip tuntap add tap7 mode tap
	tt add tapH mode tap >/dev/null
	hold tapH
	held=$HELD
	# A program's device, not persistent: never touched.
	hold tapq -c -m tap
	printf 'add tap0 mode tap\nadd tap1 mode tap mtu 1400\nset tap1 name tap2\n' >"$BATS_TEST_TMPDIR/f"
	# The dry run says what would go, and changes nothing.
	before=$(ns_state)
	run --separate-stderr tt --exist-ok --prune --dry-run -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$output" = "unchanged tap0
create tap1: tap, mtu 1400
change tap2: name tap1 -> tap2
delete tap5
delete tap7
delete tun9" ]
	[ "$stderr" = "tuntapctl: tapH: kept: in use by tunhold (pid $held)" ]
	[ "$(ns_state)" = "$before" ]
	run --separate-stderr tt -j --exist-ok --prune --dry-run -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	echo "$output" | "$BATS_TEST_DIRNAME/validate-report"
	[ "$(echo "$output" | jq -c '[.results[] | select(.line == null) | [.command, .device, .action]]')" = \
		'[["del","tapH","unchanged"],["del","tap5","deleted"],["del","tap7","deleted"],["del","tun9","deleted"]]' ]
	[ "$(ns_state)" = "$before" ]
	# For real: the kernel's state read back.
	run --separate-stderr tt -j --exist-ok --prune -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$stderr" = "tuntapctl: tapH: kept: in use by tunhold (pid $held)" ]
	echo "$output" | "$BATS_TEST_DIRNAME/validate-report"
	[ "$(echo "$output" | jq -c '[.results[] | select(.action == "deleted") | .device]')" = '["tap5","tap7","tun9"]' ]
	[ "$(names_here)" = "br0 lo tap0 tap2 tapH tapq" ]
	[ "$(sysfs tap0 mtu)" = 1400 ]
	# Run again: the rename cannot be done twice, the check says so,
	# and nothing is changed or pruned.
	before=$(ns_state)
	run --separate-stderr tt --exist-ok --prune -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: $BATS_TEST_TMPDIR/f:3: tap1: cannot rename the device to tap2: a tap device has that name; nothing changed
tuntapctl: $BATS_TEST_TMPDIR/f: nothing was changed: 1 line is wrong (with --keep-going the others run)" ]
	[ "$(ns_state)" = "$before" ]
	# --force: a held device goes too (its holder keeps a dead fd).
	printf 'add tap0 mode tap\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt --exist-ok --prune --force -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(names_here)" = "br0 lo tap0 tapq" ]
}

@test "--prune: refused without --exist-ok -b, with lines that make devices they do not name, and after a failed line" {
	tt add tap5 mode tap >/dev/null
	printf 'add tap0 mode tap\n' >"$BATS_TEST_TMPDIR/f"
	refuses 2 "--prune works only with --exist-ok --batch FILE" --prune -b "$BATS_TEST_TMPDIR/f"
	refuses 2 "--prune works only with --exist-ok --batch FILE" --exist-ok --prune add tap0
	refuses 2 "--force before the command is for --prune (del takes its own: del --force NAME)" \
		--exist-ok --force -b "$BATS_TEST_TMPDIR/f"
	# A pattern, or no name: which device the line means is not known
	# before it runs (--exist-ok refuses them already); nor is it for
	# tunctl's command line.
	printf 'add tap0 mode tap\nadd vm%%d mode tap\nadd mode tun\ntunctl -t tap3\n' >"$BATS_TEST_TMPDIR/f"
	refuses 2 "tuntapctl: $BATS_TEST_TMPDIR/f:2: add: --exist-ok needs a fixed device name: the pattern 'vm%d' makes a new device on every run, which cannot be converged
tuntapctl: $BATS_TEST_TMPDIR/f:3: add: --exist-ok needs a device name: without one, every run makes a new device, which cannot be converged
tuntapctl: $BATS_TEST_TMPDIR/f:4: --prune: this line may make a device without naming it (tunctl's command line, a pattern, no name): name the device in an add line, or leave out --prune
tuntapctl: $BATS_TEST_TMPDIR/f: nothing was changed: 3 lines are wrong (with --keep-going the others run)" \
		--exist-ok --prune -b "$BATS_TEST_TMPDIR/f"
	# A line that fails (here with -k): the others run, nothing is
	# pruned.
	printf 'add tap0 mode tap\nadd tap1 mode tap mtu 5\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt --exist-ok --prune -k -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tuntapctl: $BATS_TEST_TMPDIR/f: nothing was pruned: --prune deletes only after every line of the file ran"
	[ "$(names_here)" = "lo tap0 tap5" ]
	# In another namespace (-n): only that namespace's devices.
	ns mount -t tmpfs tmpfs /run
	ns ip netns add other
	ns ip netns exec other ip tuntap add tap8 mode tap
	printf 'add tap0 mode tap\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -n other --exist-ok --prune -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	[ "$(ns ip -n other -j link show | jq -r '[.[].ifname] | sort | join(" ")')" = "lo tap0" ]
	[ "$(names_here)" = "lo tap0 tap5" ]
}
