#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible module tuntapctl: TUN/TAP devices through the host's tuntapctl.
"""Ansible module: TUN/TAP devices, made and changed by the host's tuntapctl.

The module decides little itself (which addresses exclusive_addresses
deletes, and in which order): it runs tuntapctl with -j (and --dry-run in
check mode) and takes "changed", the diff and the errors from tuntapctl's
change report.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tuntapctl
short_description: Manage persistent TUN/TAP devices with tuntapctl
description:
  - Creates, converges and deletes persistent TUN/TAP devices on the
    managed host by running the host's C(tuntapctl), one device per task,
    or a whole file of tuntapctl lines.
  - A present device is brought to what the task says with
    C(tuntapctl add --exist-ok), which also converges a device that
    virtual machines or VPN daemons hold open.
  - Whether the task changed something, its diff, and its errors come
    from tuntapctl's change report (C(tuntapctl -j)); check mode runs
    C(tuntapctl --dry-run), which changes nothing at all.
version_added: "1.0.0"
author:
  - tuntapctl developers
requirements:
  - tuntapctl on the managed host (in PATH, /usr/sbin or /usr/local/sbin,
    or given as I(executable))
  - root, or CAP_NET_ADMIN, on the managed host (C(become=true))
options:
  name:
    description:
      - The device's name.
      - Required unless I(file) is given.
    type: str
  state:
    description:
      - C(present) creates the device or converges it; C(absent) deletes
        it if it exists.
    type: str
    choices: [present, absent]
    default: present
  mode:
    description:
      - C(tun) (layer 3) or C(tap) (Ethernet).
      - Needed for C(present) unless I(name) begins with tun or tap.
      - An existing device of the other mode is an error; the task
        changes nothing.
    type: str
    choices: [tun, tap]
  user:
    description:
      - The user who may attach to the device, a name or a uid.
      - Left out, the owner is left as it is.
    type: str
  group:
    description:
      - The group whose members may attach, a name or a gid.
      - Left out, the group is left as it is.
    type: str
  flags:
    description:
      - The device's flags; those not listed are turned off while no
        program holds the device.
      - C(pi) and C(vnet_hdr) are what the program attached last asked
        for; while one holds the device, tuntapctl leaves them.
      - C(multi_queue) is what the device is; an existing device with
        another setting is an error.
    type: list
    elements: str
    choices: [pi, vnet_hdr, multi_queue]
    default: []
  mtu:
    description: The MTU.
    type: int
  txqueuelen:
    description:
      - The transmit queue length, in packets.
      - Left out, it is left as it is (a new device gets the kernel's).
    type: int
  address:
    description:
      - The MAC address of a tap device, or C(random).
      - Left out, a new tap device gets a stable address derived from
        the machine id and its name, and an existing one keeps its own.
    type: str
  addresses:
    description:
      - IPv4 and IPv6 addresses with their prefix length, such as
        C(192.0.2.1/24) or C(2001:db8::1/64).
      - Missing ones are added; see I(exclusive_addresses) for the others.
    type: list
    elements: str
    default: []
  exclusive_addresses:
    description:
      - Also delete the device's addresses that I(addresses) does not
        list (IPv6 link-local addresses, which the kernel manages, are
        kept).
      - They are deleted before the missing ones are added, so one run
        ends with exactly I(addresses). (An IPv4 address in the subnet
        of another is the kernel's secondary of it, and goes when that
        primary is deleted, unless net.ipv4.conf.NAME.promote_secondaries
        is 1.)
    type: bool
    default: false
  alias:
    description:
      - The interface alias, a description of up to 255 bytes (as
        C(ip link set alias) sets it).
      - An empty string clears it; left out, it is left as it is.
    type: str
  addrgenmode:
    description:
      - How IPv6 makes the link-local address when the link goes up.
        C(none) makes none (a bridge port with no IPv6 of its own);
        C(eui64) from the MAC address (the kernel's default);
        C(stable_privacy) from net.ipv6.conf.NAME.stable_secret, which
        must be set (or the default one, before the device is made);
        C(random) at random.
      - Left out, it is left as it is.
    type: str
    choices: [none, eui64, stable_privacy, random]
  index:
    description:
      - The interface index a new device gets, so that tools that key
        on it see the same one at every boot.
      - It can only be given at creation. An existing device with
        another index fails the task, which changes nothing (delete
        the device to make it again with this index); one with this
        index is converged.
      - An index another device has fails the task.
    type: int
  master:
    description:
      - The bridge the device joins.
      - An empty string takes the device out of its bridge.
    type: str
  up:
    description:
      - Bring the link up (true) or down (false); left out, as it is.
    type: bool
  force:
    description:
      - For C(absent), delete the device even while a program holds it
        open.
    type: bool
    default: false
  file:
    description:
      - A file of tuntapctl lines (see tuntapctl(8), BATCH FILES) on the
        managed host, applied as a whole with C(tuntapctl --exist-ok -b).
      - Cannot be combined with I(name) and the device options.
    type: path
  prune:
    description:
      - With I(file), delete the persistent TUN/TAP devices the file does
        not name, once every line of it ran (C(tuntapctl --prune)), so
        that the file is the whole truth.
      - Devices a program holds are kept, with a warning; devices that
        are not persistent (a program's own) are never touched.
    type: bool
    default: false
  netns:
    description:
      - The network namespace to act in, as for C(tuntapctl -n).
    type: str
  executable:
    description:
      - The tuntapctl to run; by default the one found in PATH,
        /usr/sbin or /usr/local/sbin.
    type: path
notes:
  - Supports C(check_mode) and C(diff).
  - The module runs tuntapctl; everything tuntapctl checks (names,
    ranges, bridges, owners) is reported in tuntapctl's own words.
seealso:
  - name: tuntapctl(8)
    description: The manual page of the tool this module drives.
"""

