"""The README's picture of a published site's front page: docs/site-front.png.

    python scripts/site_screenshot.py

Publishes the embedded data as the README's example does (bokmål, as of 15 March 2021), opens
the front page in headless Chromium (Debian's ``chromium``) at 1280×1000 and writes the
PNG. The PNG carries the SHA-256 of the page, stylesheet and script it shows, in a text
chunk, so that ``tests/test_site.py`` can tell when the picture no longer shows what
``viken publish`` writes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "docs" / "site-front.png"
PUBLISH_ARGS = ("--lang", "nb", "--as-of", "2021-03-15", "--base-url",
                "https://kommune.example/frister/")  # fmt: skip
SHOWN = ("index.html", "style.css", "filter.js")
KEY = b"vikentool-site-sha256"
SIZE = (1280, 1000)


def fingerprint(site: Path) -> str:
    digest = hashlib.sha256()
    for name in SHOWN:
        digest.update((site / name).read_bytes())
    return digest.hexdigest()


def stored_fingerprint(picture: Path) -> str | None:
    """The fingerprint in the PNG's text chunk, or None."""
    data = picture.read_bytes()
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"tEXt" and body.startswith(KEY + b"\0"):
            return body[len(KEY) + 1 :].decode("ascii")
        at += 12 + length
    return None


def with_text_chunk(png: bytes, text: str) -> bytes:
    """``png`` with a tEXt chunk after its header chunk."""
    body = KEY + b"\0" + text.encode("ascii")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    (header_length,) = struct.unpack(">I", png[8:12])
    end_of_header = 8 + 12 + header_length
    return png[:end_of_header] + chunk + png[end_of_header:]


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    viken = Path(sys.executable).parent / "viken"
    with tempfile.TemporaryDirectory(prefix="viken-screenshot-") as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1614297600"}
        env.pop("VIKEN_DATA_DIR", None)
        subprocess.run([str(viken), "publish", str(site), *PUBLISH_ARGS], check=True, env=env)
        shot = Path(tmp) / "shot.png"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
             f"--window-size={SIZE[0]},{SIZE[1]}", f"--screenshot={shot}",
             (site / "index.html").as_uri()],
            check=True, env={**env, "HOME": tmp}, capture_output=True,
        )  # fmt: skip
        PICTURE.parent.mkdir(exist_ok=True)
        PICTURE.write_bytes(with_text_chunk(shot.read_bytes(), fingerprint(site)))
    print(f"wrote {PICTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
