#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# save, and peer addresses: the boot file save prints makes the devices
# again (read back with ip -d -j link and ip -j addr, field by field),
# and changes nothing where they are; point-to-point addresses (OpenVPN's)
# are read, shown, converged and saved with their peer.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# The namespace's tun/tap devices as the kernel reports them, less what
# the kernel makes or counts by itself (index, statistics, carrier, the
# bridge port's timers and numbers, link-local addresses it derived),
# with each one's tun_flags (one_queue is only there).
tun_state() {
	local names n
	ns ip -d -j link show | jq -S '[.[] | select(.linkinfo.info_kind == "tun") |
		del(.ifindex, .stats, .stats64, .operstate, .carrier_changes,
		    .carrier_up_count, .carrier_down_count,
		    .linkinfo.info_slave_data) |
		.flags -= ["NO-CARRIER", "LOWER_UP"]] | sort_by(.ifname)'
	names=$(ns ip -j link show | jq -r '.[] | select(.ifname != "lo") | .ifname')
	ns ip -j addr show | jq -S '[.[] | select(.ifname != "lo") |
		{ifname, addr_info: [.addr_info[] | select(.protocol != "kernel_ll") |
			del(.valid_life_time, .preferred_life_time, .tentative)]}] |
		sort_by(.ifname)'
	while IFS= read -r n; do
		[ ! -e "/proc/$NS_PID/root/sys/class/net/$n/tun_flags" ] ||
			printf '%s %s\n' "$n" "$(sysfs "$n" tun_flags)"
	done <<<"$names" | sort
}

# Every tun/tap device of the namespace deleted (the bridges stay),
# named by sysfs's directory, byte for byte (ip -j's JSON cannot carry
# bytes that are not UTF-8).
del_all() {
	local d
	for d in "/proc/$NS_PID/root/sys/class/net/"*; do
		[ ! -e "$d/tun_flags" ] || tt del dev "${d##*/}"
	done
	[ -z "$(tt show -N)" ]
}

# The namespace's device names and aliases, as bytes in hex.
name_bytes() {
	local d
	for d in "/proc/$NS_PID/root/sys/class/net/"*; do
		printf '%s' "${d##*/}" | od -An -tx1
		od -An -tx1 "$d/ifalias"
	done
}

# save; delete everything; -b; the same devices, field by field.
round_trip() {
	local before after file=$BATS_TEST_TMPDIR/boot.conf
	before=$(tun_state)
	run --separate-stderr tt save
	[ "$status" -eq 0 ] || { echo "save: $stderr" >&2; return 1; }
	printf '%s\n' "$output" >"$file"
	del_all
	run --separate-stderr tt -b "$file"
	[ "$status" -eq 0 ] || { echo "-b: $stderr" >&2; return 1; }
	after=$(tun_state)
	[ "$before" = "$after" ] || {
		echo "the devices made again differ:" >&2
		diff <(echo "$before") <(echo "$after") >&2
		return 1
	}
}

# lo_sync FILE MTU: lo's MTU set to MTU until ip monitor (writing FILE)
# has told it, then put back.
lo_sync() {
	ns ip link set lo mtu "$2"
	for _ in $(seq 100); do
		grep -q "mtu $2 " "$1" && break
		sleep 0.05
	done
	ns ip link set lo mtu 65536
}

# save, then --exist-ok -b of what it printed: changed false, every
# result unchanged, and ip monitor sees nothing at all.
changes_nothing() {
	local file=$BATS_TEST_TMPDIR/boot.conf mon=$BATS_TEST_TMPDIR/mon start
	tt save >"$file"
	ip_monitor "$mon" link address || { cat "$mon" >&2; return 1; }
	# What ip monitor tells from here on (its start and the helper's
	# own changes of lo are before).
	lo_sync "$mon" 4244
	for _ in $(seq 100); do
		[ "$(tail -n 2 "$mon" | grep -c 'mtu 65536')" -gt 0 ] && break
		sleep 0.05
	done
	start=$(wc -l <"$mon")
	run --separate-stderr tt -j --exist-ok -b "$file"
	[ "$status" -eq 0 ] || { echo "$stderr" >&2; return 1; }
	[ "$(jq .changed <<<"$output")" = false ]
	[ "$(jq '[.results[] | select(.action != "unchanged")] | length' <<<"$output")" -eq 0 ]
	# Something the monitor must see, to know it saw the run.
	lo_sync "$mon" 4245
	tail -n +$((start + 1)) "$mon" | grep -Ev '^(Deleted )?1: lo[: ]' |
		grep -v '^ ' | grep -c . | grep -qx 0 || {
		echo "ip monitor saw:" >&2
		tail -n +$((start + 1)) "$mon" >&2
		return 1
	}
}

