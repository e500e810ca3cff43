#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# show: compared with what ip and sysfs say about the same devices.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# Our JSON object for one device.
ours() {
	tt -j show | jq -c --arg n "$1" '.[] | select(.ifname == $n)'
}

# Check every key of our JSON for device $1 against ip and sysfs.
check_device() {
	local dev=$1 o ipj addrs
	o=$(ours "$dev")
	[ -n "$o" ] || { echo "$dev missing from show -j" >&2; return 1; }
	ipj=$(link_json "$dev" | jq -c '.[0]')
	addrs=$(ns ip -j addr show dev "$dev" | jq -c '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | sort')
	local owner group flags
	owner=$(sysfs "$dev" owner)
	group=$(sysfs "$dev" group)
	flags=$(( $(sysfs "$dev" tun_flags) ))
	jq -e -n --argjson o "$o" --argjson ip "$ipj" --argjson addrs "$addrs" \
		--argjson owner "$owner" --argjson group "$group" \
		--argjson flags "$flags" '
		def idv(v): if v == -1 then null else v end;
		($o | keys | sort) == (["addr_info","address","addresses","addrgenmode",
			"alias","carrier","group","group_name","ifindex","ifname",
			"master","mtu","multi_queue","one_queue","operstate",
			"persist","pi","state",
			"txqueuelen","type","up","user","user_name",
			"vnet_hdr"] | sort) and
		$o.ifname == $ip.ifname and $o.ifindex == $ip.ifindex and
		$o.type == $ip.linkinfo.info_data.type and
		$o.pi == $ip.linkinfo.info_data.pi and
		$o.vnet_hdr == $ip.linkinfo.info_data.vnet_hdr and
		$o.multi_queue == $ip.linkinfo.info_data.multi_queue and
		$o.persist == $ip.linkinfo.info_data.persist and
		$o.pi == (($flags / 4096 | floor) % 2 == 0) and
		$o.persist == (($flags / 2048 | floor) % 2 == 1) and
		$o.one_queue == (($flags / 8192 | floor) % 2 == 1) and
		$o.user == idv($owner) and $o.group == idv($group) and
		$o.mtu == $ip.mtu and $o.txqueuelen == $ip.txqlen and
		$o.address == (if $ip.link_type == "ether" then $ip.address else null end) and
		$o.operstate == ($ip.operstate | ascii_downcase) and
		$o.up == ($ip.flags | index("UP") != null) and
		$o.state == (if ($ip.flags | index("UP")) == null then "down"
			elif ($ip.flags | index("NO-CARRIER")) then "no-carrier"
			else "up" end) and
		$o.carrier == ($ip.flags | index("NO-CARRIER") == null and index("UP") != null) and
		$o.master == $ip.master and
		$o.alias == $ip.ifalias and
		$o.addrgenmode == ($ip.inet6_addr_gen_mode |
			if . == "stable_secret" then "stable_privacy" else . end) and
		($o.addresses | sort) == $addrs and
		($o.addr_info | map("\(.local)/\(.prefixlen)") | sort) == $addrs
	' >/dev/null || {
		echo "mismatch for $dev: ours $o" >&2
		echo "ip: $ipj" >&2
		return 1
	}
}

@test "JSON matches ip and sysfs for devices made by ip tuntap, every flag combination" {
	local i=0 mode flags
	while read -r mode flags; do
		ns ip tuntap add d$i mode $mode $flags
		i=$((i + 1))
	done < <(flag_combinations)
	ns ip tuntap add u0 mode tap user 0 group 0
	ns ip tuntap add u1 mode tun user 4000000 group 4000001
	ns ip tuntap add u2 mode tap group 65534
	# one_queue, which only tun_flags tells (ip -j shows no such key).
	ns ip tuntap add u3 mode tap one_queue vnet_hdr
	for dev in $(seq -f 'd%g' 0 15) u0 u1 u2 u3; do
		check_device "$dev"
	done
	run tt -j show
	[ "$(echo "$output" | jq length)" -eq 20 ]
	[ "$(ours u3 | jq -c '[.one_queue, .vnet_hdr]')" = '[true,true]' ]
	[ "$(ours d0 | jq .one_queue)" = false ]
	# Names where they resolve, null where they do not.
	[ "$(ours u0 | jq -r .user_name)" = root ]
	[ "$(ours u1 | jq -c '[.user, .group, .user_name, .group_name]')" = '[4000000,4000001,null,null]' ]
	[ "$(ours u2 | jq -c '[.user, .group_name]')" = "[null,\"$(getent group 65534 | cut -d: -f1)\"]" ]
}

