#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible module (contrib/ansible/library/tuntapctl.py) with Debian's
# ansible-core, against localhost inside the test's namespace: plays that
# create (changed), run again (ok), run in check mode after an edit
# (changed, nothing applied) with a diff, fail in tuntapctl's words, and
# remove; a whole file, with prune; exclusive addresses, which reach the
# asked state in one run; alias, txqueuelen, addrgenmode and index.
# Kernel state is read back with ip and sysfs.

load helpers

LIBRARY=$BATS_TEST_DIRNAME/../contrib/ansible/library

setup() {
	command -v ansible-playbook >/dev/null ||
		skip "ansible-core is not installed (apt-get install ansible-core)"
	ns_setup
	ns ip link add br0 type bridge
	# The module finds tuntapctl in PATH, as on a host that installed it.
	BIN=$BATS_TEST_TMPDIR/bin
	mkdir -p "$BIN" "$BATS_TEST_TMPDIR/ansible"
	ln -s "$(readlink -f "$TUNTAPCTL")" "$BIN/tuntapctl"
}

teardown() {
	ns_teardown
}

# play FILE [ARGS...]: ansible-playbook on localhost in the namespace;
# RECAP is then "ok=N changed=N failed=N" from the play's recap.
play() {
	local a=$BATS_TEST_TMPDIR/ansible
	run --separate-stderr ns env PATH="$BIN:$PATH" \
		ANSIBLE_HOME="$a" ANSIBLE_LOCAL_TEMP="$a/tmp" \
		ANSIBLE_REMOTE_TEMP="$a/tmp" ANSIBLE_LIBRARY="$LIBRARY" \
		ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1 \
		ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_FORCE_COLOR=0 \
		ansible-playbook -i localhost, -c local "$@"
	RECAP=$(echo "$output" | sed -nE 's/^localhost +: ok=([0-9]+) +changed=([0-9]+) .*failed=([0-9]+).*/ok=\1 changed=\2 failed=\3/p')
	echo "$output" >&2
	echo "$stderr" >&2
}

# check_play FILE: a play in check mode, with a diff, that would change
# something (changed=1) and changes nothing.
check_play() {
	local before
	before=$(ns_state)
	play --check --diff "$1"
	[ "$status" -eq 0 ] || return 1
	[ "$RECAP" = "ok=1 changed=1 failed=0" ] || return 1
	[ "$(ns_state)" = "$before" ]
}

playbook() {
	local f=$BATS_TEST_TMPDIR/$1
	printf -- '- hosts: localhost\n  gather_facts: false\n  tasks:\n' >"$f"
	cat >>"$f"
	echo "$f"
}

@test "ansible-doc reads the module's documentation; its options are the module's" {
	ANSIBLE_HOME=$BATS_TEST_TMPDIR/ansible ansible-doc -M "$LIBRARY" -j tuntapctl >"$BATS_TEST_TMPDIR/doc"
	run /usr/bin/python3 - "$BATS_TEST_TMPDIR/doc" "$LIBRARY" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))["tuntapctl"]
sys.path.insert(0, sys.argv[2])
import tuntapctl
opts = doc["doc"]["options"]
spec = tuntapctl.ARGUMENT_SPEC
bad = sorted(set(opts) ^ set(spec))
for k in set(opts) & set(spec):
    for f in ("type", "choices", "default", "elements"):
        if opts[k].get(f) != spec[k].get(f):
            bad.append("%s.%s: doc %r, code %r" % (k, f, opts[k].get(f), spec[k].get(f)))
