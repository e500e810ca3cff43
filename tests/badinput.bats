#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input, as a table: every row must exit with its status (2 usage,
# 1 failure), print one error naming the offending value, and leave the
# namespace's devices and addresses exactly as they were.

load helpers

setup() {
	ns_setup
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
	tt add tap0 mode tap user 1000 addr 192.0.2.1/24 >/dev/null
	tt add tun0 mode tun >/dev/null
	D=$BATS_TEST_TMPDIR
	printf 'add ta\0p2\nadd tap1\n' >"$D/nul"
	{ printf 'add tap1 '; head -c 1048576 /dev/zero | tr '\0' 'y'; echo; } >"$D/long"
	printf 'add tap1\r\n' >"$D/crlf"
	printf '# comment\n\nadd tap1 mdoe tap\nadd tap2\n' >"$D/badline"
	printf 'add tap1 mtu 12\n' >"$D/badmtu"
	mkdir "$D/dir"
}

teardown() {
	ns_teardown
}

# Run every row of the table on standard input ("STATUS|MESSAGE|ARGS",
# ARGS in shell syntax); report every failing row, then fail.
table() {
	local st msg args rows=0 bad=0
	while IFS='|' read -r st msg args; do
		case $st in '' | '#'*) continue ;; esac
		rows=$((rows + 1))
		eval "set -- $args"
		if ! refuses "$st" "$msg" "$@"; then
			echo "  row: $st|$msg|$args" >&2
			bad=$((bad + 1))
		fi
	done
	echo "# $rows rows" >&3
	TOTAL_ROWS=$(( $(cat "$BATS_FILE_TMPDIR/rows" 2>/dev/null || echo 0) + rows ))
	echo "$TOTAL_ROWS" >"$BATS_FILE_TMPDIR/rows"
	[ "$bad" -eq 0 ]
}

@test "device names" {
	table <<'EOF'
2|device name is empty|add dev '' mode tap
2|device name 'abcdefghijklmnop' is 16 bytes long; the kernel allows at most 15|add abcdefghijklmnop mode tap
2|device name 'a-name-that-is-far-too-long' is 27 bytes long|add a-name-that-is-far-too-long mode tap
2|device name 'a/b' must not contain '/'|add a/b mode tap
2|device name 'a:b' must not contain ':'|add a:b mode tap
2|device name 'a b' must not contain whitespace|add 'a b' mode tap
2|device name 'a\x09b' must not contain whitespace|add $'a\tb' mode tap
2|device name 'a\x0ab' must not contain whitespace|add $'a\nb' mode tap
2|device name 'a\x01b' must not contain control characters|add $'a\x01b' mode tap
2|device name 'a\x7fb' must not contain control characters|add $'a\x7fb' mode tap
2|'.' is not a valid device name|add dev . mode tap
2|'..' is not a valid device name|add dev .. mode tap
2|device name 'vm%d%d': a pattern may hold one '%d' and no other '%'|add vm%d%d mode tap
2|device name 'vm%s': a pattern may hold one '%d'|add vm%s mode tap
2|device name 'vm%d' must not contain '%' here|del vm%d
2|device 'tap0' given twice|del tap0 tap0
EOF
}

@test "users and groups" {
	table <<'EOF'
1|tap1: no such user 'alise'|add tap1 user alise
1|tap1: no such group 'nosuchgrp'|add tap1 group nosuchgrp
2|user id '4294967295' is out of range (0-4294967294)|add tap1 user 4294967295
2|user id '4294967296' is out of range|add tap1 user 4294967296
2|group id '99999999999999999999' is out of range|add tap1 group 99999999999999999999
1|no such user '-1'|add tap1 user -1
1|no such group '0x10'|add tap1 group 0x10
2|empty user name|add tap1 user ''
1|tap0: no such user 'alise'|set-owner tap0 user alise
1|cannot clear the user|set-owner tap0 user none
EOF
}

@test "modes" {
	table <<'EOF'
2|'mode tun' or 'mode tap' is needed unless the name begins with tun or tap|add vm0
2|'mode tun' or 'mode tap' is needed|add
2|invalid mode 'tunnel': expected tun or tap|add tap1 mode tunnel
2|'mode' given twice|add tap1 mode tap mode tun
2|'mode' needs a value|add tap1 mode
2|invalid mode 'TAP'|show mode TAP
EOF
}

