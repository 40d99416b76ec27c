"""Derived photos and logos, made from the staff's originals under images/.

The originals are untrusted content: any file may be damaged, mislabelled,
huge, or carry a camera's GPS position. So a file is only ever read, only
JPEG, PNG and WebP decoders are offered to it, whatever it is named, and
everything it carries besides pixels is dropped from the derived copy.

Derived files are cached by content: the name is a hash of the source bytes
and of every setting that shapes the output, so an unchanged photo is never
decoded twice and a changed one can never be served stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import struct
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from PIL import ExifTags, Image, ImageCms, ImageFile, UnidentifiedImageError

from .errors import ContentError, Problem

SUPPORTED_FORMATS = ("JPEG", "PNG", "WEBP")

# Part of every cache key: bump it whenever a change here alters the output,
# so that caches built by an older version are not reused.
PIPELINE_VERSION = 1

# EXIF orientations 5-8 store the picture turned a quarter turn.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})

_SRGB = ImageCms.createProfile("sRGB")


class ImageProblem(ContentError):
    """One image the author must replace or fix."""

    def __init__(self, source: Path | str, message: str):
        self.source = source
        self.problem = Problem(path=Path(source).as_posix(), line=None, message=message)
        super().__init__([self.problem])

    def __reduce__(self) -> tuple[Any, ...]:
        # Parallel builds send errors between processes; the default pickling
        # would call __init__ with the wrong arguments.
        return (type(self), (self.source, self.problem.message))


@dataclass(frozen=True)
class PhotoSize:
    """Size as displayed, i.e. after the EXIF orientation is applied."""

    width: int
    height: int


def photo_size(path: Path) -> PhotoSize:
    """The displayed size of an image, read from its header alone."""
    with _reading(path), Image.open(path, formats=SUPPORTED_FORMATS) as img:
        width, height = img.size
        if _orientation(img) in _QUARTER_TURNS:
            width, height = height, width
    return PhotoSize(width, height)


def decoded_size(path: Path) -> PhotoSize:
    """The displayed size of an image after decoding all of it, with the limits of
    the photo pipeline: a truncated or damaged file fails here, in `check`, not in the build."""
    with _reading(path), Image.open(path, formats=SUPPORTED_FORMATS) as img:
        width, height = img.size
        if _orientation(img) in _QUARTER_TURNS:
            width, height = height, width
        # A JPEG's whole stream is still read at 1/8 scale, so damage is found as surely.
        img.draft("RGB", (max(1, img.size[0] // 8), max(1, img.size[1] // 8)))
        img.load()
    return PhotoSize(width, height)


def prepare_photo(source: Path, cache_dir: Path, width: int, *, quality: int = 85) -> Path:
    """A cached sRGB JPEG of `source`, `width` px wide (never upscaled), without metadata."""
    if width < 1:
        raise ValueError(f"width must be positive, not {width}")
    data = _read(source)
    target = _photo_path(cache_dir, data, width, quality)
    if target.exists():
        return target

    with _reading(source), _open(data) as img:
        orientation = _orientation(img)
        turned = orientation in _QUARTER_TURNS
        size = _fit(img.size[::-1] if turned else img.size, width=width)
        # A JPEG decodes far faster at 1/2, 1/4 or 1/8 scale; draft() picks
        # the smallest of those still at least `size`. It works on the file
        # as stored, hence the swap. Other formats ignore draft().
        img.draft("RGB", size[::-1] if turned else size)
        photo = _to_srgb(_upright(img, orientation), keep_alpha=False)
        if photo.size != size:
            # reducing_gap: shrink by whole factors first, then LANCZOS the
            # rest; indistinguishable at 3.0, and much faster on camera photos.
            photo = photo.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    _save_atomically(photo, target, "JPEG", quality=quality, optimize=True, progressive=True)
    return target


def _photo_path(cache_dir: Path, data: bytes, width: int, quality: int = 85) -> Path:
    return _cache_path(cache_dir, data, f"photo:w{width}:q{quality}", f"{width}.jpg")


def forget_photo(source: Path, cache_dir: Path, widths) -> None:
    """Remove the cached copies of `source` at `widths`: a photo no consent lets out any
    more must not stay where a synced build folder (OUT/.cache) would publish it."""
    try:
        data = Path(source).read_bytes()
    except OSError:
        return
    for width in widths:
        _photo_path(cache_dir, data, width).unlink(missing_ok=True)


def prepare_logo(source: Path, cache_dir: Path, height: int) -> Path:
    """A cached sRGB PNG of a donor logo, `height` px high (never upscaled), alpha kept."""
    if height < 1:
        raise ValueError(f"height must be positive, not {height}")
    data = _read(source)
    target = _cache_path(cache_dir, data, f"logo:h{height}", f"{height}.png")
    if target.exists():
        return target

    with _reading(source), _open(data) as img:
        logo = _to_srgb(_upright(img, _orientation(img)), keep_alpha=True)
        size = _fit(logo.size, height=height)
        if logo.size != size:
            logo = logo.resize(size, Image.Resampling.LANCZOS)
    _save_atomically(logo, target, "PNG", optimize=True)
    return target


# --- reading ---------------------------------------------------------------

# What Pillow raises on files it cannot make sense of. Anything else is a bug
# here and should surface with its traceback.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


@contextlib.contextmanager
def _reading(source: Path) -> Iterator[None]:
    """Turn whatever a bad image file makes Pillow raise into an ImageProblem."""
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported;
    # a photo cut short must still be reported, not printed grey at the bottom.
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            # Pillow warns of damaged metadata (e.g. "Corrupt EXIF data") and
            # skips it, as browsers do; that is no reason to fail nor to print.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
            # It only warns between MAX_IMAGE_PIXELS and twice that; a file
            # that large would still be decoded, so refuse it like a bigger one.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        message = (
            f"image is too large to process safely (over {Image.MAX_IMAGE_PIXELS:,} pixels);"
            " scale it down before adding it"
        )
        raise ImageProblem(source, message) from exc
    except UnidentifiedImageError as exc:
        raise ImageProblem(source, "cannot read image: not a JPEG, PNG or WebP file") from exc
    except _DECODE_ERRORS as exc:
        if isinstance(exc, OSError) and exc.strerror:  # missing, unreadable, a directory
            message = f"cannot read image: {exc.strerror}"
        elif "truncated" in str(exc).lower():
            message = "cannot read image: file is truncated"
        else:
            message = f"cannot read image: file is damaged ({exc})"
        raise ImageProblem(source, message) from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok


def _read(source: Path) -> bytes:
    # The bytes are read once and both hashed and decoded from memory, so the
    # cache key always matches the pixels even if the file changes meanwhile.
    with _reading(source):
        return Path(source).read_bytes()


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data), formats=SUPPORTED_FORMATS)


def _orientation(img: Image.Image) -> Any:
    """The EXIF orientation, read from the header: usually 1-8, but the file may say anything."""
    # The base-class getexif() reads only what the header holds; the PNG
    # plugin's own would decode every pixel looking for a late eXIf chunk.
    try:
        return Image.Image.getexif(img).get(ExifTags.Base.Orientation, 1)
    except (SyntaxError, ValueError, OSError, struct.error):
        return 1  # unreadable EXIF is skipped, as Pillow itself and browsers do


# The table of ImageOps.exif_transpose. It is applied here to the orientation
# read once by _orientation(), so that photo_size(), draft() and the result
# cannot disagree, and damaged EXIF cannot fail the decoding.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _upright(img: Image.Image, orientation: Any) -> Image.Image:
    """The pixels turned the way the EXIF orientation says they are displayed."""
    method = _UPRIGHT.get(orientation)
    return img if method is None else img.transpose(method)


# --- pixels ----------------------------------------------------------------


def _to_srgb(img: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """8-bit sRGB, as RGBA if `keep_alpha` and the image has transparency, else RGB."""
    profile = img.info.get("icc_profile")
    img = _to_8bit(img)
    if profile:
        img = _apply_profile(img, profile)
    if img.mode == "RGBA":
        if keep_alpha:
            return img
        # A photo sits on the white page: flatten any transparency onto it.
        return Image.alpha_composite(Image.new("RGBA", img.size, "white"), img).convert("RGB")
    return img.convert("RGB")


def _to_8bit(img: Image.Image) -> Image.Image:
    """The image as L, RGB, RGBA or CMYK, transparency turned into alpha."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit greyscale: scale 0-65535 down to 0-255. A plain convert("L")
        # clips instead, turning everything but the shadows white.
        img = img.convert("I").point(lambda v: v / 257, "L")
        # Its tRNS colour key, if any, is a 16-bit value matching none of the
        # new pixels: dropped, as keyed-out 16-bit grey photos do not occur.
        img.info.pop("transparency", None)
    if img.has_transparency_data:
        return img.convert("RGBA")  # palettes and tRNS chunks included
    if img.mode in ("L", "RGB", "CMYK"):
        return img  # what a colour profile can describe
    return img.convert("RGB")