@test "JSON matches ip for devices made by add: link settings, addresses, master" {
	ns ip link add br0 type bridge
	tt add tap0 user 1000 mtu 9000 address 02:00:00:00:00:05 addr 192.0.2.1/24 addr 2001:db8::1/64 master br0 txqueuelen 42 up >/dev/null
	tt add tun0 addr 198.51.100.1 >/dev/null
	settle
	check_device tap0
	check_device tun0
	[ "$(ours tap0 | jq -r .master)" = br0 ]
	[ "$(ours tun0 | jq -r .address)" = null ]
}

@test "only tun/tap devices are listed; [] when nothing matches" {
	ns ip link add br0 type bridge
	ns ip link add v0 type veth peer name v1
	ns ip link add mvt0 link v0 type macvtap
	run tt -j show
	[ "$status" -eq 0 ]
	[ "$output" = "[]" ]
	run tt show
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	tt add tap0 >/dev/null
	run tt show -N
	[ "$output" = tap0 ]
}

@test "text: one aligned line per device, names with ids, - when unset" {
	tt add tap0 user 0 group 0 vnet_hdr >/dev/null
	tt add tun10 user 4000000 pi multi_queue >/dev/null
	run --separate-stderr tt show
	[ "$status" -eq 0 ]
	assert_lines "$output" 3
	header=$(echo "$output" | sed -n 1p)
	line0=$(echo "$output" | grep '^tap0 ')
	line1=$(echo "$output" | grep '^tun10 ')
	# Columns line up with the header.
	for col in TYPE FLAGS USER GROUP STATE CARRIER MTU; do
		pos=$(awk -v h="$header" -v c="$col" 'BEGIN { print index(h, c) }')
		[ "${line0:$((pos - 1)):1}" != " " ]
		[ "${line1:$((pos - 1)):1}" != " " ]
	done
	[[ "$line0" =~ ^tap0\ +tap\ +vnet_hdr,persist\ +root\(0\)\ +root\(0\)\ +down\ +off\ +1500$ ]]
	[[ "$line1" =~ ^tun10\ +tun\ +pi,multi_queue,persist\ +4000000\ +-\ +down\ +off\ +1500$ ]]
}

