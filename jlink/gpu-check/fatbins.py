"""Lists the GPU code in a CUDA library's fatbins: which SASS architectures and whether any PTX.

usage: fatbins.py LIBRARY.so [--extract OUT]   (--extract writes one ~300 KB fatbin, for a load test)
Fatbin layout: a 16-byte header (magic 0xBA55ED50, version, header size, payload size), then entries,
each with kind (1 = PTX, 2 = ELF/SASS) at offset 0, header size at 4, payload size at 8, arch at 28.
"""
import collections, mmap, struct, sys

MAGIC = struct.pack("<I", 0xBA55ED50)


def fatbins(data):
    position = 0
    while (position := data.find(MAGIC, position)) >= 0:
        _, header_size, size = struct.unpack_from("<HHQ", data, position + 4)
        if header_size != 16 or size == 0 or position + 16 + size > len(data):
            position += 4
            continue
        yield position, size
        position += 16 + size


def entries(data, position, size):
    entry, end = position + 16, position + 16 + size
    while entry < end:
        kind, _, header_size, payload = struct.unpack_from("<HHIQ", data, entry)
        yield {1: "PTX", 2: "SASS"}.get(kind, f"kind {kind}"), struct.unpack_from("<I", data, entry + 28)[0]
        if header_size == 0:
            break
        entry += header_size + payload


with open(sys.argv[1], "rb") as file:
    data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    blobs = list(fatbins(data))
    counts = collections.Counter(e for position, size in blobs for e in entries(data, position, size))
    print(f"{len(blobs)} fatbins")
    for (kind, arch), count in sorted(counts.items()):
        print(f"  {kind} sm_{arch}: in {count}")
    if len(sys.argv) == 4 and sys.argv[2] == "--extract":
        position, size = min(blobs, key=lambda blob: abs(blob[1] - 300_000))
        with open(sys.argv[3], "wb") as out:
            out.write(data[position:position + 16 + size])
        print(f"wrote {sys.argv[3]} ({16 + size} bytes)")