@test "peer: add, set and deladdr take 'addr LOCAL peer PEER/PREFIX'; the kernel has local and peer" {
	tt add tun1 addr 10.8.0.1 peer 10.8.0.2/32 addr 192.0.2.1/24
	run ns ip -j addr show dev tun1
	[ "$(jq -c '[.[0].addr_info[] | select(.family == "inet") | [.local, .address, .prefixlen]]' <<<"$output")" = \
	  '[["10.8.0.1","10.8.0.2",32],["192.0.2.1",null,24]]' ]
	tt set tun1 addr 2001:db8::1 peer 2001:db8::2/128
	run ns ip -j addr show dev tun1
	[ "$(jq -c '[.[0].addr_info[] | select(.family == "inet6" and .scope == "global") | [.local, .address, .prefixlen]]' <<<"$output")" = \
	  '[["2001:db8::1","2001:db8::2",128]]' ]
	tt set tun1 deladdr 10.8.0.1 peer 10.8.0.2/32
	run ns ip -j addr show dev tun1
	[ "$(jq -c '[.[0].addr_info[] | select(.family == "inet") | .local]' <<<"$output")" = '["192.0.2.1"]' ]
}

@test "peer: show -d, -j (addr_info's peer), --brief and the change report say it" {
	tt add tun1 addr 10.8.0.1 peer 10.8.0.2/32
	run tt show -d tun1
	assert_contains "$output" "10.8.0.1 peer 10.8.0.2/32"
	run tt show -j tun1
	[ "$(jq -c '.[0].addresses' <<<"$output")" = '["10.8.0.1 peer 10.8.0.2/32"]' ]
	[ "$(jq -c '.[0].addr_info' <<<"$output")" = '[{"local":"10.8.0.1","peer":"10.8.0.2","prefixlen":32}]' ]
	run tt show --brief tun1
	[ "$output" = "tun1  tun  down  10.8.0.1 peer 10.8.0.2/32" ]
	run --separate-stderr tt -j set tun1 addr 10.9.0.1 peer 10.9.0.2/32
	[ "$status" -eq 0 ]
	"$BATS_TEST_DIRNAME/validate-report" <<<"$output"
	[ "$(jq -c '.results[0].changes.addresses.new' <<<"$output")" = '["10.8.0.1 peer 10.8.0.2/32","10.9.0.1 peer 10.9.0.2/32"]' ]
}

@test "peer: --exist-ok compares local, peer and prefix length; --dry-run agrees" {
	tt add tun1 addr 10.8.0.1 peer 10.8.0.2/32
	run tt -j --exist-ok add tun1 addr 10.8.0.1 peer 10.8.0.2/32
	[ "$(jq -r '.results[0].action' <<<"$output")" = unchanged ]
	# 10.8.0.1/32 without a peer is another address.
	run tt -j --dry-run --exist-ok add tun1 addr 10.8.0.1/32
	[ "$(jq -c '.results[0].changes.addresses' <<<"$output")" = '{"old":["10.8.0.1 peer 10.8.0.2/32"],"new":["10.8.0.1/32"]}' ]
	[ "$(ns ip -j addr show dev tun1 | jq -r '.[0].addr_info[0].address')" = 10.8.0.2 ]
	run tt -j --exist-ok add tun1 addr 10.8.0.1 peer 10.8.0.3/32
	[ "$(jq -c '.results[0].changes.addresses' <<<"$output")" = '{"old":["10.8.0.1 peer 10.8.0.2/32"],"new":["10.8.0.1 peer 10.8.0.3/32"]}' ]
	run ns ip -j addr show dev tun1
	[ "$(jq -c '[.[0].addr_info[] | select(.family == "inet") | [.local, .address, .prefixlen]]' <<<"$output")" = '[["10.8.0.1","10.8.0.3",32]]' ]
	run tt -j --exist-ok add tun1 addr 10.8.0.1/32
	[ "$(jq -r '.results[0].action' <<<"$output")" = changed ]
	run ns ip -j addr show dev tun1
	[ "$(jq -c '[.[0].addr_info[] | select(.family == "inet") | [.local, .address, .prefixlen]]' <<<"$output")" = '[["10.8.0.1",null,32]]' ]
}

