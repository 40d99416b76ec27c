#!/usr/bin/env python3
"""(Re)generate the sample photos and logos bundled under ``images/``.

Run from the repository root::

    python scripts/make_sample_images.py [NAME ...]

With names (``labour-counselling-qachas-nek``), only those photos are drawn.
Everything is drawn with Pillow from a fixed random seed, so running the
script again rewrites the very same files (with the same Pillow version).
The pictures are *illustrations* in the style of field photos: a sky
gradient, layered mountains (Lesotho is a mountain kingdom), a sun, clouds,
simple silhouettes of people, buildings, tents, a border post and so on,
finished with film grain and a vignette so that they behave like real
photographs in the layout (JPEG, noisy, not flat colour fields).

Outputs
-------
* ``images/2023/<name>.jpg`` -- photos referenced by ``content/stories/*.md``;
  landscape 1600x1067 or portrait 1067x1600, JPEG quality ~80, each kept
  under ~120 KB (the quality is lowered step by step if needed).
* ``images/logos/<donor-key>.png`` and ``images/logos/office.png`` --
  600x200 abstract wordmarks (shapes plus a short name drawn with
  ``ImageFont.load_default(size=...)``).  They are deliberately NOT
  imitations of any real emblem, flag or seal.

EXIF orientation test image
---------------------------
``images/2023/tip-world-day-portrait.jpg`` is a portrait picture whose pixels
are *stored rotated* (as a 1600x1067 landscape raster, turned 90 degrees
counter-clockwise) with the EXIF Orientation tag set to 6 ("rotate 90 CW to
display").  A viewer or a build that honours EXIF (for example
``PIL.ImageOps.exif_transpose``) shows it upright at 1067x1600; code that
ignores the tag shows it lying on its side.  It exists to exercise the
build's orientation handling -- keep it that way.
"""

from __future__ import annotations

import io
import random
import zlib
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"
SEED = 20230401
SS = 2                      # supersampling factor for smoother edges
LANDSCAPE = (1600, 1067)
PORTRAIT = (1067, 1600)
MAX_PHOTO_BYTES = 118_000   # "under ~120 KB"
MAX_LOGO_BYTES = 20_000
EXIF_ORIENTATION = 0x0112

# ---------------------------------------------------------------- helpers


def mix(c1, c2, t):
    """Linear blend of two RGB tuples."""
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2))


def shade(c, f):
    """Darken (f < 1) or lighten (f > 1) a colour."""
    if f <= 1:
        return tuple(int(v * f) for v in c)
    return mix(c, (255, 255, 255), min(1.0, f - 1))


