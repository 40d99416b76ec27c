"""Test photos whose content shows whether they were turned the right way up.

Every photo is RED in its top half and BLUE in its bottom half *as displayed*,
with a GREEN patch in its top-left corner (an eighth of each side) so that a
mirror image is told apart too. A test samples a pixel in each region to check
both the colours and the orientation of a derived image; `samples()` does it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

RED = (220, 30, 30)
BLUE = (30, 30, 220)
GREEN = (30, 200, 30)

# What Image.transpose must do to the upright picture so that a viewer
# applying the EXIF orientation (as ImageOps.exif_transpose does) gets it back.
_STORE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # the viewer turns it back with ROTATE_270
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright_pixels(size: tuple[int, int], *, noisy: bool = True, seed: int = 0) -> Image.Image:
    """An RGB image of `size`: red top, blue bottom, green patch, optionally noisy."""
    width, height = size
    pixels = np.empty((height, width, 3), dtype=np.int16)
    pixels[: height // 2] = RED
    pixels[height // 2 :] = BLUE
    pixels[: max(1, height // 8), : max(1, width // 8)] = GREEN
    if noisy:
        # Per-pixel noise like a sensor's, plus a coarser grain standing in for
        # the scene's detail, which (unlike the former) survives downscaling.
        # Together they make a 12 Mpx JPEG camera-sized, about 3.5 MB.
        rng = np.random.default_rng(seed)
        pixels += rng.integers(-10, 11, size=pixels.shape, dtype=np.int16)
        cell = 4
        grain = rng.integers(-10, 11, size=(-(-height // cell), -(-width // cell), 1), dtype=np.int16)
        pixels += grain.repeat(cell, axis=0).repeat(cell, axis=1)[:height, :width]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def samples(img: Image.Image) -> dict[str, tuple[int, ...]]:
    """The colours of `img` at the middle of the top half, of the bottom half,
    and of the top-left patch: RED, BLUE and GREEN for an upright photo."""
    w, h = img.size
    rgb = img.convert("RGB")
    return {
        "top": rgb.getpixel((w // 2, h // 4)),
        "bottom": rgb.getpixel((w // 2, 3 * h // 4)),
        "corner": rgb.getpixel((w // 16, h // 16)),
    }


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    """Whether two colours match within what JPEG compression and noise change."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def make_photo(
    path: Path,
    size: tuple[int, int] = (4000, 3000),
    *,
    orientation: int | None = None,
    mode: str = "RGB",
    noisy: bool = True,
    seed: int = 0,
    quality: int = 92,
    **save_params,
) -> Path:
    """Write a JPEG (or PNG/WebP, by suffix) that *displays* as `size`, red on top.

    With `orientation`, the pixels are stored turned and the EXIF Orientation
    tag (0x0112) says how to turn them back: make_photo(p, (3000, 4000),
    orientation=6) is stored 4000x3000, as a phone held upright saves it. `mode` converts
    the pixels before saving (e.g. "CMYK", "L", "P"). Extra keyword arguments
    go to Image.save (e.g. icc_profile=..., exif=...).
    """
    path = Path(path)
    img = upright_pixels(size, noisy=noisy, seed=seed)
    exif = save_params.pop("exif", None) or Image.Exif()
    if orientation is not None:
        if orientation != 1:
            img = img.transpose(_STORE[orientation])
        exif[0x0112] = orientation
    if mode != img.mode:
        img = img.convert(mode)

    fmt = Image.registered_extensions()[path.suffix.lower()]
    if fmt == "JPEG":
        save_params.setdefault("quality", quality)
    if len(exif):
        save_params["exif"] = exif
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, fmt, **save_params)
    return path


def icc_profile_swapping_red_and_green() -> bytes:
    """A minimal ICC v2 RGB profile whose red primary is sRGB's green and vice versa.

    Pixels tagged with it that are stored red are *meant* green, so converting
    them to sRGB must turn them green: a test that cannot pass by accident.
    (Pillow can only create sRGB, LAB and XYZ profiles itself.)
    """
    import struct

    def fixed(*values: float) -> bytes:  # s15Fixed16Number
        return b"".join(struct.pack(">i", round(v * 65536)) for v in values)

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + fixed(x, y, z)

    name = b"red-green swapped sRGB\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + bytes(4 + 4 + 2 + 1 + 67)
    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    # sRGB's primaries adapted to D50, as ICC wants them; red and green swapped.
    tags = [
        (b"desc", desc),
        (b"cprt", b"text\0\0\0\0public domain\0"),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    table, body = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for signature, data in tags:
        data += bytes(-len(data) % 4)  # tags start on 4-byte boundaries
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + struct.pack(">I", 0x02100000)  # version 2.1
        + b"mntrRGB XYZ "
        + bytes(12)  # date
        + b"acsp"
        + bytes(4 + 4 + 4 + 4 + 8 + 4)  # platform, flags, maker, model, attributes, intent
        + fixed(0.9642, 1.0, 0.8249)  # D50 illuminant
        + bytes(4 + 16 + 28)  # creator, id, reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body