@test "peer: misplaced or contradictory peers are usage errors, nothing changed" {
	tt add tun1
	refuses 2 "'peer 10.8.0.2' must follow an address: addr LOCAL peer PEER[/PREFIX]" set tun1 peer 10.8.0.2
	refuses 2 "address 10.8.0.1/24 peer 10.8.0.2: with a peer, the prefix length goes with the peer (addr 10.8.0.1 peer PEER/24)" \
		set tun1 addr 10.8.0.1/24 peer 10.8.0.2
	refuses 2 "address 10.8.0.1 peer 2001:db8::2: the peer must be of the same family" \
		set tun1 addr 10.8.0.1 peer 2001:db8::2
	refuses 2 "'peer 10.8.0.2' must follow an address" add tun2 mtu 1400 peer 10.8.0.2
}

@test "OpenVPN's point-to-point device: its peer is shown, saved, and converged" {
	command -v openvpn >/dev/null || skip "openvpn is not installed"
	tt add tun-vpn
	nsenter -t "$NS_PID" -n -m -- openvpn --dev tun-vpn --dev-type tun \
		--ifconfig 10.8.0.1 10.8.0.2 --local 127.0.0.1 --lport 11940 \
		--remote 127.0.0.1 --rport 11941 --proto udp --verb 3 \
		>"$BATS_TEST_TMPDIR/openvpn.log" 2>&1 3>&- &
	HOLD_PIDS="${HOLD_PIDS:-} $!"
	for _ in $(seq 100); do
		ns ip -j addr show dev tun-vpn | jq -e '.[0].addr_info[] | select(.local == "10.8.0.1")' >/dev/null && break
		sleep 0.05
	done
	[ "$(ns ip -j addr show dev tun-vpn | jq -c '[.[0].addr_info[] | select(.family == "inet") | [.local, .address, .prefixlen]]')" = \
	  '[["10.8.0.1","10.8.0.2",32]]' ]
	run tt show -d tun-vpn
	assert_contains "$output" "10.8.0.1 peer 10.8.0.2/32"
	assert_contains "$output" "openvpn("
	run tt save tun-vpn
	assert_contains "$output" "# tun-vpn: held by openvpn (pid "
	assert_contains "$output" " up addr 10.8.0.1 peer 10.8.0.2/32"
	# Not the link-local address the kernel made when OpenVPN attached.
	refute_contains "$output" "fe80:"
	run tt -j --exist-ok add tun-vpn addr 10.8.0.1 peer 10.8.0.2/32
	[ "$(jq -r '.results[0].action' <<<"$output")" = unchanged ]
	run tt -j --exist-ok add tun-vpn addr 10.8.0.1 peer 10.8.0.9/32
	[ "$(jq -r '.results[0].action' <<<"$output")" = changed ]
	[ "$(ns ip -j addr show dev tun-vpn | jq -c '[.[0].addr_info[] | select(.family == "inet") | [.local, .address, .prefixlen]]')" = \
	  '[["10.8.0.1","10.8.0.9",32]]' ]
}