EXAMPLES = r"""
- name: A tap device for a virtual machine, owned by its user
  tuntapctl:
    name: tap-vm1
    mode: tap
    user: qemu
    flags: [vnet_hdr]
    mtu: 9000
    master: br0
    up: true
  become: true

- name: A tun device for a VPN, with exactly these addresses
  tuntapctl:
    name: tun-vpn
    mode: tun
    group: openvpn
    addresses:
      - 10.8.0.1/24
      - 2001:db8:8::1/64
    exclusive_addresses: true
    up: true
  become: true

- name: A bridge port with a fixed index, a description and no IPv6
  tuntapctl:
    name: tap-web1
    mode: tap
    index: 1001
    alias: vm web-1 uplink
    txqueuelen: 1000
    addrgenmode: none
    master: br0
    up: true
  become: true

- name: The host's boot file, applied as a whole
  tuntapctl:
    file: /etc/tuntapctl.conf
  become: true

- name: The boot file as the whole truth, every other device deleted
  tuntapctl:
    file: /etc/tuntapctl.conf
    prune: true
  become: true

- name: Gone
  tuntapctl:
    name: tap-old
    state: absent
  become: true
"""

RETURN = r"""
report:
  description:
    - tuntapctl's change report (see tuntapctl(8), CHANGE REPORT), with
      C(changed), C(dry_run) and one result per device or line.
    - A task that needed two runs of tuntapctl (an I(alias) that holds
      blanks or is empty, while I(exclusive_addresses) has addresses
      to delete) gives the results of both, in order.
  returned: when tuntapctl ran
  type: dict
  sample:
    changed: true
    dry_run: false
    results:
      - command: add
        device: tap-vm1
        action: created
        changes:
          mtu: {old: null, new: 9000}
        error: null
devices:
  description: The devices the task created, changed or deleted.
  returned: always
  type: list
  elements: str
  sample: [tap-vm1]
cmd:
  description:
    - The tuntapctl command line that ran (the first, when two ran).
  returned: when tuntapctl ran
  type: list
  elements: str
"""