@test "MTU and transmit queue length" {
	table <<'EOF'
2|invalid mtu '0': expected a number from 68 to 65535|add tap1 mtu 0
2|invalid mtu '67'|add tap1 mtu 67
2|invalid mtu '65536'|add tap1 mtu 65536
2|invalid mtu '1000000'|add tap1 mtu 1000000
2|invalid mtu 'abc'|add tap1 mtu abc
2|invalid mtu '-1'|add tap1 mtu -1
2|invalid mtu '9000x'|add tap1 mtu 9000x
2|invalid mtu '+9000'|set tap0 mtu +9000
1|tap1: cannot set mtu 65530: out of range for this device (68-65521); nothing was made|add tap1 mtu 65530
1|tap0: cannot set mtu 65530: out of range for this device (68-65521); nothing changed|set tap0 mtu 65530
2|invalid txqueuelen '-5'|add tap1 txqueuelen -5
2|invalid txqueuelen '4294967296'|set tap0 txqlen 4294967296
EOF
}

@test "MAC addresses" {
	table <<'EOF'
2|invalid MAC address 'ff:ff:ff:ff:ff:ff': a broadcast address|add tap1 address ff:ff:ff:ff:ff:ff
2|invalid MAC address '01:00:5e:00:00:01': a multicast address|add tap1 address 01:00:5e:00:00:01
2|invalid MAC address '33:33:00:00:00:01': a multicast address|set tap0 mac 33:33:00:00:00:01
2|invalid MAC address '00:00:00:00:00:00': the all-zero address|add tap1 address 00:00:00:00:00:00
2|invalid MAC address '02:00:00:00:00'|add tap1 address 02:00:00:00:00
2|invalid MAC address '02:00:00:00:00:01:02'|add tap1 address 02:00:00:00:00:01:02
2|invalid MAC address 'zz:00:00:00:00:01'|add tap1 address zz:00:00:00:00:01
2|invalid MAC address '0200.0000.0001'|add tap1 address 0200.0000.0001
2|tun devices have no MAC address|add tun1 address 02:00:00:00:00:01
1|tun0: cannot set address: tun devices have no MAC address|set tun0 address 02:00:00:00:00:01
2|'address random' is only for add|set tap0 address random
2|add: tun devices have no MAC address|add tun1 mac random
2|invalid MAC address 'RANDOM'|add tap1 address RANDOM
EOF
}

@test "IP addresses" {
	table <<'EOF'
2|invalid address '192.0.2.1/33': the prefix length must be 0-32|add tap1 addr 192.0.2.1/33
2|invalid address '2001:db8::1/129': the prefix length must be 0-128|add tap1 addr 2001:db8::1/129
2|invalid address '/24': the address is missing|add tap1 addr /24
2|invalid address '192.0.2.300'|add tap1 addr 192.0.2.300
2|invalid address '192.0.2.1/abc'|add tap1 addr 192.0.2.1/abc
2|invalid address '1.2.3.4/-1'|add tap1 addr 1.2.3.4/-1
2|invalid address 'fe80::1%tap0'|add tap1 addr fe80::1%tap0
2|addr 192.0.2.9/32 given twice|add tap1 addr 192.0.2.9 addr 192.0.2.9/32
2|address 192.0.2.1/24 is both added and removed|set tap0 addr 192.0.2.1/24 deladdr 192.0.2.1/24
1|cannot add address 192.0.2.1/24: 192.0.2.1/24 is already assigned to tap0|set tap0 addr 192.0.2.1/24
1|cannot delete address 198.51.100.1/32: it is not assigned to tap0|set tap0 deladdr 198.51.100.1
2|add: address 2001:db8::1/64: IPv6 needs an MTU of at least 1280, and mtu 1000 is lower|add tap1 mtu 1000 addr 2001:db8::1/64
1|tap0: cannot add address 2001:db8::5/64: IPv6 needs an MTU of at least 1280, and tap0's would be 1279; nothing changed|set tap0 mtu 1279 addr 2001:db8::5/64
EOF
}