def vgradient(size, stops):
    """Vertical gradient image; stops = [(0..1, rgb), ...] sorted by position."""
    w, h = size
    col = Image.new("RGB", (1, h))
    px = col.load()
    for y in range(h):
        t = y / max(1, h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                px[0, y] = mix(c0, c1, (t - p0) / max(1e-9, p1 - p0))
                break
        else:
            px[0, y] = stops[-1][1] if t > stops[-1][0] else stops[0][1]
    return col.resize((w, h), Image.Resampling.NEAREST)


def ridge(rng, w, base, amp, rough=0.55, levels=8):
    """Midpoint-displacement ridge line: list of (x, y) across the width."""
    n = 2 ** levels
    ys = [0.0] * (n + 1)
    ys[0] = rng.uniform(-amp, amp) * 0.5
    ys[n] = rng.uniform(-amp, amp) * 0.5
    step, scale = n, amp
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            ys[i] = (ys[i - half] + ys[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * rough
    return [(w * i / n, base + ys[i]) for i in range(n + 1)]


def paste_fill(img, fill, mask):
    """Composite a colour or an image onto img through an L mask."""
    if isinstance(fill, tuple):
        fill = Image.new("RGB", img.size, fill)
    img.paste(fill, (0, 0), mask)


def grain_and_vignette(img, rng, amount=6, vignette=0.22):
    """Film grain (low-frequency so JPEG stays small) plus a soft vignette."""
    w, h = img.size
    gw, gh = max(8, w // 7), max(8, h // 7)
    noise = Image.frombytes("L", (gw, gh), rng.randbytes(gw * gh))
    noise = noise.resize((w, h), Image.Resampling.BICUBIC)
    noise = noise.point(lambda v: int(128 + (v - 128) * amount / 128))
    img = ImageChops.add(img, Image.merge("RGB", (noise,) * 3), 1.0, -128)
    rad = Image.radial_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    rad = rad.point(lambda v: int(255 * (1 - vignette * (v / 255) ** 2)))
    dark = Image.merge("RGB", (rad,) * 3)
    return ImageChops.multiply(img, dark)


# --------------------------------------------------------- scene drawing


class Scene:
    """A supersampled canvas with drawing helpers in relative coordinates."""

    def __init__(self, name, size, seed_extra=0):
        self.name = name
        self.out_size = size
        self.w, self.h = size[0] * SS, size[1] * SS
        self.rng = random.Random(SEED ^ zlib.crc32(name.encode("utf-8")) ^ seed_extra)
        self.img = Image.new("RGB", (self.w, self.h))
        self.draw = ImageDraw.Draw(self.img)

    # coordinates ---------------------------------------------------------
    def X(self, fx):
        return fx * self.w

    def Y(self, fy):
        return fy * self.h

    def S(self, f):
        """Size relative to the image height."""
        return f * self.h

    # landscape -----------------------------------------------------------
    def sky(self, top, bottom, horizon=None):
        stops = [(0, top), (1, bottom)]
        if horizon:
            stops = [(0, top), (0.55, bottom), (1, horizon)]
        self.img.paste(vgradient((self.w, self.h), stops))

    def sun(self, fx, fy, fr, color=(255, 244, 214), glow=0.55):
        x, y, r = self.X(fx), self.Y(fy), self.S(fr)
        m = Image.new("L", (self.w, self.h), 0)
        ImageDraw.Draw(m).ellipse((x - r * 3, y - r * 3, x + r * 3, y + r * 3),
                                  fill=int(255 * glow))
        m = m.filter(ImageFilter.GaussianBlur(r * 1.6))
        paste_fill(self.img, color, m)
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=color)

    def clouds(self, n, band=(0.05, 0.35), color=(250, 250, 252), opacity=200):
        m = Image.new("L", (self.w, self.h), 0)
        d = ImageDraw.Draw(m)
        rng = self.rng
        for _ in range(n):
            cx, cy = self.X(rng.uniform(-0.05, 1.05)), self.Y(rng.uniform(*band))
            cw = self.S(rng.uniform(0.10, 0.28))
            for _ in range(rng.randint(4, 8)):
                ox, oy = rng.uniform(-cw, cw), rng.uniform(-cw * 0.15, cw * 0.1)
                r = cw * rng.uniform(0.25, 0.45)
                d.ellipse((cx + ox - r, cy + oy - r * 0.6, cx + ox + r, cy + oy + r * 0.6),
                          fill=opacity)
        m = m.filter(ImageFilter.GaussianBlur(self.S(0.012)))
        paste_fill(self.img, color, m)

    def mountains(self, layers, snow=None):
        """layers: [(base_fy, amp_f, colour_top, colour_bottom), ...] far to near.
        snow: (fraction, colour, n): snow on the n farthest layers, down to
        `fraction` of the way from the highest peak to the median ridge height."""
        for i, (base, amp, ctop, cbot) in enumerate(layers):
            pts = ridge(self.rng, self.w, self.Y(base), self.S(amp))
            m = Image.new("L", (self.w, self.h), 0)
            ImageDraw.Draw(m).polygon(pts + [(self.w, self.h), (0, self.h)], fill=255)
            top = min(y for _, y in pts)
            grad = vgradient((self.w, self.h), [(0, ctop), (max(0.01, top / self.h), ctop),
                                                (min(1, base + 0.25), cbot), (1, cbot)])
            paste_fill(self.img, grad, m)
            if snow and i < snow[2]:
                median = sorted(y for _, y in pts)[len(pts) // 2]
                line = ridge(self.rng, self.w, top + (median - top) * snow[0],
                             self.S(0.015), rough=0.7)
                sm = Image.new("L", (self.w, self.h), 0)
                ImageDraw.Draw(sm).polygon([(0, 0), (self.w, 0)] + line[::-1], fill=230)
                sm = ImageChops.darker(sm, m)
                paste_fill(self.img, snow[1], sm)

    def ground(self, fy, ctop, cbot, patches=40):
        pts = ridge(self.rng, self.w, self.Y(fy), self.S(0.012), rough=0.5)
        m = Image.new("L", (self.w, self.h), 0)
        ImageDraw.Draw(m).polygon(pts + [(self.w, self.h), (0, self.h)], fill=255)
        layer = vgradient((self.w, self.h), [(0, ctop), (fy, ctop), (1, cbot)])
        d = ImageDraw.Draw(layer)
        rng = self.rng
        for _ in range(patches):
            x, y = self.X(rng.random()), self.Y(rng.uniform(fy, 1))
            r = self.S(rng.uniform(0.02, 0.08))
            d.ellipse((x - r * 2, y - r * 0.5, x + r * 2, y + r * 0.5),
                      fill=shade(mix(ctop, cbot, 0.5), rng.uniform(0.82, 1.12)))
        layer = layer.filter(ImageFilter.GaussianBlur(self.S(0.01)))
        paste_fill(self.img, layer, m)

    def river(self, fy, width, color=(120, 132, 128)):
        rng = self.rng
        top = [(self.X(t / 20), self.Y(fy) + self.S(0.012) * rng.uniform(-1, 1)) for t in range(21)]
        bot = [(x, y + self.S(width) * (0.6 + 0.8 * i / 20)) for i, (x, y) in enumerate(top)]
        self.draw.polygon(top + bot[::-1], fill=color)
        for i in range(0, 20, 3):
            x, y = top[i]
            self.draw.line((x, y + self.S(width) * 0.4, x + self.S(0.05), y + self.S(width) * 0.4),
                           fill=shade(color, 1.25), width=max(1, int(self.S(0.002))))

    # props ----------------------------------------------------------------
    def poplar(self, fx, fy, fh, color=(92, 110, 60)):
        x, y, h = self.X(fx), self.Y(fy), self.S(fh)
        self.draw.rectangle((x - h * 0.015, y - h * 0.3, x + h * 0.015, y), fill=(70, 55, 40))
        self.draw.ellipse((x - h * 0.12, y - h, x + h * 0.12, y - h * 0.18), fill=color)
        self.draw.ellipse((x - h * 0.07, y - h * 0.95, x + h * 0.04, y - h * 0.5),
                          fill=shade(color, 1.15))

    def tree(self, fx, fy, fh, color=(74, 96, 52)):
        x, y, h = self.X(fx), self.Y(fy), self.S(fh)
        self.draw.polygon([(x - h * 0.03, y), (x + h * 0.03, y), (x + h * 0.015, y - h * 0.55),
                           (x - h * 0.015, y - h * 0.55)], fill=(66, 50, 36))
        rng = self.rng
        for _ in range(9):
            ox, oy = rng.uniform(-0.28, 0.28) * h, rng.uniform(-0.95, -0.5) * h
            r = h * rng.uniform(0.12, 0.2)
            self.draw.ellipse((x + ox - r, y + oy - r * 0.8, x + ox + r, y + oy + r * 0.8),
                              fill=shade(color, rng.uniform(0.85, 1.15)))

    def building(self, fx, fy, fw, fh, wall=(214, 200, 176), roof=(150, 154, 158),
                 windows=3, sign=None):
        x0, y1, w, h = self.X(fx), self.Y(fy), self.S(fw), self.S(fh)
        d = self.draw
        d.rectangle((x0, y1 - h, x0 + w, y1), fill=wall)
        d.rectangle((x0, y1 - h * 0.12, x0 + w, y1), fill=shade(wall, 0.8))
        ov = w * 0.04
        d.polygon([(x0 - ov, y1 - h), (x0 + w + ov, y1 - h), (x0 + w - ov, y1 - h * 1.32),
                   (x0 + ov, y1 - h * 1.32)], fill=roof)
        for i in range(int(w / (h * 0.1))):
            xx = x0 + ov + i * h * 0.1
            d.line((xx, y1 - h * 1.32, xx - ov * 0.5, y1 - h), fill=shade(roof, 0.85),
                   width=max(1, int(h * 0.008)))
        dw = h * 0.28
        dx = x0 + w * 0.5 - dw / 2
        d.rectangle((dx, y1 - h * 0.62, dx + dw, y1), fill=(96, 64, 44))
        for i in range(windows):
            wx = x0 + w * (i + 0.5) / (windows + 1) * (1 if i < windows / 2 else 1)
            if i >= windows / 2:
                wx = x0 + w - w * (windows - i - 0.5) / (windows + 1)
            ww = h * 0.26
            d.rectangle((wx - ww / 2, y1 - h * 0.72, wx + ww / 2, y1 - h * 0.36), fill=(238, 236, 228))
            d.rectangle((wx - ww / 2 + 4, y1 - h * 0.72 + 4, wx + ww / 2 - 4, y1 - h * 0.36 - 4),
                        fill=(62, 82, 100))
        if sign:
            sw, sh = w * 0.45, h * 0.16
            sx, sy = x0 + w / 2 - sw / 2, y1 - h * 0.95
            d.rectangle((sx, sy, sx + sw, sy + sh), fill=sign)
            for k in range(2):
                d.rectangle((sx + sw * 0.1, sy + sh * (0.3 + 0.3 * k),
                             sx + sw * (0.9 - 0.3 * k), sy + sh * (0.42 + 0.3 * k)),
                            fill=(245, 245, 240))

    def rondavel(self, fx, fy, fw, wall=(190, 172, 150), thatch=(168, 140, 88)):
        x0, y1, w = self.X(fx), self.Y(fy), self.S(fw)
        d = self.draw
        h = w * 0.55
        d.rectangle((x0, y1 - h, x0 + w, y1), fill=wall)
        rng = self.rng
        for _ in range(int(w / 6)):  # stones
            sx, sy = x0 + rng.uniform(0, w), y1 - rng.uniform(0, h)
            r = w * rng.uniform(0.02, 0.05)
            d.ellipse((sx - r, sy - r * 0.6, sx + r, sy + r * 0.6), fill=shade(wall, rng.uniform(0.8, 1.1)))
        d.rectangle((x0 + w * 0.4, y1 - h * 0.7, x0 + w * 0.6, y1), fill=(70, 48, 34))
        ov = w * 0.1
        apex = (x0 + w / 2, y1 - h - w * 0.65)
        d.polygon([(x0 - ov, y1 - h + w * 0.04), (x0 + w + ov, y1 - h + w * 0.04), apex], fill=thatch)
        for k in range(14):
            t = k / 13
            d.line((apex[0], apex[1], x0 - ov + (w + 2 * ov) * t, y1 - h + w * 0.04),
                   fill=shade(thatch, 0.82), width=max(1, int(w * 0.01)))
        d.line((apex[0], apex[1] - w * 0.08, apex[0], apex[1]), fill=(90, 70, 40), width=int(w * 0.03))

    def tent(self, fx, fy, fw, canopy=(240, 240, 236), trim=(40, 110, 170)):
        x0, y1, w = self.X(fx), self.Y(fy), self.S(fw)
        d = self.draw
        h = w * 0.55
        for px in (x0 + w * 0.04, x0 + w * 0.96):
            d.rectangle((px - w * 0.008, y1 - h, px + w * 0.008, y1), fill=(120, 120, 120))
        d.polygon([(x0, y1 - h), (x0 + w, y1 - h), (x0 + w * 0.78, y1 - h * 1.45),
                   (x0 + w * 0.22, y1 - h * 1.45)], fill=canopy)
        d.rectangle((x0, y1 - h, x0 + w, y1 - h * 0.88), fill=trim)
        n = 8
        for i in range(n):
            cx = x0 + w * (i + 0.5) / n
            d.pieslice((cx - w / n / 2, y1 - h * 0.95, cx + w / n / 2, y1 - h * 0.8), 0, 180, fill=trim)
        d.polygon([(x0, y1 - h * 0.9), (x0 + w, y1 - h * 0.9), (x0 + w, y1),
                   (x0, y1)], fill=shade(canopy, 0.55))
        # table with boxes under the tent
        d.rectangle((x0 + w * 0.2, y1 - h * 0.42, x0 + w * 0.8, y1 - h * 0.36), fill=(200, 200, 196))
        d.rectangle((x0 + w * 0.3, y1 - h * 0.56, x0 + w * 0.4, y1 - h * 0.42), fill=(230, 230, 230))

    def van(self, fx, fy, fw, body=(236, 238, 240), stripe=(30, 100, 160)):
        x0, y1, w = self.X(fx), self.Y(fy), self.S(fw)
        d = self.draw
        h = w * 0.42
        d.rounded_rectangle((x0, y1 - h * 1.05, x0 + w, y1 - h * 0.18), radius=w * 0.06, fill=body)
        d.polygon([(x0 + w * 0.78, y1 - h * 1.0), (x0 + w * 0.93, y1 - h * 0.62),
                   (x0 + w * 0.99, y1 - h * 0.62), (x0 + w * 0.99, y1 - h * 1.0)], fill=(70, 90, 110))
        for i in range(3):
            d.rectangle((x0 + w * (0.08 + i * 0.22), y1 - h * 0.95, x0 + w * (0.26 + i * 0.22),
                         y1 - h * 0.66), fill=(70, 90, 110))
        d.rectangle((x0, y1 - h * 0.5, x0 + w, y1 - h * 0.4), fill=stripe)
        for cx in (x0 + w * 0.2, x0 + w * 0.8):
            r = h * 0.2
            d.ellipse((cx - r, y1 - h * 0.18 - r, cx + r, y1 - h * 0.18 + r), fill=(28, 28, 30))
            d.ellipse((cx - r * 0.45, y1 - h * 0.18 - r * 0.45, cx + r * 0.45, y1 - h * 0.18 + r * 0.45),
                      fill=(150, 150, 150))

    def border_post(self, fx, fy, fw):
        """A booth, a canopy over the lanes and a striped boom barrier."""
        x0, y1, w = self.X(fx), self.Y(fy), self.S(fw)
        d = self.draw
        h = w * 0.35
        d.rectangle((x0, y1 - h * 1.5, x0 + w, y1 - h * 1.3), fill=(225, 225, 220))
        d.rectangle((x0, y1 - h * 1.32, x0 + w, y1 - h * 1.26), fill=(40, 80, 130))
        for px in (x0 + w * 0.05, x0 + w * 0.5, x0 + w * 0.95):
            d.rectangle((px - w * 0.012, y1 - h * 1.3, px + w * 0.012, y1), fill=(180, 180, 176))
        bx = x0 + w * 0.38
        d.rectangle((bx, y1 - h * 0.8, bx + w * 0.22, y1), fill=(230, 222, 200))
        d.rectangle((bx + w * 0.03, y1 - h * 0.7, bx + w * 0.19, y1 - h * 0.4), fill=(60, 80, 100))
        # boom barrier
        px, py = x0 + w * 0.62, y1 - h * 0.35
        d.rectangle((px, py, px + w * 0.03, y1), fill=(90, 90, 90))
        seg = w * 0.05
        for i in range(7):
            d.rectangle((px + w * 0.03 + i * seg, py, px + w * 0.03 + (i + 1) * seg, py + h * 0.06),
                        fill=(200, 40, 40) if i % 2 == 0 else (245, 245, 245))

    def fence(self, fy, color=(110, 100, 90)):
        y = self.Y(fy)
        step = self.S(0.06)
        x = 0.0
        while x < self.w:
            self.draw.line((x, y, x, y - self.S(0.035)), fill=color, width=max(2, int(self.S(0.003))))
            x += step
        for k in (0.012, 0.026):
            self.draw.line((0, y - self.S(k), self.w, y - self.S(k)), fill=color, width=max(1, int(self.S(0.0015))))

    def flag(self, fx, fy, fh, color):
        x, y, h = self.X(fx), self.Y(fy), self.S(fh)
        self.draw.rectangle((x - h * 0.01, y - h, x + h * 0.01, y), fill=(190, 190, 190))
        self.draw.polygon([(x, y - h), (x + h * 0.35, y - h * 0.93), (x + h * 0.33, y - h * 0.78),
                           (x, y - h * 0.8)], fill=color)

    def sheep(self, fx, fy, fs, wool=(226, 222, 210)):
        x, y, s = self.X(fx), self.Y(fy), self.S(fs)
        d = self.draw
        for lx in (-0.3, -0.1, 0.15, 0.3):
            d.rectangle((x + s * lx, y - s * 0.3, x + s * lx + s * 0.05, y), fill=(50, 45, 40))
        d.ellipse((x - s * 0.45, y - s * 0.7, x + s * 0.45, y - s * 0.22), fill=wool)
        hd = 1 if self.rng.random() < 0.5 else -1
        d.ellipse((x + hd * s * 0.38 - s * 0.12, y - s * 0.72, x + hd * s * 0.38 + s * 0.12, y - s * 0.5),
                  fill=(45, 40, 36))

    # people ---------------------------------------------------------------
    SKIN = [(92, 62, 44), (110, 74, 50), (78, 52, 38), (124, 86, 60), (98, 66, 48)]
    CLOTH = [(40, 70, 120), (150, 40, 40), (230, 180, 60), (60, 110, 70), (200, 200, 196),
             (40, 40, 44), (120, 60, 110), (210, 110, 50), (70, 140, 170), (170, 150, 120)]
    BLANKET = [(150, 45, 40), (60, 80, 140), (170, 120, 40), (70, 100, 70), (110, 60, 40)]

    def person(self, x, y, h, dark=1.0, style=None, vest=None):
        """A standing figure with feet at (x, y) and height h (canvas px).
        style: 'woman', 'man', 'blanket' (Basotho blanket), 'hat' (blanket + mokorotlo)."""
        rng, d = self.rng, self.draw
        style = style or rng.choice(["woman", "man", "man", "woman", "blanket"])
        skin = shade(rng.choice(self.SKIN), dark)
        cloth = shade(vest or rng.choice(self.CLOTH), dark)
        trousers = shade(rng.choice([(40, 40, 50), (60, 60, 70), (80, 70, 60), (30, 50, 90)]), dark)
        r = h * 0.07
        hx, hy = x, y - h + r
        top = y - h + 2 * r
        sw = h * 0.13
        # legs / skirt
        if style == "woman":
            d.polygon([(x - sw * 0.8, top + h * 0.28), (x + sw * 0.8, top + h * 0.28),
                       (x + sw * 1.1, y - h * 0.16), (x - sw * 1.1, y - h * 0.16)],
                      fill=shade(rng.choice(self.CLOTH), dark))
            for lx in (-0.4, 0.25):
                d.rectangle((x + sw * lx, y - h * 0.16, x + sw * lx + h * 0.035, y), fill=skin)
        else:
            for lx in (-0.7, 0.1):
                d.rectangle((x + sw * lx, top + h * 0.3, x + sw * lx + h * 0.06, y), fill=trousers)
        # torso and arms
        d.rounded_rectangle((x - sw, top + h * 0.02, x + sw, top + h * 0.34), radius=sw * 0.5, fill=cloth)
        d.rectangle((x - sw * 1.15, top + h * 0.06, x - sw * 0.8, top + h * 0.38), fill=cloth)
        d.rectangle((x + sw * 0.8, top + h * 0.06, x + sw * 1.15, top + h * 0.38), fill=cloth)
        if style in ("blanket", "hat"):
            bl = shade(rng.choice(self.BLANKET), dark)
            d.polygon([(x - sw * 1.25, top + h * 0.02), (x + sw * 1.25, top + h * 0.02),
                       (x + sw * 1.45, top + h * 0.5), (x - sw * 1.45, top + h * 0.5)], fill=bl)
            for k in (0.14, 0.36):
                d.rectangle((x - sw * 1.35, top + h * k, x + sw * 1.35, top + h * (k + 0.035)),
                            fill=shade((230, 200, 120), dark))
        # head
        d.rectangle((x - r * 0.35, top - r * 0.2, x + r * 0.35, top + h * 0.03), fill=skin)
        d.ellipse((hx - r * 0.85, hy - r, hx + r * 0.85, hy + r), fill=skin)
        if style == "woman" and rng.random() < 0.6:
            d.ellipse((hx - r * 0.95, hy - r * 1.25, hx + r * 0.95, hy - r * 0.1),
                      fill=shade(rng.choice(self.CLOTH), dark))
        elif style == "hat":
            d.polygon([(hx - r * 1.3, hy - r * 0.45), (hx + r * 1.3, hy - r * 0.45), (hx, hy - r * 2.4)],
                      fill=shade((200, 170, 100), dark))
            d.ellipse((hx - r * 0.25, hy - r * 2.7, hx + r * 0.25, hy - r * 2.2), fill=shade((200, 170, 100), dark))
        else:
            d.chord((hx - r * 0.85, hy - r, hx + r * 0.85, hy + r * 0.2), 180, 360, fill=shade((25, 20, 18), dark))

    def crowd(self, fx0, fx1, fy, fh, n, rows=1, dark=1.0, styles=None, vest=None, jitter=0.35):
        """n people between fx0..fx1 with feet around fy; back rows smaller."""
        rng = self.rng
        per_row = max(1, n // rows)
        for row in range(rows - 1, -1, -1):
            scale = 1 - 0.12 * row
            y = self.Y(fy) - self.S(fh) * 0.09 * row
            count = per_row if row else n - per_row * (rows - 1)
            span = self.X(fx1) - self.X(fx0)
            for i in range(count):
                x = self.X(fx0) + span * (i + 0.5 + rng.uniform(-jitter, jitter)) / count
                h = self.S(fh) * scale * rng.uniform(0.9, 1.06)
                style = rng.choice(styles) if styles else None
                self.person(x, y + rng.uniform(-1, 1) * self.S(0.004), h, dark, style, vest)

    def banner(self, fx0, fx1, fy, fh, color=(30, 100, 160)):
        d = self.draw
        x0, x1, y0 = self.X(fx0), self.X(fx1), self.Y(fy)
        h = self.S(fh)
        d.rectangle((x0, y0, x1, y0 + h), fill=(246, 246, 242))
        d.rectangle((x0, y0, x1, y0 + h * 0.25), fill=color)
        for k in range(2):
            d.rectangle((x0 + (x1 - x0) * 0.08, y0 + h * (0.45 + 0.25 * k),
                         x0 + (x1 - x0) * (0.92 - 0.25 * k), y0 + h * (0.56 + 0.25 * k)), fill=shade(color, 0.8))

    def candles(self, fx0, fx1, fy, n):
        glow = Image.new("L", (self.w, self.h), 0)
        g = ImageDraw.Draw(glow)
        pts = []
        for i in range(n):
            x = self.X(fx0 + (fx1 - fx0) * (i + self.rng.random()) / n)
            y = self.Y(fy) + self.S(self.rng.uniform(-0.03, 0.03))
            pts.append((x, y))
            r = self.S(0.03)
            g.ellipse((x - r, y - r, x + r, y + r), fill=160)
        glow = glow.filter(ImageFilter.GaussianBlur(self.S(0.02)))
        paste_fill(self.img, (255, 190, 90), glow)
        for x, y in pts:
            r = self.S(0.005)
            self.draw.rectangle((x - r, y, x + r, y + r * 5), fill=(240, 235, 220))
            self.draw.ellipse((x - r, y - r * 2.6, x + r, y - r * 0.2), fill=(255, 230, 150))

    # indoor -----------------------------------------------------------------
    def room(self, wall=(226, 218, 200), floor=(150, 120, 96), window_scene=True):
        d = self.draw
        self.img.paste(vgradient((self.w, self.h), [(0, shade(wall, 0.92)), (0.6, wall), (1, wall)]))
        d.rectangle((0, self.Y(0.66), self.w, self.h), fill=floor)
        d.rectangle((0, self.Y(0.655), self.w, self.Y(0.67)), fill=shade(wall, 0.75))
        for i in range(3):  # ceiling lights
            cx = self.X(0.2 + 0.3 * i)
            d.rectangle((cx - self.S(0.08), self.Y(0.015), cx + self.S(0.08), self.Y(0.035)), fill=(255, 255, 244))
        if window_scene:
            wx0, wy0, wx1, wy1 = self.X(0.03), self.Y(0.12), self.X(0.2), self.Y(0.5)
            sub = Scene(self.name + ":window", (int((wx1 - wx0) / SS), int((wy1 - wy0) / SS)))
            sub.sky((120, 165, 210), (206, 222, 232))
            sub.mountains([(0.55, 0.12, (130, 140, 150), (110, 120, 120)),
                           (0.75, 0.06, (110, 120, 90), (90, 100, 70))])
            win = sub.img.resize((int(wx1 - wx0), int(wy1 - wy0)))
            self.img.paste(win, (int(wx0), int(wy0)))
            fr = int(self.S(0.012))
            d.rectangle((wx0, wy0, wx1, wy1), outline=(245, 245, 240), width=fr)
            d.line(((wx0 + wx1) / 2, wy0, (wx0 + wx1) / 2, wy1), fill=(245, 245, 240), width=fr)
            d.line((wx0, (wy0 + wy1) / 2, wx1, (wy0 + wy1) / 2), fill=(245, 245, 240), width=fr)

    def screen(self, fx0, fy0, fx1, fy1, content="bullets", accent=(30, 100, 160)):
        d, rng = self.draw, self.rng
        x0, y0, x1, y1 = self.X(fx0), self.Y(fy0), self.X(fx1), self.Y(fy1)
        glow = Image.new("L", (self.w, self.h), 0)
        ImageDraw.Draw(glow).rectangle((x0, y0, x1, y1), fill=120)
        glow = glow.filter(ImageFilter.GaussianBlur(self.S(0.03)))
        paste_fill(self.img, (250, 250, 255), glow)
        d.rectangle((x0, y0, x1, y1), fill=(246, 247, 250))
        w, h = x1 - x0, y1 - y0
        d.rectangle((x0, y0, x1, y0 + h * 0.14), fill=accent)
        if content == "bullets":
            for k in range(5):
                yy = y0 + h * (0.24 + 0.14 * k)
                d.ellipse((x0 + w * 0.06, yy, x0 + w * 0.08, yy + h * 0.05), fill=accent)
                d.rectangle((x0 + w * 0.11, yy, x0 + w * rng.uniform(0.5, 0.9), yy + h * 0.05), fill=(120, 124, 130))
        elif content in ("chart", "dashboard"):
            cw = w * (0.55 if content == "dashboard" else 0.85)
            n = 8
            for i in range(n):
                bh = h * rng.uniform(0.15, 0.6)
                bx = x0 + w * 0.06 + cw * i / n
                d.rectangle((bx, y1 - h * 0.08 - bh, bx + cw / n * 0.7, y1 - h * 0.08),
                            fill=accent if i % 2 else shade(accent, 1.5))
            d.line((x0 + w * 0.05, y1 - h * 0.08, x0 + w * 0.06 + cw, y1 - h * 0.08), fill=(80, 80, 80),
                   width=max(2, int(h * 0.01)))
            if content == "dashboard":
                for k in range(3):
                    by = y0 + h * (0.2 + 0.25 * k)
                    d.rectangle((x0 + w * 0.66, by, x0 + w * 0.95, by + h * 0.2), fill=shade(accent, 1.7))
                    d.rectangle((x0 + w * 0.69, by + h * 0.05, x0 + w * 0.8, by + h * 0.13), fill=accent)
                pts = [(x0 + w * (0.06 + 0.55 * i / 9), y0 + h * rng.uniform(0.25, 0.45)) for i in range(10)]
                d.line(pts, fill=(220, 120, 40), width=max(2, int(h * 0.012)))

    def flipchart(self, fx, fy, fh):
        d = self.draw
        x, y, h = self.X(fx), self.Y(fy), self.S(fh)
        d.line((x - h * 0.25, y, x, y - h), fill=(90, 80, 70), width=int(h * 0.02))
        d.line((x + h * 0.25, y, x, y - h), fill=(90, 80, 70), width=int(h * 0.02))
        d.rectangle((x - h * 0.22, y - h * 0.95, x + h * 0.22, y - h * 0.4), fill=(250, 250, 246))
        for k, c in enumerate([(200, 40, 40), (30, 80, 160), (30, 130, 60), (30, 80, 160)]):
            yy = y - h * (0.88 - 0.1 * k)
            d.line((x - h * 0.18, yy, x + h * self.rng.uniform(-0.05, 0.16), yy), fill=c, width=int(h * 0.012))

    def audience(self, rows=3, per_row=7, fy_front=1.02, fh=0.34, tables=False):
        """Seated people seen from behind (heads and shoulders), back row first."""
        d, rng = self.draw, self.rng
        for row in range(rows - 1, -1, -1):
            s = self.S(fh) * (1 - 0.2 * row)
            y = self.Y(fy_front) - self.S(fh) * 0.55 * row
            if tables:
                d.rectangle((0, y - s * 0.62, self.w, y - s * 0.5), fill=(236, 236, 232))
                for _ in range(per_row):
                    px = self.X(rng.random())
                    d.rectangle((px, y - s * 0.64, px + s * 0.12, y - s * 0.6), fill=(255, 255, 255))
            for i in range(per_row):
                x = self.w * (i + 0.5 + rng.uniform(-0.25, 0.25) + (0.5 if row % 2 else 0)) / per_row
                skin = rng.choice(self.SKIN)
                cloth = rng.choice(self.CLOTH + self.BLANKET)
                d.rounded_rectangle((x - s * 0.22, y - s * 0.5, x + s * 0.22, y + s * 0.2),
                                    radius=s * 0.12, fill=shade(cloth, 0.9))
                d.rectangle((x - s * 0.04, y - s * 0.6, x + s * 0.04, y - s * 0.45), fill=skin)
                r = s * 0.11
                d.ellipse((x - r, y - s * 0.78 - r, x + r, y - s * 0.78 + r * 1.1), fill=skin)
                hair = (28, 22, 20) if rng.random() < 0.7 else rng.choice(self.CLOTH)
                d.ellipse((x - r * 1.02, y - s * 0.78 - r * 1.05, x + r * 1.02, y - s * 0.78 + r * 0.7), fill=hair)

    # output -----------------------------------------------------------------
    def finish(self, grain=6, vignette=0.22):
        img = self.img.resize(self.out_size, Image.Resampling.LANCZOS)
        return grain_and_vignette(img, self.rng, grain, vignette)


# ------------------------------------------------------------------ photos
# Colour moods for Lesotho: autumn (April-May), winter (June-August, with
# snow in the highlands), early spring (September).

AUTUMN = dict(sky=((92, 148, 206), (206, 222, 232)),
              far=((150, 156, 170), (128, 132, 140)), mid=((136, 128, 96), (110, 100, 72)),
              near=((156, 140, 88), (120, 104, 64)), ground=((170, 150, 96), (122, 104, 66)))
WINTER = dict(sky=((120, 160, 200), (220, 226, 230)),
              far=((168, 170, 180), (140, 140, 150)), mid=((138, 124, 100), (112, 100, 82)),
              near=((160, 140, 104), (126, 110, 80)), ground=((178, 160, 120), (130, 112, 84)))
SPRING = dict(sky=((70, 140, 214), (196, 220, 238)),
              far=((140, 150, 168), (118, 128, 140)), mid=((110, 128, 86), (88, 104, 66)),
              near=((122, 138, 80), (94, 110, 60)), ground=((128, 146, 84), (90, 106, 58)))


def landscape(sc, mood, snow=False, sun=(0.8, 0.16, 0.05), clouds=4, ground=0.7, far=0.38):
    sc.sky(*mood["sky"])
    if sun:
        sc.sun(*sun)
    if clouds:
        sc.clouds(clouds)
    sc.mountains([(far, 0.13, *mood["far"]), (far + 0.12, 0.09, *mood["mid"]),
                  (far + 0.22, 0.05, *mood["near"])],
                 snow=(0.8, (240, 242, 246), 1) if snow else None)
    sc.ground(ground, *mood["ground"])


def photo_tip_thaba_tseka(sc):
    landscape(sc, AUTUMN, sun=(0.12, 0.12, 0.045), clouds=3, ground=0.66, far=0.3)
    sc.building(0.28, 0.7, 0.95, 0.26, wall=(222, 206, 170), sign=(30, 90, 150))
    sc.poplar(0.06, 0.7, 0.45)
    sc.poplar(0.94, 0.69, 0.4)
    sc.crowd(0.15, 0.85, 0.93, 0.34, 20, rows=2)


def photo_tip_mohales_hoek(sc):
    sc.room(wall=(222, 214, 196))
    sc.flipchart(0.72, 0.68, 0.5)
    sc.person(sc.X(0.58), sc.Y(0.7), sc.S(0.48), style="woman")
    sc.audience(rows=3, per_row=6, tables=True)


def photo_health_mobile_clinic(sc):
    landscape(sc, AUTUMN, snow=False, sun=(0.7, 0.1, 0.04), clouds=5, ground=0.64, far=0.3)
    sc.rondavel(0.05, 0.66, 0.12)
    sc.tent(0.42, 0.8, 0.34)
    sc.van(0.78, 0.8, 0.3)
    sc.crowd(0.02, 0.4, 0.86, 0.24, 9, styles=["woman", "woman", "blanket", "hat", "man"])


def photo_health_nurse_portrait(sc):
    landscape(sc, AUTUMN, sun=None, clouds=3, ground=0.62, far=0.28)
    sc.tent(0.1, 0.68, 0.5)
    sc.crowd(0.55, 1.0, 0.66, 0.14, 5, styles=["woman", "blanket", "hat"])
    sc.person(sc.X(0.48), sc.Y(1.08), sc.S(0.72), style="woman", vest=(236, 238, 240))


def photo_labour_maputsoe(sc):
    sc.room(wall=(214, 222, 214))
    sc.screen(0.4, 0.1, 0.9, 0.48, content="bullets", accent=(40, 120, 90))
    sc.person(sc.X(0.32), sc.Y(0.68), sc.S(0.46), style="man")
    sc.audience(rows=3, per_row=7)


def photo_border_training(sc):
    sc.room(wall=(220, 216, 206), window_scene=False)
    sc.screen(0.15, 0.12, 0.62, 0.5, content="bullets", accent=(40, 80, 130))
    sc.flipchart(0.8, 0.68, 0.48)
    sc.audience(rows=3, per_row=6, tables=True)


def photo_border_caledonspoort(sc):
    landscape(sc, WINTER, snow=True, sun=(0.15, 0.14, 0.04), clouds=2, ground=0.68, far=0.26)
    sc.fence(0.73)
    sc.border_post(0.3, 0.86, 0.55)
    sc.flag(0.9, 0.78, 0.3, (40, 80, 130))
    sc.crowd(0.08, 0.3, 0.95, 0.3, 4, styles=["man", "woman"], vest=(40, 60, 90))


def photo_labour_savings(sc):
    landscape(sc, WINTER, sun=(0.88, 0.2, 0.05), clouds=2, ground=0.62, far=0.42)
    sc.rondavel(0.05, 0.64, 0.16)
    sc.rondavel(0.72, 0.63, 0.13, wall=(200, 180, 160))
    sc.tree(0.5, 0.66, 0.35)
    sc.crowd(0.12, 0.9, 0.95, 0.3, 14, rows=2, styles=["blanket", "hat", "man", "woman"])


def photo_data_profile(sc):
    sc.room(wall=(228, 224, 214))
    sc.screen(0.3, 0.08, 0.92, 0.5, content="chart", accent=(50, 90, 150))
    sc.audience(rows=3, per_row=8, tables=True, fh=0.3)


def photo_health_tb(sc):
    landscape(sc, WINTER, snow=True, sun=(0.2, 0.1, 0.045), clouds=3, ground=0.66, far=0.32)
    sc.tent(0.58, 0.82, 0.38, trim=(60, 130, 90))
    sc.crowd(0.02, 0.56, 0.9, 0.26, 10, styles=["hat", "blanket", "blanket", "man"])


def photo_tip_world_day(sc):
    landscape(sc, WINTER, sun=(0.85, 0.12, 0.05), clouds=4, ground=0.6, far=0.36)
    sc.poplar(0.05, 0.62, 0.38)
    sc.crowd(0.0, 1.0, 0.7, 0.18, 26, rows=2)
    sc.crowd(0.0, 1.0, 0.98, 0.32, 10)
    sc.banner(0.3, 0.7, 0.66, 0.1, color=(30, 100, 160))


def photo_tip_vigil(sc):
    sc.sky((24, 30, 70), (230, 140, 80), horizon=(250, 190, 110))
    sc.sun(0.55, 0.6, 0.03, color=(255, 210, 140), glow=0.5)
    sc.mountains([(0.5, 0.1, (60, 50, 70), (50, 40, 56)), (0.62, 0.06, (44, 36, 50), (36, 30, 40))])
    sc.ground(0.72, (36, 32, 36), (24, 22, 26), patches=5)
    sc.crowd(0.02, 0.98, 0.98, 0.36, 11, rows=2, dark=0.35)
    sc.candles(0.05, 0.95, 0.78, 11)


def photo_tip_world_day_portrait(sc):
    landscape(sc, WINTER, sun=(0.8, 0.08, 0.05), clouds=3, ground=0.6, far=0.3)
    sc.crowd(0.0, 1.0, 0.66, 0.12, 9)
    sc.banner(0.05, 0.6, 0.5, 0.07)
    sc.person(sc.X(0.5), sc.Y(1.1), sc.S(0.8), style="man", vest=(30, 100, 160))


def photo_data_dashboard(sc):
    sc.room(wall=(216, 222, 228), window_scene=True)
    sc.screen(0.3, 0.08, 0.94, 0.52, content="dashboard", accent=(40, 110, 150))
    sc.person(sc.X(0.26), sc.Y(0.7), sc.S(0.46), style="woman", vest=(40, 60, 90))
    sc.audience(rows=2, per_row=6, tables=True, fh=0.36)


def photo_labour_dialogue(sc):
    sc.room(wall=(222, 210, 196), window_scene=False)
    sc.banner(0.1, 0.9, 0.08, 0.14, color=(140, 60, 50))
    d = sc.draw
    d.rectangle((sc.X(0.1), sc.Y(0.52), sc.X(0.9), sc.Y(0.62)), fill=(120, 40, 40))
    sc.crowd(0.12, 0.88, 0.52, 0.3, 5, styles=["man", "woman", "blanket"], jitter=0.1)
    d.rectangle((sc.X(0.1), sc.Y(0.45), sc.X(0.9), sc.Y(0.52)), fill=(245, 242, 236))
    sc.audience(rows=3, per_row=7, fh=0.3)


def photo_tip_livelihoods(sc):
    landscape(sc, SPRING, sun=(0.1, 0.12, 0.045), clouds=4, ground=0.64, far=0.34)
    sc.building(0.45, 0.68, 0.7, 0.22, wall=(236, 220, 190), roof=(140, 60, 50), windows=2)
    sc.tree(0.15, 0.66, 0.4)
    d = sc.draw
    for i in range(5):
        x = sc.X(0.2 + i * 0.13)
        d.rectangle((x, sc.Y(0.86), x + sc.S(0.09), sc.Y(0.93)), fill=(196, 160, 110))
        d.line((x, sc.Y(0.875), x + sc.S(0.09), sc.Y(0.875)), fill=(150, 120, 80), width=4)
    sc.crowd(0.15, 0.85, 0.9, 0.32, 7, styles=["woman", "woman", "woman", "man"])


def photo_health_herders(sc):
    landscape(sc, SPRING, snow=True, sun=(0.9, 0.14, 0.04), clouds=3, ground=0.7, far=0.27)
    sc.tent(0.62, 0.76, 0.28, trim=(60, 130, 90))
    for i in range(9):
        sc.sheep(0.05 + i * 0.06 + sc.rng.uniform(-0.02, 0.02), 0.83 + sc.rng.uniform(-0.03, 0.03), 0.07)
    sc.crowd(0.55, 1.0, 0.96, 0.3, 5, styles=["hat", "blanket"])


def photo_border_meeting(sc):
    landscape(sc, SPRING, sun=(0.14, 0.1, 0.05), clouds=5, ground=0.56, far=0.44)
    sc.river(0.6, 0.04)
    sc.border_post(0.45, 0.8, 0.5)
    sc.flag(0.08, 0.82, 0.34, (40, 80, 130))
    sc.crowd(0.12, 0.88, 0.96, 0.3, 12, rows=2, styles=["man", "woman"])


def photo_labour_counselling_portrait(sc):
    landscape(sc, AUTUMN, sun=(0.8, 0.12, 0.05), clouds=2, ground=0.6, far=0.3)
    sc.rondavel(0.12, 0.66, 0.34)
    sc.person(sc.X(0.62), sc.Y(1.06), sc.S(0.66), style="man", vest=(60, 90, 140))
    sc.person(sc.X(0.3), sc.Y(1.1), sc.S(0.6), style="woman")


# name -> (drawing function, size, extra seed); the name is the file under images/2023/
PHOTOS = {
    "tip-thaba-tseka": (photo_tip_thaba_tseka, LANDSCAPE),
    "tip-mohales-hoek": (photo_tip_mohales_hoek, LANDSCAPE),
    "health-mobile-clinic-qachas-nek": (photo_health_mobile_clinic, LANDSCAPE),
    "health-nurse-moyeni": (photo_health_nurse_portrait, PORTRAIT),
    "labour-maputsoe-orientation": (photo_labour_maputsoe, LANDSCAPE),
    "border-maseru-bridge-training": (photo_border_training, LANDSCAPE),
    "border-caledonspoort": (photo_border_caledonspoort, LANDSCAPE),
    "labour-mafeteng-savings-group": (photo_labour_savings, LANDSCAPE),
    "data-migration-profile-validation": (photo_data_profile, LANDSCAPE),
    "health-tb-screening-mohales-hoek": (photo_health_tb, LANDSCAPE),
    "tip-world-day-teyateyaneng": (photo_tip_world_day, LANDSCAPE),
    "tip-world-day-vigil": (photo_tip_vigil, LANDSCAPE),
    "tip-world-day-portrait": (photo_tip_world_day_portrait, PORTRAIT),
    "data-border-dashboard": (photo_data_dashboard, LANDSCAPE),
    "labour-dialogue-roma": (photo_labour_dialogue, LANDSCAPE),
    "tip-hlotse-livelihoods": (photo_tip_livelihoods, LANDSCAPE),
    "health-herders-mokhotlong": (photo_health_herders, LANDSCAPE),
    "border-maseru-bridge-meeting": (photo_border_meeting, LANDSCAPE),
    "labour-counselling-qachas-nek": (photo_labour_counselling_portrait, PORTRAIT),
}

# Stored rotated with EXIF Orientation = 6 (see the module docstring).
EXIF_ROTATED = {"tip-world-day-portrait"}


def encode_jpeg(img, exif=None):
    """Quality 80, lowered in small steps until the file is commit-sized."""
    for quality in range(80, 49, -2):
        buf = io.BytesIO()
        kwargs = dict(format="JPEG", quality=quality, optimize=True)
        if exif is not None:
            kwargs["exif"] = exif
        img.save(buf, **kwargs)
        if buf.tell() <= MAX_PHOTO_BYTES:
            break
    return buf.getvalue(), quality


def make_photo(name, func, size):
    sc = Scene(name, size)
    func(sc)
    img = sc.finish()
    exif = None
    if name in EXIF_ROTATED:
        # Store the raster turned 90 degrees counter-clockwise; Orientation 6
        # tells viewers to rotate it 90 degrees clockwise back to upright.
        img = img.transpose(Image.Transpose.ROTATE_90)
        ex = Image.Exif()
        ex[EXIF_ORIENTATION] = 6
        exif = ex.tobytes()
    data, quality = encode_jpeg(img, exif)
    path = IMAGES / "2023" / f"{name}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path, len(data), quality


# ------------------------------------------------------------------- logos
# Abstract sample wordmarks. Do not replace them with real emblems.

LOGOS = {
    # key: (short name, tagline, primary colour, secondary colour, motif)
    "office": ("IOM Lesotho", "sample office logo", (18, 72, 140), (90, 160, 220), "peaks"),
    "us-state": ("US State Dept", "sample donor logo", (28, 46, 90), (170, 60, 60), "bars"),
    "netherlands": ("Netherlands", "sample donor logo", (200, 100, 20), (40, 70, 130), "rings"),
    "eu": ("European Union", "sample donor logo", (30, 60, 140), (230, 180, 40), "dots"),
    "sdc": ("SDC", "sample donor logo", (170, 30, 40), (90, 90, 90), "squares"),
}


def draw_motif(d, motif, c1, c2):
    if motif == "peaks":
        d.polygon([(20, 170), (80, 60), (115, 115), (140, 80), (190, 170)], fill=c1)
        d.polygon([(80, 60), (95, 88), (72, 84)], fill=(255, 255, 255))
        d.ellipse((140, 30, 175, 65), fill=c2)
    elif motif == "bars":
        for i, hgt in enumerate((60, 100, 140, 100)):
            d.rectangle((25 + i * 40, 170 - hgt, 55 + i * 40, 170), fill=c1 if i % 2 == 0 else c2)
    elif motif == "rings":
        for i, c in enumerate((c1, c2, c1)):
            d.ellipse((20 + i * 45, 50, 120 + i * 45, 150), outline=c, width=12)
    elif motif == "dots":
        for i in range(3):
            for j in range(3):
                d.ellipse((30 + i * 50, 35 + j * 50, 70 + i * 50, 75 + j * 50),
                          fill=c1 if (i + j) % 2 == 0 else c2)
    elif motif == "squares":
        d.rectangle((30, 40, 110, 120), fill=c1)
        d.rectangle((80, 90, 170, 175), fill=c2)
        d.rectangle((80, 90, 110, 120), fill=(255, 255, 255))


def make_logo(key):
    name, tagline, c1, c2, motif = LOGOS[key]
    img = Image.new("RGB", (600, 200), (255, 255, 255))
    d = ImageDraw.Draw(img)
    draw_motif(d, motif, c1, c2)
    d.line((215, 40, 215, 160), fill=(200, 200, 200), width=3)
    size = 46 if len(name) <= 12 else 38
    font = ImageFont.load_default(size=size)
    d.text((235, 62), name, font=font, fill=c1)
    d.text((237, 122), tagline.upper(), font=ImageFont.load_default(size=18), fill=(120, 120, 120))
    d.rectangle((235, 150, 235 + min(340, int(d.textlength(name, font=font))), 156), fill=c2)
    # A small palette keeps the PNG well under 20 KB.
    img = img.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    path = IMAGES / "logos" / f"{key}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    if buf.tell() > MAX_LOGO_BYTES:
        print(f"warning: {path} is {buf.tell()} bytes")
    return path, buf.tell()


def main(names=()):
    """Every photo and logo, or only the photos named on the command line."""
    total = 0
    for name, (func, size) in PHOTOS.items():
        if names and name not in names:
            continue
        path, n, quality = make_photo(name, func, size)
        total += n
        if n > MAX_PHOTO_BYTES:
            print(f"warning: {path.relative_to(ROOT)} is {n} bytes")
        print(f"{path.relative_to(ROOT)}  {n // 1024} KB  (quality {quality})")
    for key in LOGOS:
        if names:
            break
        path, n = make_logo(key)
        total += n
        print(f"{path.relative_to(ROOT)}  {n // 1024} KB")
    print(f"total {total // 1024} KB")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