import ipaddress
import json

from ansible.module_utils.basic import AnsibleModule

ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    mode=dict(type="str", choices=["tun", "tap"]),
    user=dict(type="str"),
    group=dict(type="str"),
    flags=dict(type="list", elements="str",
               choices=["pi", "vnet_hdr", "multi_queue"], default=[]),
    mtu=dict(type="int"),
    txqueuelen=dict(type="int"),
    address=dict(type="str"),
    addresses=dict(type="list", elements="str", default=[]),
    exclusive_addresses=dict(type="bool", default=False),
    alias=dict(type="str"),
    addrgenmode=dict(type="str",
                     choices=["none", "eui64", "stable_privacy", "random"]),
    index=dict(type="int"),
    master=dict(type="str"),
    up=dict(type="bool"),
    force=dict(type="bool", default=False),
    file=dict(type="path"),
    prune=dict(type="bool", default=False),
    netns=dict(type="str"),
    executable=dict(type="path"),
)

# The options that describe one device; none of them go with file.
DEVICE_OPTIONS = ("name", "mode", "user", "group", "flags", "mtu",
                  "txqueuelen", "address", "addresses", "exclusive_addresses",
                  "alias", "addrgenmode", "index", "master", "up", "force")


class Tuntapctl:
    """Runs the host's tuntapctl and reads its JSON."""

    def __init__(self, module):
        self.module = module
        p = module.params
        exe = p["executable"] or module.get_bin_path(
            "tuntapctl", required=True,
            opt_dirs=["/usr/sbin", "/usr/local/sbin", "/sbin"])
        self.base = [exe]
        if p["netns"]:
            self.base += ["-n", p["netns"]]

    def run(self, args, data=None):
        cmd = self.base + args
        rc, out, err = self.module.run_command(cmd, data=data,
                                               binary_data=True)
        return cmd, rc, out, err

    def json(self, args):
        """A read-only command whose JSON must come."""
        cmd, rc, out, err = self.run(args)
        if rc != 0:
            self.module.fail_json(msg=err.strip() or "tuntapctl failed",
                                  cmd=cmd, rc=rc)
        try:
            return json.loads(out)
        except ValueError:
            self.module.fail_json(msg="tuntapctl printed no JSON", cmd=cmd,
                                  stdout=out)

    def report(self, args, data=None):
        """A changing command (or its dry run): the command line, its exit
        status, standard error, and its change report (None if it printed
        none)."""
        cmd, rc, out, err = self.run(args, data)
        try:
            report = json.loads(out) if out.strip() else None
        except ValueError:
            report = None
        return cmd, rc, err, report


def device_line(p, addresses=True):
    """The words of one 'add --exist-ok' line for the task's device
    (without its addresses, when told)."""
    words = ["add", "--exist-ok", p["name"]]
    if p["mode"]:
        words += ["mode", p["mode"]]
    for key in ("user", "group"):
        if p[key] is not None:
            words += [key, p[key]]
    words += list(p["flags"])
    for key in ("mtu", "txqueuelen"):
        if p[key] is not None:
            words += [key, str(p[key])]
    if p["address"] is not None:
        words += ["address", p["address"]]
    if addresses:
        for a in p["addresses"]:
            words += ["addr", a]
    if p["alias"] is not None:
        words += ["alias", p["alias"]]
    if p["addrgenmode"] is not None:
        words += ["addrgenmode", p["addrgenmode"]]
    if p["index"] is not None:
        words += ["index", str(p["index"])]
    if p["master"] is not None:
        words += ["master", p["master"]] if p["master"] else ["nomaster"]
    if p["up"] is not None:
        words.append("up" if p["up"] else "down")
    return words