@test "bridges and devices of other kinds" {
	table <<'EOF'
1|tap1: cannot set master br9: there is no device br9 (make the bridge first: ip link add br9 type bridge); nothing was made|add tap1 master br9
1|tap1: cannot set master v0: it is a veth device, not a bridge|add tap1 master v0
1|cannot set master tun0: it is a tun device, not a bridge|set tap0 master tun0
2|'master' and 'nomaster' conflict|set tap0 master br0 nomaster
1|br0: not a TUN/TAP device (it is a bridge); not deleted|del br0
1|v0: not a TUN/TAP device (it is a veth device); not changed|set v0 mtu 1400
1|lo: not a TUN/TAP device (it is the loopback device); not changed|set-owner lo user 1
1|tap9: no such device|del tap9
1|tap9: no such device|set tap9 up
1|tap0: cannot create the device: it already exists as a tap device|add tap0
1|br0: cannot create the device: the name is taken by a bridge|add br0 mode tap
2|del: master v0: it is a veth device, which has no ports (a bridge, bond, team or VRF has)|del master v0
2|show: master tap0: it is a tap device, which has no ports|show master tap0 mode tap
1|br9: no such device (given as master)|del master br9
EOF
}

@test "grammar: keywords, options, commands" {
	table <<'EOF'
2|unknown command 'frob'|frob
2|ambiguous command 'se': set, set-owner|se tap0
2|unknown keyword 'mdoe' (did you mean 'mode'?)|add tap1 mdoe tap
2|unknown keyword 'vnethdr' (did you mean 'vnet_hdr'?)|add tap1 vnethdr
2|'user' given twice|add tap1 user 1 user 2
2|'mtu' needs a value (N)|set tap0 mtu
2|'up' and 'down' conflict|add tap1 up down
2|'vnet_hdr' is not valid here (it is for: add)|set tap0 vnet_hdr
2|unknown option '--frob'|--frob show
2|unknown option '-z'|-z show
2|unknown option '-\x0d'|$'-\r' show
2|show: unknown option '-\x01' in '-d\x01'|show $'-d\x01'
2|tunctl: unknown option '-\x01'|tunctl $'-\x01'
2|tunctl: unexpected argument 'a\x0ab'|tunctl -t tap0 $'a\nb'
2|show: unknown option '--force'|show --force
2|option '-f' needs a value|-f
2|set: nothing to change|set tap0
2|set-owner: give 'user USER', 'group GROUP' or both|set-owner tap0
2|persist: say 'on' or 'off'|persist tap0
2|del: name the devices to delete, or give a filter|del
2|invalid carrier 'maybe': expected on or off|set tap0 carrier maybe
2|unknown command 'nosuch'|help nosuch
2|no command given|
2|add: --details is for show|-d add tap1 mode tap
2|del: --names is for show|-N del tap0
2|set: --brief is for show|--brief set tap0 up
2|del: --exist-ok is for add|--exist-ok del tap0
2|show: --dry-run is for the commands that change devices|--dry-run show
2|help: --dry-run is for the commands that change devices|--dry-run help add
2|show: unknown option '--dry-run'|show --dry-run tap0
2|add: unknown keyword 'bogus'|--dry-run add tap1 mode tap bogus
2|--pretty is for JSON output (-j)|-p show
2|--pretty is for JSON output (-j)|set tap0 up -p
2|help has no JSON form|-j help
2|unknown option '-oneline'|-oneline show
2|unknown option '-s' in '-ds'|-ds show
2|ambiguous option '--n'|--n show
2|option '--json' takes no value|--json=yes show
2|option '-netns' needs a value|-netns
2|option '-n' needs a value|-n
2|show: '--brief' and '--details' conflict|-brief show -d
2|show: '--brief' and '--names' conflict|show -N --brief
2|show: '--names' and '--details' conflict (a list of names has no details)|-N -d show
2|del: '--force' and '--keep-held' conflict|del tap0 --force --keep-held
2|del: unknown option '--kept'|del tap0 --kept
2|add: --exist-ok needs a fixed device name: the pattern 'vm%d' makes a new device on every run|--exist-ok add vm%d mode tap
2|add: --exist-ok needs a device name: without one, every run makes a new device|add --exist-ok mode tun
1|tap0: exists as 'tap', but the line asks for 'tun'; nothing changed|--exist-ok add tap0 mode tun
1|tap0: exists as 'tap', but the line asks for 'tap multi_queue'; nothing changed|--exist-ok add tap0 multi_queue
EOF
}

