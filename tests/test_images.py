"""Derived photos and logos: upright, right-sized, sRGB, stripped, cached, safe."""

from __future__ import annotations

import hashlib
import pickle
import stat
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageFile, JpegImagePlugin, WebPImagePlugin

from bulletin.errors import ContentError, Problem
from bulletin.images import (
    ImageProblem,
    PhotoSize,
    photo_size,
    prepare_logo,
    prepare_photo,
)
from photos import (
    BLUE,
    GREEN,
    RED,
    close_to,
    icc_profile_swapping_red_and_green,
    make_photo,
    samples,
)


def opened(path: Path) -> Image.Image:
    """The image at `path`, fully loaded and with its file closed."""
    with Image.open(path) as img:
        img.load()
        return img


def assert_upright(img: Image.Image) -> None:
    colours = samples(img)
    assert close_to(colours["top"], RED), colours
    assert close_to(colours["bottom"], BLUE), colours
    assert close_to(colours["corner"], GREEN), colours


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- orientation ----------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_every_exif_orientation_is_shown_upright(tmp_path, orientation, suffix):
    source = make_photo(tmp_path / f"photo{suffix}", (160, 120), orientation=orientation, noisy=False)

    assert photo_size(source) == PhotoSize(160, 120)
    out = opened(prepare_photo(source, tmp_path / "cache", 80))
    assert out.size == (80, 60)
    assert_upright(out)


def test_portrait_phone_photo_is_turned_and_its_sides_swapped(tmp_path):
    source = make_photo(tmp_path / "portrait.jpg", (300, 400), orientation=6)
    assert opened(source).size == (400, 300)  # as stored by the phone

    assert photo_size(source) == PhotoSize(width=300, height=400)
    out = opened(prepare_photo(source, tmp_path / "cache", 150))
    assert out.size == (150, 200)
    assert_upright(out)