assert doc["examples"] and doc["return"], "no EXAMPLES or RETURN"
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "a play creates (changed), runs again (ok), checks an edit (changed, nothing applied, a diff), removes" {
	pb=$(playbook create.yml <<'EOF2'
    - tuntapctl:
        name: tap0
        mode: tap
        user: "1000"
        group: "100"
        flags: [vnet_hdr]
        mtu: 9000
        addresses: [192.0.2.1/24, 2001:db8::1/64]
        master: br0
        up: true
    - tuntapctl:
        name: tun0
        mode: tun
        flags: [pi]
        addresses: [10.0.0.1/24]
EOF2
)
	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(ns ip -d -j link show tap0 | jq -c '.[0] | [.mtu, .master, .linkinfo.info_data.type, .linkinfo.info_data.vnet_hdr, (.flags | index("UP") != null)]')" = \
		'[9000,"br0","tap",true,true]' ]
	[ "$(sysfs tap0 owner):$(sysfs tap0 group)" = 1000:100 ]
	[ "$(ns ip -j addr show tap0 | jq -c '[.[0].addr_info[] | select(.scope == "global") | .local] | sort')" = '["192.0.2.1","2001:db8::1"]' ]
	[ "$(sysfs tun0 tun_flags)" = 0x801 ]
	[ "$(ns ip -j addr show tun0 | jq -r '.[0].addr_info[0].local')" = 10.0.0.1 ]

	before=$(ns_state)
	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=0 failed=0" ]
	[ "$(ns_state)" = "$before" ]

	# An edit, in check mode with a diff: changed, and nothing applied.
	sed -i 's/mtu: 9000/mtu: 1400/; s|\[10.0.0.1/24\]|[10.0.0.1/24, 10.0.1.1/24]|' "$pb"
	play --check --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_contains "$output" '--- before: tap0'
	assert_contains "$output" '+++ after: tap0'
	assert_contains "$output" '-mtu: 9000'
	assert_contains "$output" '+mtu: 1400'
	assert_contains "$output" '+addresses: ["10.0.0.1/24", "10.0.1.1/24"]'

	# Applied for real, it does what the check said.
	play --diff "$pb"
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(ns ip -j link show tap0 | jq '.[0].mtu')" -eq 1400 ]

	pb=$(playbook remove.yml <<'EOF2'
    - tuntapctl: {name: tap0, state: absent}
    - tuntapctl: {name: tun0, state: absent}
EOF2
)
	play --check "$pb"
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	assert_exists tap0
	play --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	assert_contains "$output" '-mtu: 1400'
	assert_absent tap0
	assert_absent tun0
	play "$pb"
	[ "$RECAP" = "ok=2 changed=0 failed=0" ]
}

@test "what tuntapctl refuses fails the task in tuntapctl's words and changes nothing" {
	tt add tap0 mode tap mtu 1400 >/dev/null
	before=$(ns_state)
	pb=$(playbook bad.yml <<'EOF2'
    - tuntapctl: {name: tap0, mode: tun, mtu: 9000}
EOF2
)
	play "$pb"
	[ "$status" -ne 0 ]
	[ "$RECAP" = "ok=0 changed=0 failed=1" ]
	assert_contains "$output" "tap0: exists as 'tap', but the line asks for 'tun'; nothing changed"
	[ "$(ns_state)" = "$before" ]
	pb=$(playbook bad2.yml <<'EOF2'
    - tuntapctl: {name: tap1, mode: tap, master: nobr}
EOF2
)
	play --check "$pb"
	[ "$RECAP" = "ok=0 changed=0 failed=1" ]
	assert_contains "$output" "tap1: cannot set master nobr: there is no device nobr (make the bridge first: ip link add nobr type bridge); nothing was made"
	[ "$(ns_state)" = "$before" ]
}

@test "a whole file of lines; exclusive addresses" {
	printf 'add tap0 mode tap mtu 9000 up\nadd tun0 mode tun addr 10.0.0.1/24\n' >"$BATS_TEST_TMPDIR/boot.conf"
	pb=$(playbook file.yml <<EOF2
    - tuntapctl: {file: $BATS_TEST_TMPDIR/boot.conf}
EOF2
)
	play --check "$pb"
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	assert_absent tap0
	play "$pb"
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns ip -j link show tap0 | jq '.[0].mtu')" -eq 9000 ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]

	tt set tun0 addr 10.9.9.9/8 >/dev/null
	pb=$(playbook excl.yml <<'EOF2'
    - tuntapctl:
        name: tun0
        mode: tun
        addresses: [10.0.0.1/24, 192.0.2.7/32]
        exclusive_addresses: true
EOF2
)
	play --check --diff "$pb"
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	assert_contains "$output" '+addresses: ["10.0.0.1/24", "192.0.2.7/32"]'
	[ "$(ns ip -j addr show tun0 | jq -c '[.[0].addr_info[].local] | sort')" = '["10.0.0.1","10.9.9.9"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns ip -j addr show tun0 | jq -c '[.[0].addr_info[].local] | sort')" = '["10.0.0.1","192.0.2.7"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
}

# The device's addresses as ADDR/PREFIX, sorted.
addrs_of() {
	ns ip -j addr show dev "$1" | jq -c '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | sort'
}

# What the kernel says of the device's alias, queue length, IPv6 address
# generation mode (ip calls stable_privacy stable_secret) and index.
link_of() {
	ns ip -d -j link show dev "$1" | jq -c '.[0] | [.ifalias, .txqlen, .inet6_addr_gen_mode, .ifindex]'
}

@test "a whole file with prune: the devices it does not name go, in check mode nothing does, a program's is kept" {
	printf 'add tap0 mode tap mtu 9000\n' >"$BATS_TEST_TMPDIR/boot.conf"
	tt add tap0 mode tap mtu 9000 >/dev/null
	tt add tap5 mode tap >/dev/null
	ns ip tuntap add tun7 mode tun
	# A program's device, not persistent: never touched.
	nsenter -t "$NS_PID" -n -m -- "$TUNHOLD" -c -m tap -H -r "$BATS_TEST_TMPDIR/made" tapq 3>&- &
	pid=$!
	HOLD_PIDS="${HOLD_PIDS:-} $pid"
	wait_ready "$BATS_TEST_TMPDIR/made" "$pid"
	pb=$(playbook prune.yml <<EOF2
    - tuntapctl: {file: $BATS_TEST_TMPDIR/boot.conf, prune: true}
EOF2
)
	check_play "$pb"
	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns ip -j link show | jq -r '[.[].ifname] | sort | join(" ")')" = "br0 lo tap0 tapq" ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
	pb=$(playbook noprune.yml <<'EOF2'
    - tuntapctl: {name: tap0, mode: tap, prune: true}
EOF2
)
	play "$pb"
	[ "$status" -ne 0 ]
	assert_contains "$output" "prune needs file"
	kill "$pid"
	wait "$pid" || true
}