@test "batch files and clone devices" {
	table <<'EOF'
1|cannot open batch file /nonexistent: No such file or directory|-b /nonexistent
1|it is a directory|-b "$D/dir"
1|nul:1: the line holds a NUL byte|-b "$D/nul"
1|long:1: the line is longer than 65536 bytes; nothing after it was read|-b "$D/long"
1|crlf:1: the line ends with a carriage return|-b "$D/crlf"
1|badline:3: add: unknown keyword 'mdoe'|-b "$D/badline"
1|badmtu:1: add: invalid mtu '12'|-k -b "$D/badmtu"
1|cannot open /nonexistent: no such file (-f names the clone device, /dev/net/tun by default)|-f /nonexistent add tap1
1|/dev/null is not the TUN/TAP clone device (a character device 10:200)|-f /dev/null add tap1
1|/dev/null is not the TUN/TAP clone device|-f /dev/null set-owner tap0 user 5
1|cannot read batch file /proc/self/mem: Input/output error|-b /proc/self/mem
1|the network namespace name is empty|-n '' show
1|network namespace '..' is not a name in /run/netns|-n .. show
1|network namespace nothere does not exist (no /run/netns/nothere)|-n nothere del tap0
1|network namespace /nonexistent/ns does not exist|--netns=/nonexistent/ns show
EOF
}

@test "renames, aliases, addrgenmode, index, namespaces, monitor" {
	ns sh -c 'mkdir -p /run/netns && mount -t tmpfs tmpfs /run/netns'
	ns ip netns add ct1
	ns ip -n ct1 tuntap add tap0 mode tap
	table <<'EOF'
1|cannot rename the device to tun0: a tun device has that name|set tap0 name tun0
1|cannot rename the device to lo: the loopback device has that name|set tap0 name lo
2|the new name 'tap0' is the device's name|set tap0 name tap0
2|the new name 'vm%d' cannot be a pattern|set tap0 name vm%d
2|device name 'abcdefghijklmnop' is 16 bytes long|set tap0 name abcdefghijklmnop
2|the new name is given twice ('vm0' and 'vm1')|set tap0 name vm0 name vm1
2|alias is 256 bytes long; the kernel allows at most 255|set tap0 alias "$(printf 'a%.0s' $(seq 256))"
2|alias 'a\x09b' must not contain control characters|set tap0 alias $'a\tb'
2|alias 'a\xff' is not valid UTF-8|add tap1 mode tap alias $'a\xff'
2|must not contain invisible or unassigned characters|set tap0 alias $'a\u202eb'
2|invalid addrgenmode 'bogus': expected none, eui64, stable_privacy or random|set tap0 addrgenmode bogus
2|invalid addrgenmode 'EUI64'|add tap1 mode tap addrgenmode EUI64
1|net.ipv6.conf.default.stable_secret is not set|add tap1 mode tap addrgenmode stable_privacy
1|net.ipv6.conf.tap0.stable_secret is not set|set tap0 addrgenmode stable_privacy
2|invalid index '0': expected a number from 1 to 2147483647|add tap1 mode tap index 0
2|invalid index '2147483648'|add tap1 mode tap index 2147483648
2|invalid index '-1'|add tap1 mode tap index -1
2|invalid index 'abc'|add tap1 mode tap index abc
2|'index' is not valid here (it is for: add)|set tap0 index 5
1|index 1 is taken by lo (the loopback device)|add tap1 mode tap index 1
2|the network namespace name is empty|set tap0 netns ''
2|network namespace '.' is not a name in /run/netns|set tap0 netns .
1|network namespace nothere does not exist (no /run/netns/nothere)|set tap0 netns nothere
1|/etc/passwd is not a network namespace|set tap0 netns /etc/passwd
1|network namespace 999999999 does not exist (no /proc/999999999/ns/net)|add tap1 mode tap netns 999999999
1|a device named tap0 is there already|set tap0 netns ct1
1|network namespace ct1 has a device of that name|add tap0 mode tap netns ct1
2|'master' and 'netns' conflict|add tap1 mode tap master br0 netns ct1
2|'deladdr' and 'netns' conflict|set tap0 deladdr 192.0.2.1/24 netns ct1
2|monitor: unknown option '-p'|monitor -p
2|--pretty is for JSON output (-j)|-p monitor
2|monitor: --dry-run is for the commands that change devices|--dry-run monitor
2|show: --timestamp is for monitor|-t show
2|'mtu' is not valid here|monitor mtu 1400
EOF
}

@test "the table has at least 50 distinct rows" {
	[ "$(cat "$BATS_FILE_TMPDIR/rows")" -ge 50 ]
	[ "$(grep -c '^[12]|' "$BATS_TEST_FILENAME")" -ge 50 ]
	# Distinct: no row twice.
	[ -z "$(grep '^[12]|' "$BATS_TEST_FILENAME" | sort | uniq -d)" ]
}
