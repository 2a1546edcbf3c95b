#!/usr/bin/env python3
"""Compares two vp checkpoint files (docs/ARCHITECTURE.md, Checkpoints, "The file") section by
section and prints what differs: the header's simulated time, sections only one file has, and per
differing section its size and first differing byte; a core's section ("cpu N") is decoded into
its fields (pc, PSTATE, instruction and stall counts, the thread's wait), RAM into its pages.

Usage: ckpt-diff.py A.vpck B.vpck     exit status 0: identical sections, 1: a difference."""
import struct
import sys

MAGIC = b"VPCK\r\n\x1a\n"


class Reader:
    def __init__(self, data, what):
        self.data, self.pos, self.what = data, 0, what

    def take(self, n):
        if self.pos + n > len(self.data):
            sys.exit(f"{self.what}: ends after {len(self.data)} bytes, {n} more expected at {self.pos}")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self):
        return self.take(1)[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]

    def bytes(self):
        return self.take(self.u64())


def read_file(path):
    with open(path, "rb") as f:
        r = Reader(f.read(), path)
    if r.take(8) != MAGIC:
        sys.exit(f"{path}: not a vp checkpoint")
    head = {"format": r.u32(), "vp": r.bytes().decode(), "digest": r.bytes().decode(),
            "resolution_ps": r.u64(), "sim_time": r.u64()}
    count = r.u32()
    r.u32()  # header CRC
    sections = {}
    for _ in range(count):
        name = r.bytes().decode()
        r.u32()  # section CRC
        sections[name] = r.bytes()
    return head, sections


WAITS = ["running", "quantum_sync", "sleep_sync", "sleeping", "off_sync", "off", "held"]


def cpu_fields(data):
    """The fields of a "cpu N" section in the order cpu_state_io.cpp and CpuModule::save_state write."""
    r = Reader(data, "cpu")
    f = {f"x{i}": r.u64() for i in range(34)}
    f["pc"] = r.u64()
    for k in ("nzcv", "daif", "el", "spsel"):
        f[k] = r.u32()
    f["il"] = r.u8()
    f["sp_el0"], f["sp_el1"] = r.u64(), r.u64()
    for i in range(r.u32()):
        f[f"sysreg[{i}]"] = r.u64()
    for i in range(32):
        f[f"v{i}"] = (r.u64(), r.u64())
    f["fpcr"], f["fpsr"] = r.u32(), r.u32()
    for k in ("halted_wfi", "halted_wfe", "event_register"):
        f[k] = r.u8()
    f["icount"], f["stall_cycles"] = r.u64(), r.u64()
    f["powered"], f["power_pending"] = r.u8(), r.u8()
    f["power_on_entry"], f["power_on_context"] = r.u64(), r.u64()
    f["wait"] = WAITS[r.u8()]
    for k in ("resume_at", "sleep_wfe", "sleep_from", "slept", "stop_pending"):
        f[k] = r.u8() if k in ("sleep_wfe", "stop_pending") else r.u64()
    return f


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    (ha, a), (hb, b) = read_file(sys.argv[1]), read_file(sys.argv[2])
    differ = False
    for k in ha:
        if ha[k] != hb[k]:
            print(f"header {k}: {ha[k]} / {hb[k]}")
            differ = differ or k == "sim_time"
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"section '{name}' only in {'B' if name not in a else 'A'}")
            differ = True
            continue
        if a[name] == b[name]:
            continue
        differ = True
        da, db = a[name], b[name]
        first = next((i for i in range(min(len(da), len(db))) if da[i] != db[i]), min(len(da), len(db)))
        print(f"section '{name}': {len(da)} / {len(db)} bytes, first difference at byte {first}")
        if name.startswith("cpu "):
            fa, fb = cpu_fields(da), cpu_fields(db)
            for k in fa:
                if fa[k] != fb[k]:
                    va, vb = fa[k], fb[k]
                    fmt = (lambda v: f"{v:#x}") if isinstance(va, int) and k not in ("icount", "stall_cycles") else str
                    print(f"  {k}: {fmt(va)} / {fmt(vb)}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
