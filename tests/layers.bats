#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The layering rule of HACKING.md, checked against the code's own
# includes: its table is read from HACKING.md, so the rule has one home.

load helpers

SRC=$BATS_TEST_DIRNAME/../src
HACKING=$BATS_TEST_DIRNAME/../HACKING.md
# The python checks read HACKING.md's tables through tests/hacking.py.
export PYTHONPATH=$BATS_TEST_DIRNAME${PYTHONPATH:+:$PYTHONPATH}
export PYTHONDONTWRITEBYTECODE=1

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

@test "a command reaches the kernel only through the services" {
	# No include of a kernel-layer header, and no call of a name that
	# carries a kernel file's prefix: both lists are HACKING.md's (its
	# layer table's level 1, and those files' rows of exported names).
	python3 - "$HACKING" "$SRC" <<'EOF'
import os, re, sys
from hacking import Hacking, carries
hacking, src = Hacking(sys.argv[1]), sys.argv[2]
kernel = hacking.at(1)
owner = {e: f for f in kernel for e in hacking.prefixes.get(f, [])}
if len(kernel) < 3 or len(owner) < len(kernel):
    sys.exit("HACKING.md: cannot read the kernel layer's files and prefixes")
# Longest first, so that linkwatch_ is told apart from link_.
entries = sorted(owner, key=len, reverse=True)
call = re.compile(r"(?<![A-Za-z0-9_.>])((?:%s)[A-Za-z0-9_]*)\s*\(" % "|".join(
    re.escape(e) if e.endswith("_") else re.escape(e) + r"\b" for e in entries))
def code(t):
    # Comments and string and character literals blanked, lines kept.
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                  blank, t, flags=re.S)
bad = []
for f in sorted(os.listdir(src)):
    if not re.match(r"cmd-.*\.[ch]$", f):
        continue
    raw = open(os.path.join(src, f)).read()
    for n, line in enumerate(raw.split("\n"), 1):
        m = re.match(r'\s*#\s*include\s+"([a-z-]+)\.h"', line)
        if m and m.group(1) in kernel:
            bad.append(f"src/{f}:{n}: includes {m.group(1)}.h, a header of the kernel layer")
    for n, line in enumerate(code(raw).split("\n"), 1):
        for m in call.finditer(line):
            name = m.group(1)
            e = next(e for e in entries if carries(name, e))
            bad.append(f"src/{f}:{n}: calls {name}(), a name of the kernel layer's {owner[e]} ({e})")
if bad:
    print("a command reaches the kernel only through the services (HACKING.md, Layers):")
    for b in bad:
        print("  " + b)
    sys.exit(1)
EOF
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

@test "every file's opening comment names its concern as HACKING.md gives it" {
	# A command's file opens with its command's name, which commands.c's
	# table holds; any other file's comment names a word of its own gloss
	# in HACKING.md's layer bullets, of its exported prefixes, or of its
	# own name (words three files share do not count, nor do the words
	# that describe a whole level).
	python3 - "$HACKING" "$SRC" <<'EOF'
import os, re, sys
from hacking import Hacking
hacking, src = Hacking(sys.argv[1]), sys.argv[2]
level = hacking.level
STOP = {"the", "and", "its", "for", "with", "what", "from", "each", "one",
        "that", "can", "all", "into", "their", "them", "they", "turn", "holds",
        "run", "nothing", "prints", "talks", "know", "domain", "depend", "ours", "above"}
def words(s):
    return [w for w in re.findall(r"[a-z]+", s.lower()) if len(w) >= 3 and w not in STOP]
concern = {f: set() for f in level}
# The layer bullets: a file's gloss is the phrase just before its `F.c`
# in parentheses.
for body in re.findall(r"^- \*\*.*?\*\*(.*?)(?=^- |\Z)", hacking.layers, re.M | re.S):
    body = " ".join(body.split())
    for m in re.finditer(r"([^,:;()]*?)\s*\(((?:`[a-z-]+\.c`(?:, )?)+)\)", body):
        for f in re.findall(r"`([a-z-]+)\.c`", m.group(2)):
            concern[f].update(words(m.group(1)))
for f in level:
    for e in hacking.prefixes.get(hacking.row(f), []):
        concern[f].update(w for w in e.split("_") if len(w) >= 3)
    concern[f].update(words(f.replace("-", " ")))
# A word that is the concern of three files or more says nothing of one.
count = {}
for f in level:
    for w in concern[f]:
        count[w] = count.get(w, 0) + 1
for f in level:
    concern[f] = {w for w in concern[f] if count[w] < 3}
def opening(path):
    lines = open(path).read().split("\n")[1:]
    out = []
    for l in lines:
        out.append(l)
        if "*/" in l:
            break
    return " ".join(out)
def stem(w):
    for end in ("ing", "es", "s", "e"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[:-len(end)]
    return w
def named(w, said):
    a = stem(w)
    for s in said:
        b = stem(s)
        if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))):
            return True
    return False
bad = []
commands = open(os.path.join(src, "commands.c")).read()
for f in sorted(level):
    for ext in (".c", ".h"):
        p = os.path.join(src, f + ext)
        if not os.path.exists(p):
            continue
        said = opening(p)
        if f.startswith("cmd-"):
            cmd = f[4:]
            if not re.match(r"/\* " + re.escape(cmd) + r"[: ]", said):
                bad.append(f"{f}{ext}: opening comment does not begin with its command, '{cmd}:'")
            if '{ "%s",' % cmd not in commands:
                bad.append(f"{f}{ext}: '{cmd}' is not in commands.c's table")
            continue
        if not concern[f]:
            bad.append(f"{f}: HACKING.md gives it no concern of its own (a gloss in the layer bullets, or a prefix)")
        elif not [w for w in sorted(concern[f]) if named(w, words(said))]:
            bad.append(f"{f}{ext}: opening comment names none of: {' '.join(sorted(concern[f]))}")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

@test "every exported name carries a prefix of its file from HACKING.md's table, and every prefix is used" {
	python3 - "$HACKING" "$SRC" <<'EOF'
import os, re, sys
from hacking import Hacking, carries
hacking, src = Hacking(sys.argv[1]), sys.argv[2]
table = hacking.prefixes
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
    key = hacking.row(stem)
    if key not in table:
        bad.append(f"{h}: no row in HACKING.md's table of exported names")
        continue
    for name in decl.findall(open(os.path.join(src, h)).read()):
        hit = [e for e in table[key] if carries(name, e)]
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
		"$top"/tests/*.c "$top"/tests/*.py "$top"/tests/fuzz/*.c "$top"/tests/run-bats \
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
