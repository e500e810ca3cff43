# SPDX-License-Identifier: GPL-2.0-or-later
# HACKING.md's two tables, read for the checks of tests/layers.bats: the
# level of each file under src/, and each file's exported prefixes.
import re


class Hacking:
    def __init__(self, path):
        text = open(path).read()
        self.layers = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
        names = text.split("## Exported names", 1)[1].split("\n## ", 1)[0]
        # file stem -> level
        self.level = {}
        for m in re.finditer(r"^level (\d), [a-z ]*: *(.*)$", self.layers, re.M):
            for f in m.group(2).split():
                self.level[f] = int(m.group(1))
        # table row ("cmd-*" for the commands) -> its prefixes, in order
        self.prefixes = {}
        for m in re.finditer(r"^\| ([a-z*-]+) \| (.*) \|$", names, re.M):
            if m.group(1) != "file":
                self.prefixes[m.group(1)] = re.findall(r"`([a-z0-9_]+)`", m.group(2))

    def at(self, level):
        return sorted(f for f, lv in self.level.items() if lv == level)

    def row(self, f):
        """The table row of file f: its own, or cmd-* for a command."""
        return "cmd-*" if f.startswith("cmd-") else f


def carries(name, entry):
    """Whether name carries entry: a prefix (ending in _) or one exact name."""
    return name.startswith(entry) if entry.endswith("_") else name == entry