@test "save: devices made by ip tuntap, tunctl and add, changed by ip link and ip addr, made again exactly" {
	command -v tunctl >/dev/null || skip "tunctl (uml-utilities) is not installed"
	ns ip link add br0 type bridge
	ns ip tuntap add dev tap-ip mode tap multi_queue vnet_hdr user 1000 group 100
	ns ip tuntap add dev tun-ip mode tun pi one_queue
	ns tunctl -t tap-uml -u 1000 >/dev/null
	tt add tap-us user nobody group nogroup mtu 9000 txqueuelen 77 up \
		addr 192.0.2.1/24 addr 192.0.2.9/24 addr 2001:db8::1/64 2>/dev/null
	tt add tun-us addr 10.8.0.1 peer 10.8.0.2/32 addrgenmode none up
	ns ip link set tap-ip master br0 up mtu 1400 txqueuelen 5 alias vm-web-1
	ns ip link set tap-uml address 02:00:00:00:00:42 addrgenmode stable_privacy 2>/dev/null ||
		ns ip link set tap-uml address 02:00:00:00:00:42
	ns ip addr add 198.51.100.1/25 dev tap-uml
	ns ip addr add fe80::99/64 dev tap-us
	ns ip link set tun-ip up
	ns ip addr add 10.9.0.1 peer 10.9.0.2/30 dev tun-ip
	round_trip
}

@test "save: names and aliases with quotes, backslashes and spaces read back byte for byte" {
	ns ip tuntap add dev "t'ap\"1" mode tap
	ns ip tuntap add dev 'tap\2' mode tap
	ns ip tuntap add dev 'up' mode tun
	ns ip tuntap add dev '#tap' mode tap
	ns ip link set "t'ap\"1" alias "vm's \"web\" \\ 1"
	ns ip link set 'tap\2' alias '  two  spaces '
	ns ip link set dev up alias '#not a comment'
	run tt save
	assert_contains "$output" "add 't'\\''ap\"1' mode tap"
	assert_contains "$output" "add dev up mode tun alias '#not a comment'"
	round_trip
}

@test "save: names and aliases with control bytes, invalid UTF-8 and invisible characters round-trip in \$'...'" {
	local before
	ns ip tuntap add dev $'ta\x01p' mode tap
	ns ip tuntap add dev $'tap\xff' mode tap
	ns ip tuntap add dev $'w\xe2\x80\x8bx' mode tun
	ns ip tuntap add dev tap3 mode tap
	ns ip link set tap3 alias $'line\nbreak\xff \'q\' \\ \e[1m \xc3\xa9'
	run --separate-stderr tt save
	[ "$status" -eq 0 ]
	assert_contains "$output" "add \$'ta\\x01p' mode tap"
	assert_contains "$output" "add \$'tap\\xff' mode tap"
	assert_contains "$output" "add \$'w\\xe2\\x80\\x8bx' mode tun"
	assert_contains "$output" "alias \$'line\\x0abreak\\xff \\'q\\' \\\\ \\x1b[1m \\xc3\\xa9'"
	# One line per device, plain text: no byte of a name reached the
	# file raw.
	assert_lines "$output" 4
	[ "$(LC_ALL=C grep -c '[^ -~]' <<<"$output")" -eq 0 ]
	before=$(name_bytes)
	round_trip
	[ "$(name_bytes)" = "$before" ]
	changes_nothing
}