def test_jpeg_is_decoded_at_reduced_scale_in_stored_orientation(tmp_path, monkeypatch):
    # Displayed 600x800 (stored 800x600); 150 px wide means 150x200 upright,
    # which is 200x150 as stored: the size draft() must be asked for.
    source = make_photo(tmp_path / "portrait.jpg", (600, 800), orientation=6)
    asked = []
    real_draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        asked.append(size)
        return real_draft(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    out = opened(prepare_photo(source, tmp_path / "cache", 150))

    assert asked == [(200, 150)]
    assert out.size == (150, 200)
    assert_upright(out)


def test_photo_size_reads_the_header_only(tmp_path, monkeypatch):
    def no_decoding(self):
        raise AssertionError("photo_size decoded the pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "load", no_decoding)
    for suffix in (".jpg", ".png", ".webp"):
        source = make_photo(tmp_path / f"p{suffix}", (30, 40), orientation=8, noisy=False)
        assert photo_size(source) == PhotoSize(30, 40)


def test_photo_size_of_a_truncated_jpeg_is_its_header_size(tmp_path):
    # The other side of reading the header only: damage after it shows up
    # when the photo is prepared, not here.
    source = make_photo(tmp_path / "cut.jpg", (200, 100))
    source.write_bytes(source.read_bytes()[:2000])
    assert photo_size(source) == PhotoSize(200, 100)


# --- size -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "width", "expected"),
    [
        ((1000, 500), 300, (300, 150)),
        ((1001, 751), 250, (250, 188)),  # 187.56 rounds up; decoded at 1/2 (501x376) first
        ((640, 480), 640, (640, 480)),
        ((200, 100), 800, (200, 100)),  # never upscaled
        ((3, 900), 1, (1, 300)),
        ((900, 3), 10, (10, 1)),  # never 0 px high
    ],
)
def test_resized_to_the_width_keeping_the_aspect_ratio(tmp_path, size, width, expected):
    source = make_photo(tmp_path / "photo.jpg", size, noisy=False)
    out = opened(prepare_photo(source, tmp_path / "cache", width))
    assert out.size == expected
    assert out.format == "JPEG"


def test_small_source_keeps_its_pixels(tmp_path):
    source = make_photo(tmp_path / "small.png", (120, 90), noisy=False)
    out = opened(prepare_photo(source, tmp_path / "cache", 1200))
    assert out.size == (120, 90)
    assert_upright(out)


def test_width_must_be_positive(tmp_path):
    source = make_photo(tmp_path / "photo.jpg", (20, 10), noisy=False)
    with pytest.raises(ValueError):
        prepare_photo(source, tmp_path / "cache", 0)


def test_camera_photo_becomes_a_small_web_jpeg(tmp_path):
    source = make_photo(tmp_path / "camera.jpg")  # 4000x3000, quality 92
    assert 3_000_000 < source.stat().st_size < 4_500_000  # really camera-sized

    out_path = prepare_photo(source, tmp_path / "cache", 1200)
    out = opened(out_path)
    assert out.size == (1200, 900)
    assert out_path.stat().st_size < 400_000
    assert out.info.get("progressive")
    assert_upright(out)


# --- cache ----------------------------------------------------------------


def test_cache_reuses_the_file_without_decoding_again(tmp_path, monkeypatch):
    source = make_photo(tmp_path / "photo.jpg", (200, 150))
    cache = tmp_path / "cache"
    first = prepare_photo(source, cache, 100)
    written = first.stat().st_mtime_ns

    def no_opening(*args, **kwargs):
        raise AssertionError("the cached photo was decoded again")

    monkeypatch.setattr(Image, "open", no_opening)
    assert prepare_photo(source, cache, 100) == first
    assert first.stat().st_mtime_ns == written


def test_cache_layout_and_keys(tmp_path):
    cache = tmp_path / "cache"
    source = make_photo(tmp_path / "photo.jpg", (200, 150))
    path = prepare_photo(source, cache, 100)

    digest, width = path.stem.split("-")
    assert (path.parent.parent, path.parent.name) == (cache, digest[:2])
    assert len(digest) == 64 and width == "100" and path.suffix == ".jpg"
    assert [p.name for p in cache.rglob("*") if p.is_file()] == [path.name]  # no temp files left
    assert stat.S_IMODE(path.stat().st_mode) & 0o044 == 0o044  # the web server may read it

    # Same bytes under another name: same file. Anything that changes the output: another file.
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(source.read_bytes())
    assert prepare_photo(copy, cache, 100) == path
    others = {
        prepare_photo(source, cache, 120),
        prepare_photo(source, cache, 100, quality=60),
        prepare_photo(make_photo(source, (200, 150), seed=1), cache, 100),
    }
    assert path not in others and len(others) == 3
    assert all(p.exists() for p in others | {path})


def test_logo_cache_is_separate_from_photo_cache(tmp_path):
    source = make_photo(tmp_path / "logo.png", (200, 100), noisy=False)
    cache = tmp_path / "cache"
    logo = prepare_logo(source, cache, 50)
    assert logo.suffix == ".png" and logo.parent.name == logo.name[:2]
    assert prepare_logo(source, cache, 50) == logo
    assert prepare_logo(source, cache, 40) != logo
    assert prepare_photo(source, cache, 100) != logo


def test_originals_are_never_modified(tmp_path):
    icc = icc_profile_swapping_red_and_green()
    sources = [
        make_photo(tmp_path / "a.jpg", (300, 200), orientation=6, icc_profile=icc),
        make_photo(tmp_path / "b.png", (300, 200), mode="P", orientation=3),
        make_photo(tmp_path / "c.webp", (300, 200), orientation=8),
    ]
    before = {p: (sha256(p), p.stat().st_mtime_ns) for p in sources}
    for source in sources:
        photo_size(source)
        prepare_photo(source, tmp_path / "cache", 100)
        prepare_logo(source, tmp_path / "cache", 50)
    assert {p: (sha256(p), p.stat().st_mtime_ns) for p in sources} == before


# --- pixels ---------------------------------------------------------------


def write_sixteen_bit_grey(path: Path) -> Path:
    """A 16-bit greyscale PNG: bright (60000/65535) on top, dark (5000) below."""
    import numpy as np

    pixels = np.full((60, 80), 5000, dtype=np.uint16)
    pixels[:30] = 60000
    Image.fromarray(pixels).save(path)
    assert opened(path).mode == "I;16"
    return path


def write_half_transparent(path: Path, mode: str) -> Path:
    """Opaque red on top, fully transparent (blue underneath) below."""
    img = Image.new("RGBA", (80, 60), (*RED, 255))
    img.paste((*BLUE, 0), (0, 30, 80, 60))
    img.convert(mode).save(path)
    return path


@pytest.mark.parametrize(
    ("make", "top", "bottom"),
    [
        (lambda p: make_photo(p / "cmyk.jpg", (80, 60), mode="CMYK", noisy=False), RED, BLUE),
        (lambda p: make_photo(p / "grey.jpg", (80, 60), mode="L", noisy=False), (88,) * 3, (53,) * 3),
        (lambda p: make_photo(p / "palette.png", (80, 60), mode="P", noisy=False), RED, BLUE),
        (lambda p: make_photo(p / "alpha.png", (80, 60), mode="RGBA", noisy=False), RED, BLUE),
        (lambda p: make_photo(p / "grey-alpha.png", (80, 60), mode="LA", noisy=False), (88,) * 3, (53,) * 3),
        # scaled, not clipped: 60000/257 = 233, 5000/257 = 19
        (lambda p: write_sixteen_bit_grey(p / "sixteen.png"), (233,) * 3, (19,) * 3),
        # transparency is flattened onto the white page
        (lambda p: write_half_transparent(p / "rgba.png", "RGBA"), RED, (255,) * 3),
        (lambda p: write_half_transparent(p / "tpal.png", "P"), RED, (255,) * 3),
    ],
    ids=["cmyk", "grey", "palette", "rgba-opaque", "grey-alpha", "16-bit", "rgba", "palette-tRNS"],
)
def test_any_pixel_format_becomes_8_bit_rgb_jpeg(tmp_path, make, top, bottom):
    out = opened(prepare_photo(make(tmp_path), tmp_path / "cache", 40))
    assert (out.format, out.mode, out.size) == ("JPEG", "RGB", (40, 30))
    colours = samples(out)
    assert close_to(colours["top"], top, 12), colours
    assert close_to(colours["bottom"], bottom, 12), colours


def test_embedded_colour_profile_is_converted_to_srgb(tmp_path):
    # Stored red, but the profile says that red channel means green.
    icc = icc_profile_swapping_red_and_green()
    source = make_photo(tmp_path / "tagged.jpg", (80, 60), noisy=False, icc_profile=icc)
    out = opened(prepare_photo(source, tmp_path / "cache", 40))
    assert close_to(samples(out)["top"], (RED[1], RED[0], RED[2]), 25), samples(out)
    assert "icc_profile" not in out.info  # the pixels are sRGB now; untagged means sRGB


@pytest.mark.parametrize(
    ("mode", "icc"),
    [("RGB", b"not a profile" * 10), ("CMYK", icc_profile_swapping_red_and_green())],
    ids=["damaged", "wrong-colour-space"],
)
def test_unusable_colour_profile_is_ignored(tmp_path, mode, icc):
    source = make_photo(tmp_path / "tagged.jpg", (80, 60), mode=mode, noisy=False, icc_profile=icc)
    assert_upright(opened(prepare_photo(source, tmp_path / "cache", 40)))


def test_metadata_is_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "EditorSoft"  # Software
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 40.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPSLatitude 51,30.2N</x:xmpmeta>'
    source = make_photo(
        tmp_path / "gps.jpg", (200, 150), orientation=6, exif=exif, xmp=xmp, comment=b"home address"
    )
    assert opened(source).getexif().get_ifd(0x8825)  # the fixture does carry GPS

    path = prepare_photo(source, tmp_path / "cache", 100)
    out = opened(path)
    assert not out.getexif()
    assert not {"exif", "xmp", "comment", "icc_profile"} & out.info.keys()
    data = path.read_bytes()
    for secret in (b"Exif\0\0", b"SecretCam", b"EditorSoft", b"GPSLatitude", b"home address"):
        assert secret not in data


def test_logo_metadata_is_stripped(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    # A damaged profile is ignored, and must not be copied into the output either.
    source = make_photo(tmp_path / "logo.png", (80, 60), exif=exif, icc_profile=b"junk" * 40)
    assert {"exif", "icc_profile"} <= opened(source).info.keys()
    path = prepare_logo(source, tmp_path / "cache", 30)
    assert not {"exif", "icc_profile"} & opened(path).info.keys()
    assert b"SecretCam" not in path.read_bytes() and b"junk" not in path.read_bytes()


# --- logos ----------------------------------------------------------------


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA"])
def test_logo_keeps_its_transparency(tmp_path, mode):
    source = write_half_transparent(tmp_path / "logo.png", mode)
    logo = opened(prepare_logo(source, tmp_path / "cache", 30))
    assert (logo.format, logo.mode, logo.size) == ("PNG", "RGBA", (40, 30))
    top, bottom = logo.getpixel((20, 5)), logo.getpixel((20, 25))
    assert bottom[3] == 0
    assert top[3] == 255
    if mode != "LA":
        assert close_to(top[:3], RED, 2)


def test_logo_is_never_upscaled_and_keeps_its_ratio(tmp_path):
    source = write_half_transparent(tmp_path / "logo.png", "RGBA")
    assert opened(prepare_logo(source, tmp_path / "cache", 600)).size == (80, 60)
    assert opened(prepare_logo(source, tmp_path / "cache", 45)).size == (60, 45)


def test_opaque_logo_stays_opaque_rgb(tmp_path):
    source = make_photo(tmp_path / "logo.jpg", (80, 60), noisy=False)
    logo = opened(prepare_logo(source, tmp_path / "cache", 30))
    assert (logo.format, logo.mode, logo.size) == ("PNG", "RGB", (40, 30))
    assert_upright(logo)


# --- bad files ------------------------------------------------------------


def write_as(fmt: str):
    def write(path: Path) -> None:
        Image.new("RGB", (16, 16), RED).save(path, fmt)

    return write


def write_truncated_jpeg(path: Path) -> Path:
    make_photo(path, (200, 150))
    path.write_bytes(path.read_bytes()[:3000])
    return path


NOT_AN_IMAGE = "cannot read image: not a JPEG, PNG or WebP file"
BAD_FILES = {
    "gif": (write_as("GIF"), NOT_AN_IMAGE),
    "bmp": (write_as("BMP"), NOT_AN_IMAGE),
    "tiff": (write_as("TIFF"), NOT_AN_IMAGE),  # Pillow reads TIFF, but we must not
    "text": (lambda p: p.write_text("<html>not a photo</html>"), NOT_AN_IMAGE),
    "empty": (lambda p: p.write_bytes(b""), NOT_AN_IMAGE),
    "missing": (lambda p: None, "cannot read image: No such file or directory"),
    "directory": (lambda p: p.mkdir(), "cannot read image: Is a directory"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("process", ["photo_size", "prepare_photo", "prepare_logo"])
def test_bad_file_is_a_problem_naming_it(tmp_path, monkeypatch, kind, process):
    monkeypatch.chdir(tmp_path)
    write, message = BAD_FILES[kind]
    source = Path("images/staff/photo.jpg")
    source.parent.mkdir(parents=True)
    write(source)
    cache = Path("cache")
    call = {
        "photo_size": lambda: photo_size(source),
        "prepare_photo": lambda: prepare_photo(source, cache, 100),
        "prepare_logo": lambda: prepare_logo(source, cache, 50),
    }[process]

    with pytest.raises(ImageProblem) as caught:
        call()

    assert isinstance(caught.value, ContentError)
    assert caught.value.problems == [Problem("images/staff/photo.jpg", None, message)]
    assert str(caught.value) == f"images/staff/photo.jpg: error: {message}"
    assert not cache.exists() or not [p for p in cache.rglob("*") if p.is_file()]


@pytest.mark.parametrize("process", [prepare_photo, prepare_logo])
def test_truncated_jpeg_is_a_problem(tmp_path, process):
    source = write_truncated_jpeg(tmp_path / "cut.jpg")
    with pytest.raises(ImageProblem) as caught:
        process(source, tmp_path / "cache", 50)
    assert caught.value.problems == [
        Problem(source.as_posix(), None, "cannot read image: file is truncated")
    ]


def test_damaged_pixels_are_a_problem(tmp_path):
    source = make_photo(tmp_path / "photo.png", (64, 48), seed=3)
    data = bytearray(source.read_bytes())
    data[200:260] = bytes(60)  # inside the compressed pixel data
    source.write_bytes(bytes(data))
    with pytest.raises(ImageProblem, match="cannot read image: file is damaged"):
        prepare_photo(source, tmp_path / "cache", 32)


@pytest.mark.parametrize("side", [40, 50], ids=["over-the-limit", "over-twice-the-limit"])
def test_decompression_bomb_is_refused(tmp_path, monkeypatch, side):
    # With a limit of 1000 px, Pillow warns at 40x40 and refuses 50x50 itself;
    # both must be refused, even where warnings are ignored.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    source = make_photo(tmp_path / "bomb.png", (side, side), noisy=False)
    for process in (photo_size, lambda s: prepare_photo(s, tmp_path / "cache", 10)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ImageProblem, match="image is too large"):
                process(source)


def test_image_problem_survives_pickling_between_processes():
    problem = ImageProblem(Path("images/a.jpg"), "cannot read image: file is truncated")
    copy = pickle.loads(pickle.dumps(problem))
    assert type(copy) is ImageProblem
    assert copy.problems == problem.problems == [
        Problem("images/a.jpg", None, "cannot read image: file is truncated")
    ]


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
@pytest.mark.parametrize(
    "exif",
    [
        # an Orientation entry whose data would lie far past the end
        b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\x03\xe8\0\0\x10\0\0\0\0\0",
        # not even a TIFF header
        b"Exif\0\0MM\0Z" + bytes(40),
    ],
    ids=["entry-past-the-end", "bad-header"],
)
def test_damaged_exif_does_not_fail_the_photo_nor_warn(tmp_path, suffix, exif):
    # Pillow skips unreadable EXIF, warning about it; the pixels are fine, as
    # browsers agree. Nothing must fail, and nothing be printed.
    source = make_photo(tmp_path / f"photo{suffix}", (80, 60), noisy=False, exif=exif)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert photo_size(source) == PhotoSize(80, 60)
        assert_upright(opened(prepare_photo(source, tmp_path / "cache", 40)))
        assert_upright(opened(prepare_logo(source, tmp_path / "cache", 30)))


def test_truncated_photo_is_a_problem_even_after_weasyprint_is_imported(tmp_path):
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process."""
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    source = make_photo(tmp_path / "photo.jpg", (640, 480), seed=5)
    source.write_bytes(source.read_bytes()[:5000])
    with pytest.raises(ImageProblem, match="cannot read image: file is truncated"):
        prepare_photo(source, tmp_path / "cache", 320)
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "the flag is restored for WeasyPrint"