def addresses_line(p):
    """An 'add --exist-ok' line that adds the missing addresses and
    changes nothing else: the mode, and the flags (those a line leaves
    out it turns off), as the device line has them."""
    words = ["add", "--exist-ok", p["name"]]
    if p["mode"]:
        words += ["mode", p["mode"]]
    words += list(p["flags"])
    for a in p["addresses"]:
        words += ["addr", a]
    return words


def batch_word(w):
    """w as one word of a line for tuntapctl -b - (tuntapctl(8), BATCH
    FILES): as it is when that reads back the same, else in single
    quotes, each quote in it written '\''."""
    if w and all(c.isalnum() or c in "%+,-./:=@_" for c in w):
        return w
    return "'" + w.replace("'", "'\\''") + "'"


def batch_text(lines):
    """Lines for tuntapctl -b -."""
    return "".join(" ".join(batch_word(w) for w in line) + "\n"
                   for line in lines)


def address_value(a):
    """An address as tuntapctl takes it: 2001:DB8::0:1/64 is
    2001:db8::1/64, and a bare address has the full prefix.  What
    Python cannot read stays text, for tuntapctl to refuse."""
    try:
        return ipaddress.ip_interface(a)
    except ValueError:
        return a


def unwanted(p, have):
    """Of the device's addresses have, those exclusive_addresses deletes,
    in the order to delete them: the kernel lists every primary IPv4
    address before the secondaries, and deleting a primary first would
    take its secondaries with it, so a later deladdr of one would fail.
    Backwards, secondaries go first."""
    want = set(address_value(a) for a in p["addresses"])
    return [a for a in reversed(have)
            if address_value(a) not in want
            and not a.lower().startswith("fe80:")]


def device_addresses(tool, name):
    """The device's addresses in the kernel's order, or None if it does
    not exist."""
    if name not in present_names(tool):
        return None
    for dev in tool.json(["-j", "show", name]):
        if dev.get("ifname") == name:
            return dev.get("addresses", [])
    return None


def present_names(tool):
    return set(d["ifname"] for d in tool.json(["-j", "-N", "show"]))


def last_addresses(report, name):
    """The device's addresses after the last result of the report that
    changed them, or None if none did."""
    found = None
    for r in (report or {}).get("results", []):
        changes = r.get("changes") or {}
        if r.get("device") == name and "addresses" in changes:
            found = changes["addresses"].get("new")
    return found


def converge(tool, p):
    """The lines that bring the device to what the task says.

    One 'add --exist-ok' line, unless exclusive_addresses has addresses
    to delete.  Then the link settings come first (a refusal, such as a
    device of the other mode, changes nothing), the deletions next, and
    then the additions: an added address in the subnet of one deleted
    after it would have been its secondary, and gone with it.  The
    lines run as one batch, whose dry run sees each line's effect on the
    next one."""
    line = device_line(p)
    if not p["exclusive_addresses"]:
        return [line]
    have = device_addresses(tool, p["name"])
    if not have or not unwanted(p, have):
        return [line]
    # What the link settings leave: a link taken down, or an MTU below
    # 1280, loses its IPv6 addresses, and a deladdr of one would fail.
    _, rc, _, pre = tool.report(["-j", "--dry-run"] +
                                    device_line(p, addresses=False))
    if rc != 0 or pre is None:
        # Refused: the line alone fails the same way, changing nothing.
        return [line]
    left = last_addresses(pre, p["name"])
    if left is not None:
        left = set(address_value(a) for a in left)
        have = [a for a in have if address_value(a) in left]
    gone = unwanted(p, have)
    if not gone:
        return [line]
    lines = [device_line(p, addresses=False),
             ["set", p["name"]] + [w for a in gone for w in ("deladdr", a)]]
    if p["addresses"]:
        lines.append(addresses_line(p))
    return lines


