#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible module tuntapctl: TUN/TAP devices through the host's tuntapctl.
"""Ansible module: TUN/TAP devices, made and changed by the host's tuntapctl.

The module decides nothing itself: it runs tuntapctl with -j (and
--dry-run in check mode) and takes "changed", the diff and the errors from
tuntapctl's change report.
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
    type: bool
    default: false
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

- name: The host's boot file, applied as a whole
  tuntapctl:
    file: /etc/tuntapctl.conf
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
  description: The tuntapctl command line that ran.
  returned: when tuntapctl ran
  type: list
  elements: str
"""

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
    address=dict(type="str"),
    addresses=dict(type="list", elements="str", default=[]),
    exclusive_addresses=dict(type="bool", default=False),
    master=dict(type="str"),
    up=dict(type="bool"),
    force=dict(type="bool", default=False),
    file=dict(type="path"),
    netns=dict(type="str"),
    executable=dict(type="path"),
)

# The options that describe one device; none of them go with file.
DEVICE_OPTIONS = ("name", "mode", "user", "group", "flags", "mtu", "address",
                  "addresses", "exclusive_addresses", "master", "up", "force")


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


def device_line(p):
    """The words of one 'add --exist-ok' line for the task's device."""
    words = ["add", "--exist-ok", p["name"]]
    if p["mode"]:
        words += ["mode", p["mode"]]
    for key in ("user", "group"):
        if p[key] is not None:
            words += [key, p[key]]
    words += list(p["flags"])
    if p["mtu"] is not None:
        words += ["mtu", str(p["mtu"])]
    if p["address"] is not None:
        words += ["address", p["address"]]
    for a in p["addresses"]:
        words += ["addr", a]
    if p["master"] is not None:
        words += ["master", p["master"]] if p["master"] else ["nomaster"]
    if p["up"] is not None:
        words.append("up" if p["up"] else "down")
    return words


def batch_text(module, lines):
    """Lines for tuntapctl -b -: words split at blanks, with no quoting
    (tuntapctl(8), BATCH FILES), so a word must hold no blank."""
    for line in lines:
        for w in line:
            if not w or any(c.isspace() for c in w) or w.startswith("#"):
                module.fail_json(msg="%r cannot be passed to tuntapctl: "
                                 "a value may not be empty, hold blanks or "
                                 "begin with #" % w)
    return "".join(" ".join(line) + "\n" for line in lines)


def unwanted_addresses(tool, p):
    """The device's addresses that exclusive_addresses removes (none for
    a device that does not exist yet)."""
    if p["name"] not in present_names(tool):
        return []
    want = set(p["addresses"])
    for dev in tool.json(["-j", "show", p["name"]]):
        if dev.get("ifname") == p["name"]:
            return [a for a in dev.get("addresses", [])
                    if a not in want and not a.lower().startswith("fe80:")]
    return []


def present_names(tool):
    return set(d["ifname"] for d in tool.json(["-j", "-N", "show"]))


def diff_of(report):
    """Ansible's diff, one entry per device, from the report's changes."""
    diffs = []
    for r in report.get("results", []):
        changes = r.get("changes") or {}
        if not changes:
            continue
        before, after = [], []
        for key in sorted(changes):
            old, new = changes[key].get("old"), changes[key].get("new")
            if old is not None:
                before.append("%s: %s\n" % (key, json.dumps(old)))
            if new is not None:
                after.append("%s: %s\n" % (key, json.dumps(new)))
        name = r.get("device") or "(unnamed)"
        diffs.append(dict(before="".join(before), after="".join(after),
                          before_header=name, after_header=name))
    return diffs


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
    if p["file"] and p["state"] == "absent":
        module.fail_json(msg="state=absent needs name, not file")
    tool = Tuntapctl(module)
    opts = ["-j"] + (["--dry-run"] if module.check_mode else [])
    data = None

    if p["file"]:
        args = opts + ["--exist-ok", "-b", p["file"]]
    elif p["state"] == "absent":
        if p["name"] not in present_names(tool):
            module.exit_json(changed=False, devices=[])
        args = opts + ["del"] + (["--force"] if p["force"] else []) + \
            [p["name"]]
    else:
        lines = [device_line(p)]
        if p["exclusive_addresses"]:
            gone = unwanted_addresses(tool, p)
            if gone:
                line = ["set", p["name"]]
                for a in gone:
                    line += ["deladdr", a]
                lines.append(line)
        if len(lines) == 1:
            args = opts + lines[0]
        else:
            args = opts + ["-b", "-"]
            data = batch_text(module, lines)

    cmd, rc, out, err = tool.run(args, data)
    try:
        report = json.loads(out) if out.strip() else None
    except ValueError:
        report = None
    if rc != 0 or report is None:
        errors = [r["error"] for r in (report or {}).get("results", [])
                  if r.get("error")]
        module.fail_json(msg="; ".join(errors) or err.strip() or
                         "tuntapctl failed (exit %d)" % rc,
                         cmd=cmd, rc=rc, stderr=err, report=report,
                         changed=bool(report and report.get("changed")))
    touched = [r["device"] for r in report.get("results", [])
               if r.get("action") in ("created", "changed", "deleted")
               and r.get("device")]
    result = dict(changed=bool(report.get("changed")), report=report,
                  devices=sorted(set(touched)), cmd=cmd)
    if module._diff:
        result["diff"] = diff_of(report)
    if err.strip():
        module.warn(err.strip())
    module.exit_json(**result)


if __name__ == "__main__":
    main()