def _apply_profile(img: Image.Image, profile: bytes) -> Image.Image:
    """Convert from the embedded ICC profile to sRGB, the web's colour space."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(img, source, _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError):
        # A damaged profile, or one for another colour space than the pixels:
        # show the pixels as they are, which is what browsers do.
        return img


def _fit(size: tuple[int, int], *, width: int | None = None, height: int | None = None) -> tuple[int, int]:
    """`size` scaled to `width` or `height`, keeping its aspect ratio, never enlarged."""
    w, h = size
    if width is not None:
        new_w = min(width, w)
        return new_w, max(1, round(h * new_w / w))
    assert height is not None
    new_h = min(height, h)
    return max(1, round(w * new_h / h)), new_h


# --- cache -----------------------------------------------------------------


def _cache_path(cache_dir: Path, data: bytes, settings: str, suffix: str) -> Path:
    """cache_dir/ab/<hash>-<suffix>; the hash covers the bytes and the settings."""
    key = hashlib.sha256(hashlib.sha256(data).digest())
    key.update(f"|v{PIPELINE_VERSION}|{settings}".encode())
    digest = key.hexdigest()
    return Path(cache_dir) / digest[:2] / f"{digest}-{suffix}"


def _save_atomically(img: Image.Image, target: Path, fmt: str, **params: Any) -> None:
    """Write under a temporary name, then rename: readers and racing builds
    see either no file or a complete one."""
    img.info = {}  # keep nothing from the source: EXIF, GPS, XMP, comments, profiles
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            img.save(out, fmt, **params)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the site must serve it
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