def diff_of(report):
    """Ansible's diff, one entry per device, from the report's changes:
    each field as it was before the device's first result and after
    its last (exclusive_addresses gives a device several lines)."""
    fields, names = {}, []
    for r in report.get("results", []):
        changes = r.get("changes") or {}
        if not changes:
            continue
        name = r.get("device") or "(unnamed)"
        if name not in fields:
            fields[name] = {}
            names.append(name)
        seen = fields[name]
        for key in changes:
            old, new = changes[key].get("old"), changes[key].get("new")
            seen[key] = (seen[key][0] if key in seen else old, new)
    diffs = []
    for name in names:
        before, after = [], []
        for key in sorted(fields[name]):
            old, new = fields[name][key]
            if old == new:
                continue
            if old is not None:
                before.append("%s: %s\n" % (key, json.dumps(old)))
            if new is not None:
                after.append("%s: %s\n" % (key, json.dumps(new)))
        if before or after:
            diffs.append(dict(before="".join(before), after="".join(after),
                              before_header=name, after_header=name))
    return diffs


def missed_addresses(p, report):
    """A warning if the report's last addresses of the device are not
    what the task asks (all of addresses, and with exclusive_addresses
    no other), or None."""
    if p["file"] or p["state"] != "present":
        return None
    got = last_addresses(report, p["name"])
    if got is None:
        return None
    have = set(address_value(a) for a in got
               if not a.lower().startswith("fe80:"))
    want = set(address_value(a) for a in p["addresses"])
    if want <= have and not (p["exclusive_addresses"] and have - want):
        return None
    return "%s ends with addresses %s, not the %s asked for" % (
        p["name"], json.dumps(got), json.dumps(p["addresses"]))


def fail_run(module, cmd, rc, err, report):
    errors = [r["error"] for r in (report or {}).get("results", [])
              if r.get("error")]
    module.fail_json(msg="; ".join(errors) or err.strip() or
                     "tuntapctl failed (exit %d)" % rc,
                     cmd=cmd, rc=rc, stderr=err, report=report,
                     changed=bool(report and report.get("changed")))


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=[("file", o) for o in DEVICE_OPTIONS
                            if o not in ("flags", "addresses",
                                         "exclusive_addresses", "force")],
        required_one_of=[("name", "file")],
        supports_check_mode=True,
    )
    p = module.params
    if p["file"] and (p["flags"] or p["addresses"] or
                      p["exclusive_addresses"] or p["force"]):
        module.fail_json(msg="file cannot be combined with the device "
                         "options (flags, addresses, exclusive_addresses, "
                         "force)")
    if p["prune"] and not p["file"]:
        module.fail_json(msg="prune needs file")
    if p["file"] and p["state"] == "absent":
        module.fail_json(msg="state=absent needs name, not file")
    tool = Tuntapctl(module)
    opts = ["-j"] + (["--dry-run"] if module.check_mode else [])
    data = None

    if p["file"]:
        args = opts + ["--exist-ok"] + (["--prune"] if p["prune"] else []) + \
            ["-b", p["file"]]
    elif p["state"] == "absent":
        if p["name"] not in present_names(tool):
            module.exit_json(changed=False, devices=[])
        args = opts + ["del"] + (["--force"] if p["force"] else []) + \
            [p["name"]]
    else:
        lines = converge(tool, p)
        if len(lines) == 1:
            args = opts + lines[0]
        else:
            args = opts + ["-b", "-"]
            data = batch_text(lines)

    cmd, rc, err, report = tool.report(args, data)
    if rc != 0 or report is None:
        fail_run(module, cmd, rc, err, report)
    touched = [r["device"] for r in report.get("results", [])
               if r.get("action") in ("created", "changed", "deleted")
               and r.get("device")]
    result = dict(changed=bool(report.get("changed")), report=report,
                  devices=sorted(set(touched)), cmd=cmd)
    if module._diff:
        result["diff"] = diff_of(report)
    if err.strip():
        module.warn(err.strip())
    missed = missed_addresses(p, report)
    if missed:
        module.warn(missed)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
