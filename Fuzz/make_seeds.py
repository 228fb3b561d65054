#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses, from the recorded Ruby cases.

    make_seeds.py RECORDED_DIR OUT_DIR

Writes OUT_DIR/json (JSON bodies from every body_base64 field, plus the case files),
OUT_DIR/codec (selector byte + payload for every method / content-header frame in a
payload_hex field, and the header tables inside the content headers), OUT_DIR/casefile
(the case files themselves) and OUT_DIR/message (the message harness's layout: a
flags byte, a 2-byte table length, a header table, a body). Identical seeds are written
once (files are named by content hash); seeds over 32 KiB are left out.
OUT_DIR/words.dict is a libFuzzer dictionary of the keys and short strings of the
case files (for the casefile and message harnesses).
"""
import base64
import hashlib
import json
import os
import struct
import sys


# Larger seeds would raise libFuzzer's input size limit and slow every run.
MAX_SEED = 32 * 1024


def write(directory, data):
    if len(data) > MAX_SEED:
        return
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def walk(value):
    """Yields every dict inside a parsed JSON document."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from walk(child)


def header_table(payload):
    """The headers table inside a basic content-header payload, if it has one."""
    if len(payload) < 14 or payload[0:2] != b"\x00\x3c":
        return None
    flags = struct.unpack(">H", payload[12:14])[0]
    offset = 14
    for bit in (0x8000, 0x4000):  # content_type, content_encoding come first
        if flags & bit:
            if offset >= len(payload):
                return None
            offset += 1 + payload[offset]
    if not flags & 0x2000 or offset + 4 > len(payload):
        return None
    length = struct.unpack(">I", payload[offset:offset + 4])[0]
    return payload[offset:offset + 4 + length]


def dictionary_words(value, words):
    """Object keys and short string values: the words case files and headers are made of."""
    for node in walk(value):
        for key, child in node.items():
            words.add(key)
            if isinstance(child, str) and 0 < len(child) <= 24:
                words.add(child)


def write_dictionary(path, words):
    """A libFuzzer dictionary: one quoted word a line, JSON-quoted keys too."""
    def quoted(text):
        escaped = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else "\\x%02X" % ord(c)
                          for c in text) if text.isascii() else None
        return None if escaped is None else '"' + escaped + '"'
    lines = set()
    for word in words:
        for form in (word, '"' + word + '"'):
            line = quoted(form)
            if line:
                lines.add(line)
    with open(path, "w") as f:
        f.write("\n".join(sorted(lines)) + "\n")


def main():
    recorded, out = sys.argv[1], sys.argv[2]
    bodies, tables = [], []
    words = {"x-death", "count", "routing-keys", "CC", "nondeterministic", "recorded_at"}
    for root, _, files in os.walk(recorded):
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                raw = f.read()
            write(os.path.join(out, "casefile"), raw)
            if not name.endswith(".json"):
                continue
            try:
                document = json.loads(raw)
            except ValueError:
                continue
            dictionary_words(document, words)
            for node in walk(document):
                body = node.get("body_base64")
                if isinstance(body, str):
                    try:
                        data = base64.b64decode(body)
                    except ValueError:
                        data = None
                    if data is not None:
                        bodies.append(data)
                        write(os.path.join(out, "json"), data)
                hexed = node.get("payload_hex")
                if isinstance(hexed, str) and node.get("type") in (1, 2):
                    try:
                        payload = bytes.fromhex(hexed)
                    except ValueError:
                        continue
                    selector = b"\x00" if node["type"] == 1 else b"\x01"
                    write(os.path.join(out, "codec"), selector + payload)
                    table = header_table(payload) if node["type"] == 2 else None
                    if table:
                        tables.append(table)
                        write(os.path.join(out, "codec"), b"\x02" + table)
    # The message harness: flags (serializer, attempts, headers present), table length, table, body.
    for index, table in enumerate(tables or [b"\x00\x00\x00\x00"]):
        body = bodies[index % len(bodies)] if bodies else b"{}"
        for flags in (0x10 | 0x06, 0x10 | 0x07):
            write(os.path.join(out, "message"), bytes([flags]) + struct.pack(">H", len(table)) + table + body)
    for body in bodies:
        write(os.path.join(out, "message"), b"\x06\x00\x00" + body)
    write_dictionary(os.path.join(out, "words.dict"), words)


if __name__ == "__main__":
    main()