@test "save: an address's flags and lifetime, which add does not take, are said in comments" {
	tt add tap0 addr 203.0.113.1/24
	ns ip addr add 192.0.2.1/24 dev tap0 noprefixroute
	ns ip addr add 2001:db8::1/64 dev tap0 nodad valid_lft 3600 preferred_lft 1800
	ns ip addr add 198.51.100.1/24 dev tap0 valid_lft 100 preferred_lft 100
	run --separate-stderr tt save
	[ "$status" -eq 0 ]
	[ "$output" = "# tap0: address 192.0.2.1/24: saved without noprefixroute (add takes neither flags nor lifetimes)
# tap0: address 198.51.100.1/24: saved without its lifetime (add takes neither flags nor lifetimes)
# tap0: address 2001:db8::1/64: saved without nodad and its lifetime (add takes neither flags nor lifetimes)
add tap0 mode tap addrgenmode eui64 down addr 203.0.113.1/24 addr 192.0.2.1/24 addr 198.51.100.1/24 addr 2001:db8::1/64" ]
	# The kernel agrees on which address has what.
	[ "$(ns ip -j addr show dev tap0 | jq -c '[.[0].addr_info[] | select(.noprefixroute) | .local]')" = '["192.0.2.1"]' ]
	[ "$(ns ip -j addr show dev tap0 | jq -c '[.[0].addr_info[] | select(.valid_life_time != 4294967295) | .local] | sort')" = '["198.51.100.1","2001:db8::1"]' ]
}

@test "save: then --exist-ok -b changes nothing (changed false, ip monitor sees nothing)" {
	ns ip link add br0 type bridge
	ns ip tuntap add dev tap-ip mode tap vnet_hdr
	ns ip link set tap-ip master br0 alias a-b
	tt add tun-us addr 10.8.0.1 peer 10.8.0.2/32 addr 2001:db8::1/64 mtu 1400 up user nobody 2>/dev/null
	tt add tap-us multi_queue txqueuelen 10 addrgenmode none
	ns ip addr add 192.0.2.5/24 dev tap-us
	settle
	changes_nothing
}

@test "save: a device that is not persistent, and one a program holds, are said in comments" {
	hold tap-np -c -m tap -o vnet_hdr -N 'qemu-sys'
	tt add tap-held
	hold tap-held
	run --separate-stderr tt save
	[ "$status" -eq 0 ]
	assert_contains "$output" "# tap-held: held by tunhold (pid "
	assert_contains "$output" "its pi, vnet_hdr and one_queue are what that program asked for"
	assert_contains "$output" "add tap-held mode tap addrgenmode"
	assert_contains "$output" "# tap-np: not saved: it is not persistent (it belongs to qemu-sys (pid "
	refute_contains "$output" "add tap-np"
	run tt -j save
	"$BATS_TEST_DIRNAME/validate-report" --save <<<"$output"
	[ "$(jq -c '[.devices[] | [.device, .saved]]' <<<"$output")" = '[["tap-held",true],["tap-np",false]]' ]
	[ "$(jq -r '.devices[1].line' <<<"$output")" = null ]
}

@test "save: names sorted; names and filters choose; -n NETNS saves that namespace's devices" {
	tt add tap-b
	tt add tap-a
	tt add tun-c user nobody 2>/dev/null
	run tt save
	[ "$(cut -d' ' -f2 <<<"$output" | tr '\n' ' ')" = "tap-a tap-b tun-c " ]
	run tt save mode tun
	[ "$(cut -d' ' -f2 <<<"$output" | tr '\n' ' ')" = "tun-c " ]
	run tt save tap-b
	[ "$(cut -d' ' -f2 <<<"$output" | tr '\n' ' ')" = "tap-b " ]
	run --separate-stderr tt save tap-b nosuch
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: nosuch: no such device" ]
	netns_add other
	tt add tap-other netns other
	run tt -n other save
	[ "$output" = "$(tt -n other save tap-other)" ]
	assert_contains "$output" "add tap-other mode tap"
	refute_contains "$output" "tap-a"
	run tt -j save
	"$BATS_TEST_DIRNAME/validate-report" --save <<<"$output"
	[ "$(jq -r '.devices | map(.device) | join(" ")' <<<"$output")" = "tap-a tap-b tun-c" ]
	# A save line of a -j batch: its entries in the change report, as
	# a show line's rows are, and nothing else on standard output.
	printf 'show tap-a\nsave tap-a tun-c\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -j -b "$BATS_TEST_TMPDIR/f"
	[ "$status" -eq 0 ]
	assert_lines "$output" 1
	"$BATS_TEST_DIRNAME/validate-report" <<<"$output"
	[ "$(jq -c '[.results[] | [.command, .line, [.devices[] | .device // .ifname]]]' <<<"$output")" = \
		'[["show",1,["tap-a"]],["save",2,["tap-a","tun-c"]]]' ]
	[ "$(jq -r '.results[1].devices[0].line' <<<"$output")" = "$(tt save tap-a)" ]
}

@test "save: --dry-run and show's options are usage errors" {
	usage_error "save: --dry-run is for the commands that change devices" --dry-run save
	usage_error "save: --details is for show" -d save
}