@test "exclusive addresses: a new address in the subnet of the one it replaces is there after one run" {
	# 10.8.0.2/24 would be a secondary of 10.8.0.1/24, which the kernel
	# deletes with its primary.
	tt add tun0 mode tun addr 10.8.0.1/24 >/dev/null
	pb=$(playbook renumber.yml <<'EOF2'
    - tuntapctl:
        name: tun0
        mode: tun
        addresses: [10.8.0.2/24]
        exclusive_addresses: true
EOF2
)
	before=$(ns_state)
	play --check --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_contains "$output" '-addresses: ["10.8.0.1/24"]'
	assert_contains "$output" '+addresses: ["10.8.0.2/24"]'
	refute_contains "$output" '+addresses: []'
	refute_contains "$stderr" 'ends with addresses'

	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(addrs_of tun0)" = '["10.8.0.2/24"]' ]
	refute_contains "$stderr" 'ends with addresses'
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
	[ "$(addrs_of tun0)" = '["10.8.0.2/24"]' ]
}

@test "exclusive addresses: a wanted secondary, primaries with their secondaries, IPv6 addresses the link loses going down" {
	# 10.8.0.2 is the secondary of 10.8.0.1, 10.9.0.5 of 10.9.0.1; taking
	# the link down drops both IPv6 addresses.
	tt add tun0 mode tun addr 10.8.0.1/24 addr 10.8.0.2/24 addr 10.9.0.1/24 \
		addr 10.9.0.5/24 addr 2001:db8::1/64 addr 2001:db8::2/64 up >/dev/null
	[ "$(ns ip -j addr show tun0 | jq -c '[.[0].addr_info[] | select(.secondary) | .local] | sort')" = '["10.8.0.2","10.9.0.5"]' ]
	pb=$(playbook excl2.yml <<'EOF2'
    - tuntapctl:
        name: tun0
        mode: tun
        addresses: [10.8.0.2/24, "2001:DB8::0:1/64"]
        exclusive_addresses: true
        up: false
EOF2
)
	before=$(ns_state)
	play --check --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_contains "$output" '+addresses: ["10.8.0.2/24", "2001:db8::1/64"]'
	refute_contains "$stderr" 'ends with addresses'

	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(addrs_of tun0)" = '["10.8.0.2/24","2001:db8::1/64"]' ]
	[ "$(ns ip -j link show tun0 | jq -c '.[0].flags | index("UP")')" = null ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
	[ "$(addrs_of tun0)" = '["10.8.0.2/24","2001:db8::1/64"]' ]
}

@test "alias, txqueuelen, addrgenmode and index: made, read back, run again (ok), edited in check mode (nothing applied), applied" {
	# stable_privacy needs a secret: the namespace's own sysctl.
	ns sysctl -q -w net.ipv6.conf.default.stable_secret=2001:db8::1234
	pb=$(playbook link.yml <<'EOF2'
    - tuntapctl:
        name: tap0
        mode: tap
        alias: vm web-1 uplink
        txqueuelen: 1000
        addrgenmode: none
        index: 42
    - tuntapctl:
        name: tun0
        mode: tun
        alias: vpn
        txqueuelen: 200
        addrgenmode: random
        index: 4242
EOF2
)
	before=$(ns_state)
	play --check "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_absent tap0
	assert_absent tun0

	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(link_of tap0)" = '["vm web-1 uplink",1000,"none",42]' ]
	[ "$(link_of tun0)" = '["vpn",200,"random",4242]' ]

	before=$(ns_state)
	play "$pb"
	[ "$RECAP" = "ok=2 changed=0 failed=0" ]
	[ "$(ns_state)" = "$before" ]

	sed -i 's/web-1/web-2/; s/txqueuelen: 1000/txqueuelen: 2000/; s/addrgenmode: none/addrgenmode: stable_privacy/; s/alias: vpn/alias: ""/' "$pb"
	play --check --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_contains "$output" '-alias: "vm web-1 uplink"'
	assert_contains "$output" '+alias: "vm web-2 uplink"'
	assert_contains "$output" '+txqueuelen: 2000'
	assert_contains "$output" '+addrgenmode: "stable_privacy"'
	assert_contains "$output" '-alias: "vpn"'

	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=2 changed=2 failed=0" ]
	[ "$(link_of tap0)" = '["vm web-2 uplink",2000,"stable_secret",42]' ]
	[ "$(link_of tun0)" = '[null,200,"random",4242]' ]
	before=$(ns_state)
	play "$pb"
	[ "$RECAP" = "ok=2 changed=0 failed=0" ]
	[ "$(ns_state)" = "$before" ]
}

@test "index is given at creation only: another index fails the task, in check mode too, and changes nothing" {
	tt add tun0 mode tun index 42 addr 10.0.0.1/24 >/dev/null
	before=$(ns_state)
	pb=$(playbook index.yml <<'EOF2'
    - tuntapctl:
        name: tun0
        mode: tun
        index: 43
        mtu: 1400
        addresses: [10.0.0.2/24]
        exclusive_addresses: true
EOF2
)
	for check in --check ""; do
		play $check "$pb"
		[ "$status" -ne 0 ]
		[ "$RECAP" = "ok=0 changed=0 failed=1" ]
		assert_contains "$output" "tun0: exists with index 42, but the line asks for index 43; nothing changed"
		[ "$(ns_state)" = "$before" ]
	done

	sed -i 's/index: 43/index: 42/' "$pb"
	play "$pb"
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(link_of tun0)" = '[null,500,"eui64",42]' ]
	[ "$(addrs_of tun0)" = '["10.0.0.2/24"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
}

@test "exclusive addresses with an alias of blanks, quotes and backslashes, or empty: quoted in the batch lines" {
	tt add tun0 mode tun addr 10.8.0.1/24 alias old >/dev/null
	pb=$(playbook alias.yml <<'EOF2'
    - tuntapctl:
        name: tun0
        mode: tun
        alias: vpn to site b
        addresses: [10.8.0.2/24]
        exclusive_addresses: true
EOF2
)
	before=$(ns_state)
	play --check --diff "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(ns_state)" = "$before" ]
	assert_contains "$output" '+alias: "vpn to site b"'
	assert_contains "$output" '+addresses: ["10.8.0.2/24"]'

	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(link_of tun0 | jq -c '.[0]')" = '"vpn to site b"' ]
	[ "$(addrs_of tun0)" = '["10.8.0.2/24"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]

	sed -i 's/alias: vpn to site b/alias: ""/; s|10.8.0.2/24|10.8.0.3/24|' "$pb"
	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(link_of tun0 | jq -c '.[0]')" = null ]
	[ "$(addrs_of tun0)" = '["10.8.0.3/24"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]

	sed -i "s/alias: \"\"/alias: 'it''s \"b\" \\\\ #c'/; s|10.8.0.3/24|10.8.0.4/24|" "$pb"
	grep -F "alias: 'it''s \"b\" \\ #c'" "$pb"
	play "$pb"
	[ "$status" -eq 0 ]
	[ "$RECAP" = "ok=1 changed=1 failed=0" ]
	[ "$(link_of tun0 | jq -c '.[0]')" = '"it'"'"'s \"b\" \\ #c"' ]
	[ "$(addrs_of tun0)" = '["10.8.0.4/24"]' ]
	play "$pb"
	[ "$RECAP" = "ok=1 changed=0 failed=0" ]
}

@test "the module warns when the report ends with other addresses than the task asks, and only then" {
	run /usr/bin/python3 - "$LIBRARY" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from tuntapctl import missed_addresses
def report(new):
    return {"results": [{"device": "tun0", "changes":
                         {"addresses": {"old": ["10.8.0.1/24"], "new": new}}}]}
p = dict(name="tun0", state="present", file=None,
         addresses=["10.8.0.2/24", "2001:DB8::0:1/64"], exclusive_addresses=True)
print(missed_addresses(p, report([])))
print(missed_addresses(p, report(["10.8.0.2/24", "2001:db8::1/64", "10.8.0.9/24"])))
print(missed_addresses(p, report(["10.8.0.2/24", "2001:db8::1/64", "fe80::1/64"])))
print(missed_addresses(p, {"results": []}))
p["exclusive_addresses"] = False
print(missed_addresses(p, report(["10.8.0.2/24", "2001:db8::1/64", "10.8.0.9/24"])))
PY
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = 'tun0 ends with addresses [], not the ["10.8.0.2/24", "2001:DB8::0:1/64"] asked for
tun0 ends with addresses ["10.8.0.2/24", "2001:db8::1/64", "10.8.0.9/24"], not the ["10.8.0.2/24", "2001:DB8::0:1/64"] asked for
None
None
None' ]
}
