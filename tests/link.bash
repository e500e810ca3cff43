# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by add-link.bats and set.bats: the namespace with a user "alice",
# and the link facts and addresses read back with ip.

load helpers

setup() {
	ns_setup
	# A user "alice" (uid 1000) that exists only inside this test's mount
	# namespace, so the example runs word for word.
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	echo "alice:x:1000:1000:Alice:/nonexistent:/usr/sbin/nologin" \
		>>"$BATS_TEST_TMPDIR/passwd"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
}

teardown() {
	ns_teardown
}

field() {
	link_json "$1" | jq -r ".[0].$2"
}

addrs() {
	ns ip -j addr show dev "$1" |
		jq -r '.[0].addr_info[] | select(.scope != "link") | "\(.local)/\(.prefixlen)"' |
		sort | tr '\n' ' '
}