@test "STATE is one word for admin state and carrier, the same in show, --brief and JSON" {
	tt add tap0 >/dev/null
	tt add tap1 up >/dev/null
	tt add tap2 up >/dev/null
	hold tap2
	run tt show
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk 'NR > 1 { print $1, $6, $7 }')" = "tap0 down off
tap1 no-carrier off
tap2 up on" ]
	run tt --brief show
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk '{ print $1, $3 }')" = "tap0 down
tap1 no-carrier
tap2 up" ]
	run tt -j show
	[ "$(echo "$output" | jq -r '.[] | "\(.ifname) \(.state) \(.up) \(.carrier)"')" = "tap0 down false false
tap1 no-carrier true false
tap2 up true true" ]
	run tt -j --brief show
	[ "$(echo "$output" | jq -r '.[] | "\(.ifname) \(.state)"')" = "tap0 down
tap1 no-carrier
tap2 up" ]
	# The kernel agrees.
	[ "$(ns cat /sys/class/net/tap1/carrier)" = 0 ]
	[ "$(ns cat /sys/class/net/tap2/carrier)" = 1 ]
	unhold "$HOLD_PID"
}

@test "-d adds MAC, master, txqueuelen, queues, addrgenmode, addresses, holders and alias" {
	ns ip link add br0 type bridge
	tt add tap0 address 02:00:00:00:00:07 master br0 addr 192.0.2.1/24 txqlen 99 \
		addrgenmode none alias "vm web" >/dev/null
	hold tap0
	run tt -d show tap0
	[ "$status" -eq 0 ]
	line=$(echo "$output" | sed -n 2p)
	[[ "$line" =~ ^tap0\ .*\ 02:00:00:00:00:07\ +br0\ +99\ +1\ +none\ +192.0.2.1/24\ +tunhold\($HOLD_PID\)\ +vm\ web$ ]]
	head=$(echo "$output" | sed -n 1p)
	[[ "$head" =~ MAC\ +MASTER\ +TXQLEN\ +QUEUES\ +ADDRGENMODE\ +ADDRESSES\ +PROCESSES\ +ALIAS$ ]]
	unhold "$HOLD_PID"
}

@test "-j -d lists the processes holding a device and its queues" {
	tt add tap0 multi_queue >/dev/null
	tt add tap1 >/dev/null
	hold tap0 -q 3
	run tt -j -d show
	[ "$status" -eq 0 ]
	echo "$output" | jq -e --argjson pid "$HOLD_PID" '
		(.[] | select(.ifname == "tap0") |
			.queues == 3 and .disabled_queues == 0 and
			.processes == [{"pid": $pid, "comm": "tunhold"}]) and
		(.[] | select(.ifname == "tap1") | .queues == 0 and .processes == [])'
	# The options may also follow the command.
	run tt show -d -j tap0
	echo "$output" | jq -e --argjson pid "$HOLD_PID" '.[0].processes[0].pid == $pid'
	unhold "$HOLD_PID"
}

@test "a holder in another network namespace is not reported" {
	tt add tap0 >/dev/null
	# tap0 in a second namespace, held there.
	unshare -n sh -c 'ip tuntap add tap0 mode tap && exec "$1" -m tap -H -r "$2" tap0' \
		sh "$TUNHOLD" "$BATS_TEST_TMPDIR/other" &
	other=$!
	wait_ready "$BATS_TEST_TMPDIR/other" "$other"
	run tt -j -d show tap0
	echo "$output" | jq -e '.[0].processes == []'
	kill "$other"
	wait "$other" || true
}

@test "JSON stays exact for names with quotes and backslashes, and says when a name is not UTF-8" {
	ns ip tuntap add 'a"b\c' mode tap
	ns ip tuntap add $'t\xff\xfex' mode tun
	run tt -j show
	[ "$status" -eq 0 ]
	echo "$output" | python3 -m json.tool >/dev/null
	# The exact name; no flag.
	echo "$output" | jq -e 'map(select(.ifname == "a\"b\\c")) | length == 1 and (.[0] | has("ifname_escaped") | not)'
	# Not UTF-8: the text form (never U+FFFD, never another name), and
	# a flag that says so.
	echo "$output" | jq -e 'map(select(.ifname_escaped)) | length == 1 and .[0].ifname == "t\\xff\\xfex"'
	run tt -j -p -d show
	echo "$output" | python3 -m json.tool >/dev/null
	[ "$(echo "$output" | grep -c '')" -gt 10 ]
	# Names only: escaped as all text is, backslash included.
	run tt show --names
	[ "$output" = 'a"b\\c
t\xff\xfex' ]
}

@test "filters: mode, user, group, master, and names, combined with AND" {
	ns ip link add br0 type bridge
	tt add tap0 user 1000 master br0 >/dev/null
	tt add tap1 user 1000 group 100 >/dev/null
	tt add tun0 user 1000 group 100 >/dev/null
	tt add tun1 >/dev/null
	names() { tt show -N "$@" | tr '\n' ' '; }
	[ "$(names mode tap)" = "tap0 tap1 " ]
	[ "$(names mode tun)" = "tun0 tun1 " ]
	[ "$(names user 1000)" = "tap0 tap1 tun0 " ]
	[ "$(names user root)" = "" ]
	[ "$(names group 100 mode tun)" = "tun0 " ]
	[ "$(names master br0)" = "tap0 " ]
	[ "$(names user none)" = "tun1 " ]
	[ "$(names tap0 tun1 mode tap)" = "tap0 " ]
	refuses 1 "no such user 'nobodyhere'" show user nobodyhere
	refuses 1 "br9: no such device (given as master)" show master br9
}

@test "a missing or non-tun name is an error after the others are shown" {
	ns ip link add br0 type bridge
	tt add tap0 >/dev/null
	tt add tap1 >/dev/null
	run --separate-stderr tt show -N tap1 nothere br0 tap0
	[ "$status" -eq 1 ]
	[ "$output" = "tap1
tap0" ]
	assert_contains "$stderr" "nothere: no such device"
	assert_contains "$stderr" "br0: not a TUN/TAP device (it is a bridge)"
	run --separate-stderr tt -j show nothere
	[ "$status" -eq 1 ]
	[ "$output" = "[]" ]
}

@test "show works for an unprivileged user" {
	tt add tap0 user 1000 addr 192.0.2.1/24 >/dev/null
	hold tap0
	ns_unpriv_bin
	run --separate-stderr as_user 65534 65534 "$UTT" -d -j show
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	echo "$output" | jq -e '.[0].ifname == "tap0" and .[0].user == 1000 and
		.[0].addresses == ["192.0.2.1/24"] and .[0].queues == 1'
	unhold "$HOLD_PID"
}

@test "a closed or full stdout is an error, not a silent success" {
	tt add tap0 >/dev/null
	run --separate-stderr ns sh -c '"$1" show >/dev/full' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "write error: No space left on device"
	run --separate-stderr ns sh -c '"$1" -j show >&-' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "write error"
}
