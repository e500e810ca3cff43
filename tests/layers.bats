#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The layering rule of HACKING.md, checked against the code's own
# includes: its table is read from HACKING.md, so the rule has one home.

load helpers

SRC=$BATS_TEST_DIRNAME/../src
HACKING=$BATS_TEST_DIRNAME/../HACKING.md

# "FILE LEVEL" for every file HACKING.md's table names.
levels() {
	sed -n 's/^level \([0-9]\), [a-z ]*: *\(.*\)$/\1 \2/p' "$HACKING" |
		while read -r level files; do
			for f in $files; do echo "$f $level"; done
		done
}

level_of() {
	levels | awk -v f="$1" '$1 == f { print $2 }'
}

# The stems (file names without .c or .h) under src/.
stems() {
	ls "$SRC" | sed -n 's/\.[ch]$//p' | sort -u
}

# "FROM TO" for each include of one of ours (config.h aside).
includes() {
	local f stem
	for f in "$SRC"/*.[ch]; do
		stem=$(basename "$f" | sed 's/\.[ch]$//')
		sed -n 's/^#include "\([a-z-]*\)\.h"$/\1/p' "$f" | grep -vx config |
			grep -vx "$stem" | sed "s/^/$stem /"
	done | sort -u
}

@test "every file under src/ is in HACKING.md's table, once" {
	[ "$(levels | wc -l)" -gt 20 ]
	run sh -c "sed -n 's/^level [0-9], [a-z ]*: *//p' '$HACKING' | tr ' ' '\n' | grep . | sort | uniq -d"
	[ -z "$output" ]
	diff <(stems) <(levels | cut -d' ' -f1 | sort)
}

@test "a file includes only headers of its own level or below" {
	local from to bad=''
	levels >"$BATS_TEST_TMPDIR/levels"
	while read -r from to; do
		a=$(awk -v f="$from" '$1 == f { print $2 }' "$BATS_TEST_TMPDIR/levels")
		b=$(awk -v f="$to" '$1 == f { print $2 }' "$BATS_TEST_TMPDIR/levels")
		[ "$b" -le "$a" ] || bad+=" $from($a)->$to($b)"
	done < <(includes)
	[ -z "$bad" ] || {
		echo "upward:$bad" >&2
		false
	}
}

@test "a command includes no other command's header" {
	run sh -c "$(declare -f includes); SRC='$SRC' includes" 
	bad=$(printf '%s\n' "$output" | awk '$1 ~ /^cmd-/ && $2 ~ /^cmd-/')
	[ -z "$bad" ] || {
		echo "between commands: $bad" >&2
		false
	}
}

@test "no cycle among the files of one level" {
	levels >"$BATS_TEST_TMPDIR/levels"
	includes >"$BATS_TEST_TMPDIR/includes"
	python3 - "$BATS_TEST_TMPDIR/levels" "$BATS_TEST_TMPDIR/includes" <<'EOF'
import sys
level = dict(l.split() for l in open(sys.argv[1]))
edges = {}
for line in open(sys.argv[2]):
    a, b = line.split()
    if level[a] == level[b]:
        edges.setdefault(a, []).append(b)
state = {}
def visit(n, path):
    if state.get(n) == 1:
        sys.exit("cycle: " + " -> ".join(path + [n]))
    if state.get(n) == 2:
        return
    state[n] = 1
    for m in edges.get(n, []):
        visit(m, path + [n])
    state[n] = 2
for n in list(edges):
    visit(n, [])
EOF
}

@test "the kernel layer writes nothing for people" {
	local f bad=''
	for f in $(levels | awk '$2 == 1 { print $1 }'); do
		[ -e "$SRC/$f.c" ] || continue
		if grep -nE '\b(printf|fprintf|fputs|puts|perror|report|report_fail|report_usage)\(' "$SRC/$f.c" >"$BATS_TEST_TMPDIR/hits"; then
			bad+=" $f.c: $(head -n 1 "$BATS_TEST_TMPDIR/hits")"
		fi
	done
	[ -z "$bad" ] || {
		echo "prints:$bad" >&2
		false
	}
}

@test "every source file has its licence line, then says what it owns" {
	local f bad=''
	for f in "$SRC"/*.[ch]; do
		[ "$(head -n 1 "$f")" = "/* SPDX-License-Identifier: GPL-2.0-or-later */" ] &&
			sed -n 2p "$f" | grep -q '^/\* [A-Za-z]' || bad+=" $(basename "$f")"
	done
	[ -z "$bad" ] || {
		echo "no opening line:$bad" >&2
		false
	}
}

@test "every exported name carries a prefix of its file from HACKING.md's table, and every prefix is used" {
	python3 - "$HACKING" "$SRC" <<'EOF'
import os, re, sys
hacking, src = sys.argv[1], sys.argv[2]
text = open(hacking).read()
section = text.split("## Exported names", 1)[1].split("\n## ", 1)[0]
table = {}
for line in section.splitlines():
    m = re.match(r"\| ([a-z*-]+) \| (.*) \|$", line)
    if m and m.group(1) != "file":
        table[m.group(1)] = re.findall(r"`([a-z0-9_]+)`", m.group(2))
owners = {}
bad = []
for f, entries in table.items():
    for e in entries:
        if e in owners:
            bad.append(f"{e} is listed for {owners[e]} and {f}")
        owners[e] = f
decl = re.compile(r"^[a-z_ ]*[ *]([a-z_0-9]+)\(", re.M)
used = set()
for h in sorted(os.listdir(src)):
    if not h.endswith(".h"):
        continue
    stem = h[:-2]
    key = "cmd-*" if stem.startswith("cmd-") else stem
    if key not in table:
        bad.append(f"{h}: no row in HACKING.md's table of exported names")
        continue
    for name in decl.findall(open(os.path.join(src, h)).read()):
        hit = [e for e in table[key]
               if (name.startswith(e) if e.endswith("_") else name == e)]
        if not hit:
            bad.append(f"{h}: {name} carries none of {' '.join(table[key])}")
        used.update((key, e) for e in hit)
for f, entries in table.items():
    for e in entries:
        if (f, e) not in used:
            bad.append(f"HACKING.md: {f}'s {e} names nothing it exports")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

@test "every source, script and test file carries the SPDX licence line" {
	local top=$BATS_TEST_DIRNAME/.. f bad=''
	for f in "$top"/src/*.[ch] "$top"/tests/*.bats "$top"/tests/*.bash \
		"$top"/tests/*.c "$top"/tests/fuzz/*.c "$top"/tests/run-bats \
		"$top"/tests/text-check "$top"/tests/validate-report \
		"$top"/bench/*.c "$top"/bench/run "$top"/completions/* \
		"$top"/man/*.8 "$top"/contrib/*.in "$top"/contrib/ifupdown/*.in \
		"$top"/contrib/ansible/library/*.py "$top"/.ci/run \
		"$top"/Makefile.am "$top"/configure.ac "$top"/bootstrap; do
		[ -e "$f" ] || continue
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' ||
			bad+=" ${f#"$top"/}"
	done
	[ -z "$bad" ] || {
		echo "no SPDX line in its first lines:$bad" >&2
		false
	}
}
