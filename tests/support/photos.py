"""Answer sheets filled with pencil-like marks and scanned or photographed synthetically.

Shared by tests/test_photos.py (a dozen sheets) and benchmarks/bench_photos.py (hundreds): a
sheet PDF is rendered at a chosen dpi, marked the ways students really mark (`KINDS`), then
either scanned (turned a little, blurred, noisy, greyscale JPEG, optionally with a dark
scanner-lid edge and punched holes) or photographed (on a dark, cluttered desk, tilted up to 10°
in perspective, light falling to 40% towards a corner, a soft shadow band, a warm colour cast,
colour noise, a colour JPEG, sometimes stored on its side with an EXIF orientation).

What each mark must read as (`EXPECTED`) is the contract with `quizgen.scans.marks`: a mark
made on purpose is an answer when nothing on its row competes; an erasure or a smudge is never
read as an answer (it may be flagged).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

# Deliberate marks: each is an answer.
FILL, LIGHT, TICK, CROSS, OFF_CENTRE, HALF = "fill", "light", "tick", "cross", "off-centre", "half"
# Not answers.
ERASED, SMUDGE = "erased", "smudge"
MARKS = (FILL, LIGHT, TICK, CROSS, OFF_CENTRE, HALF)
# A student's habit: most fill, some tick or cross, some press lightly; a few fill off centre.
STYLES = [(FILL, 0.62), (LIGHT, 0.12), (TICK, 0.1), (CROSS, 0.06), (OFF_CENTRE, 0.05), (HALF, 0.05)]


def render(pdf: Path, dpi: int, index: int = 0) -> np.ndarray:
    """A page of a PDF as the printer would put it on paper: greyscale at `dpi`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        return np.array(bitmap.to_pil().convert("L"))
    finally:
        document.close()


def _pencil_grey(rng: random.Random, light: bool = False) -> int:
    return rng.randint(150, 180) if light else rng.randint(55, 110)


def _stroke(image, points, width_px: float, grey: int) -> None:
    cv2.polylines(
        image, [np.int32(np.round(points))], False, int(grey), max(1, int(round(width_px))), lineType=cv2.LINE_AA
    )


def _blob(image, cx: float, cy: float, r: float, grey: int, rng: random.Random) -> None:
    points = []
    for k in range(20):
        angle = 2 * np.pi * k / 20
        reach = r * rng.uniform(0.9, 1.1)
        points.append((cx + reach * np.cos(angle), cy + reach * np.sin(angle)))
    cv2.fillPoly(image, [np.int32(np.round(points))], int(grey), lineType=cv2.LINE_AA)


def mark(image: np.ndarray, bubble, kind: str, dpi: int, rng: random.Random) -> None:
    """Draw one mark of `kind` over `bubble` (a quizgen.present.answersheet.Bubble, in mm)."""
    mm = dpi / 25.4
    cx, cy, r = bubble.x * mm, bubble.y * mm, bubble.diameter / 2 * mm
    cx += rng.uniform(-0.06, 0.06) * r
    cy += rng.uniform(-0.06, 0.06) * r
    line = rng.uniform(0.45, 0.7) * mm  # a pencil line is about half a millimetre wide
    if kind == FILL:
        _blob(image, cx, cy, r, _pencil_grey(rng), rng)
    elif kind == LIGHT:  # filled, but pressed lightly
        _blob(image, cx, cy, r * 0.95, _pencil_grey(rng, light=True), rng)
    elif kind == OFF_CENTRE:  # a fill 40% of the diameter off centre
        angle = rng.uniform(0, 2 * np.pi)
        _blob(image, cx + 0.8 * r * np.cos(angle), cy + 0.8 * r * np.sin(angle), r, _pencil_grey(rng), rng)
    elif kind == HALF:  # filled from one side to the middle
        start = rng.choice((90, 270, 0, 180))
        cv2.ellipse(image, (int(cx), int(cy)), (int(r), int(r)), 0, start, start + 180, _pencil_grey(rng), -1)
    elif kind == TICK:  # often through the lower half
        low = rng.uniform(0.0, 0.35) * r
        points = [(cx - 0.65 * r, cy + low), (cx - 0.15 * r, cy + 0.6 * r + low / 2), (cx + 0.75 * r, cy - 0.7 * r)]
        _stroke(image, points, line, _pencil_grey(rng))
    elif kind == CROSS:
        reach = rng.uniform(0.6, 0.85) * r
        grey = _pencil_grey(rng)
        _stroke(image, [(cx - reach, cy - reach), (cx + reach, cy + reach)], line, grey)
        _stroke(image, [(cx - reach, cy + reach), (cx + reach, cy - reach)], line, grey)
    elif kind == ERASED:  # a fill rubbed out: a grey ghost
        _blob(image, cx, cy, r, rng.randint(215, 232), rng)
    elif kind == SMUDGE:  # a graphite smear from a hand
        _blob(image, cx + rng.uniform(-0.3, 0.3) * r, cy, r * rng.uniform(0.4, 0.7), rng.randint(205, 225), rng)
    else:
        raise ValueError(kind)


@dataclass
class Filled:
    """What a student marked on one sheet page, and what the grader must read."""

    version: str
    student: str
    style: str
    answers: dict = field(default_factory=dict)  # question number -> letters meant
    erased: dict = field(default_factory=dict)  # question number -> letters rubbed out
    smudged: dict = field(default_factory=dict)


def fill(
    image: np.ndarray,
    page,
    version: str,
    dpi: int,
    rng: random.Random,
    style: str = "",
    student: str | None = None,
    **odds,
) -> tuple[np.ndarray, Filled]:
    """A random student's answers on a rendered sheet page (`page`: answersheet.Page), all marked
    in one `style` (drawn from STYLES when not given), the number grid filled with `student`
    (random when not given, "" for none); `odds` of a blank row, a double mark on a
    single-answer row, an erasure and a smudge beside the answer."""
    style = style or rng.choices([s for s, _ in STYLES], [w for _, w in STYLES])[0]
    if student is None:
        student = "".join(str(rng.randrange(10)) for _ in range(rng.choice((8, 8, 6))))
    filled = Filled(version, student, style)
    image = image.copy()
    for position, figure in enumerate(filled.student):
        mark(image, page.digits[position][int(figure)], style if style != HALF else FILL, dpi, rng)
    for row in page.rows:
        if not row.bubbles:
            continue
        labels = [b.label for b in row.bubbles]
        roll = rng.random()
        if roll < odds.get("blank", 0.08):
            chosen: list[str] = []
        elif not row.single:
            chosen = [label for label in labels if rng.random() < 0.4] or [rng.choice(labels)]
        elif roll > 1 - odds.get("double", 0.01):
            chosen = rng.sample(labels, 2)
        else:
            chosen = [rng.choice(labels)]
        filled.answers[row.number] = "".join(label for label in labels if label in chosen)
        rest = [label for label in labels if label not in chosen]
        if rest and rng.random() < odds.get("erased", 0.02):
            filled.erased[row.number] = rng.choice(rest)
        elif rest and rng.random() < odds.get("smudge", 0.01):
            filled.smudged[row.number] = rng.choice(rest)
        for bubble in row.bubbles:
            if bubble.label in chosen:
                mark(image, bubble, style, dpi, rng)
            elif bubble.label == filled.erased.get(row.number):
                mark(image, bubble, ERASED, dpi, rng)
            elif bubble.label == filled.smudged.get(row.number):
                mark(image, bubble, SMUDGE, dpi, rng)
    return image, filled


def _noise(shape, rng: random.Random, sigma: float) -> np.ndarray:
    """Gaussian noise, seeded from `rng` (OpenCV's generator: several times quicker than NumPy's)."""
    cv2.setRNGSeed(rng.randrange(2**31))
    out = np.empty((shape[0], int(np.prod(shape[1:]))), np.float32)
    cv2.randn(out, 0.0, float(sigma))
    return out.reshape(shape)


def scan(
    image: np.ndarray, dpi: int, rng: random.Random, *, lid: bool = False, holes: bool = False, quality: int = 0
) -> bytes:
    """A flatbed scan as greyscale JPEG bytes: askew up to 3°, blurred, noisy; `lid` adds the
    dark edge of a scanner lid left open beside the top corners, `holes` four punched holes
    (dark: the lid behind them is black)."""
    mm = dpi / 25.4
    image = image.copy()
    if holes:
        for y in (28.5, 108.5, 188.5, 268.5):  # ISO 838 four-hole positions on A4, 12 mm from the edge
            cv2.circle(image, (int(12 * mm), int(y * mm)), int(3 * mm), 25, -1, lineType=cv2.LINE_AA)
    pad = int(15 * mm)
    bed = rng.randint(225, 250)
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=bed)
    if lid:  # a black band a few mm above the page, as wide as the bed
        top = pad - int(rng.uniform(1, 4) * mm)
        image[max(0, top - int(8 * mm)) : top] = 20
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-3, 3), rng.uniform(0.97, 1.03))
    out = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=bed)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 1.0) * dpi / 150)
    out = np.clip(out + _noise(out.shape, rng, 5), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(out).save(buffer, "JPEG", quality=quality or rng.randint(60, 90))
    return buffer.getvalue()


def _desk(height: int, width: int, rng: random.Random) -> np.ndarray:
    """A dark, cluttered desk in colour: wood-brown, with a few objects and papers on it."""
    base = np.array([rng.randint(30, 70), rng.randint(45, 90), rng.randint(60, 120)], dtype=np.float32)
    desk = np.empty((height, width, 3), np.float32)
    desk[:] = base
    grain = cv2.resize(
        _noise((max(2, height // 40), max(2, width // 4)), rng, 12), (width, height), interpolation=cv2.INTER_LINEAR
    )
    desk += grain[..., None]
    for _ in range(rng.randint(3, 7)):  # pens, a phone, a mug: dark and light shapes
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(width // 30, width // 8)
        colour = [rng.randint(0, 255) for _ in range(3)]
        if rng.random() < 0.5:
            cv2.circle(desk, (x, y), size, colour, -1)
        else:
            cv2.rectangle(desk, (x, y), (x + size, y + size // 4), colour, -1)
    return desk


@dataclass
class Photo:
    jpeg: bytes
    tilt: float  # degrees of perspective
    corner_light: float  # the darkest corner's light, 1 = as bright as the brightest


def photograph(image: np.ndarray, dpi: int, rng: random.Random, *, exif_turn: bool = False, quality: int = 0) -> Photo:
    """The sheet photographed with a phone on a desk. `image` is the page at `dpi`; the photo
    keeps about that resolution on the sheet."""
    h, w = image.shape
    margin = int(0.12 * max(h, w))
    H, W = h + 2 * margin, w + 2 * margin
    # Perspective: the camera tilted up to 10° about both axes, then the page turned a little in
    # the frame. Projected with a focal length like a phone's (about the frame's diagonal).
    tilt_x, tilt_y = rng.uniform(-10, 10), rng.uniform(-10, 10)
    f = float(np.hypot(W, H))
    rx, ry = np.radians(tilt_x), np.radians(tilt_y)
    rotation = np.array([[1, 0, 0], [0, np.cos(rx), -np.sin(rx)], [0, np.sin(rx), np.cos(rx)]]) @ np.array(
        [[np.cos(ry), 0, np.sin(ry)], [0, 1, 0], [-np.sin(ry), 0, np.cos(ry)]]
    )
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    centred = np.c_[corners - (w / 2, h / 2), np.zeros(4)]
    turned = centred @ rotation.T
    projected = turned[:, :2] * (f / (f + turned[:, 2:3]))
    spin = np.radians(rng.uniform(-4, 4))
    projected = projected @ np.array([[np.cos(spin), -np.sin(spin)], [np.sin(spin), np.cos(spin)]]).T
    projected += (W / 2 + rng.uniform(-0.03, 0.03) * W, H / 2 + rng.uniform(-0.03, 0.03) * H)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), projected.astype(np.float32))
    paper = cv2.warpPerspective(image, matrix, (W, H), flags=cv2.INTER_LINEAR, borderValue=0)
    inside = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (W, H), flags=cv2.INTER_LINEAR) / np.float32(
        255
    )
    desk = _desk(H, W, rng)
    # Paper under a warm light: a little yellow, and its whites far below 255.
    tint = np.array([rng.uniform(0.78, 0.9), rng.uniform(0.88, 0.95), rng.uniform(0.95, 1.0)], np.float32)
    inside = inside.astype(np.float32)[..., None]
    photo = cv2.merge([paper.astype(np.float32) * t for t in tint]) * inside + desk * (1 - inside)
    # Light falling to 40% in one corner, and a soft shadow band (an arm, the phone) across:
    # smooth, so computed on a coarse grid and enlarged.
    h8, w8 = H // 8 + 1, W // 8 + 1
    yy, xx = np.mgrid[0:h8, 0:w8].astype(np.float32)
    cx, cy = rng.choice((0, w8)), rng.choice((0, h8))
    darkest = rng.uniform(0.4, 0.55)
    light = 1 - (1 - darkest) * (1 - np.hypot(xx - (w8 - cx), yy - (h8 - cy)) / np.hypot(w8, h8)).clip(0, 1) ** 1.5
    angle = rng.uniform(0, np.pi)
    distance = (xx - w8 / 2) * np.cos(angle) + (yy - h8 / 2) * np.sin(angle) - rng.uniform(-0.3, 0.3) * h8
    width = rng.uniform(0.08, 0.2) * h8
    softness = rng.uniform(0.02, 0.06) * h8
    band = 1 / (1 + np.exp(-(width / 2 - np.abs(distance)) / softness))
    light *= 1 - rng.uniform(0.2, 0.35) * band
    light = cv2.resize(light, (W, H), interpolation=cv2.INTER_LINEAR)
    photo *= light[..., None]
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.0) * dpi / 150)
    photo += _noise(photo.shape, rng, 4) + _noise(photo.shape[:2], rng, 3)[..., None]
    rgb = np.clip(photo, 0, 255).astype(np.uint8)[..., ::-1]
    picture = Image.fromarray(np.ascontiguousarray(rgb))
    buffer = io.BytesIO()
    if exif_turn:  # stored on its side, as a phone held sideways does: EXIF says turn it back
        exif = Image.Exif()
        exif[0x0112] = 6  # "rotate 90° clockwise to view"
        picture.transpose(Image.Transpose.ROTATE_90).save(buffer, "JPEG", quality=quality or 85, exif=exif)
    else:
        picture.save(buffer, "JPEG", quality=quality or rng.randint(70, 92))
    return Photo(buffer.getvalue(), float(max(abs(tilt_x), abs(tilt_y))), darkest)


def expected_letters(filled: Filled, number: int) -> str:
    return filled.answers.get(number, "")


@dataclass
class Tally:
    """How a set of graded pages compares with what was marked on them."""

    pages: int = 0
    questions: int = 0
    flagged: int = 0  # questions with a flag (the teacher looks)
    silent: list = field(default_factory=list)  # (file, what) read wrong with no flag: must stay empty
    not_read: list = field(default_factory=list)  # pages not graded, with why
    flags: list = field(default_factory=list)  # (file, flag) of every flag raised

    def add(self, result, filled: Filled) -> None:
        self.pages += 1
        if result.problem:
            self.not_read.append((result.file, result.problem))
            return
        self.flags += [(result.file, flag) for flag in result.flags]
        flagged_rows = {flag.split(":")[0] for flag in result.flags}
        for number, answer in result.answers.items():
            if answer.fraction is None:
                continue
            self.questions += 1
            if str(number) in flagged_rows:
                self.flagged += 1
            elif answer.letters != filled.answers.get(number, ""):
                self.silent.append(
                    (result.file, f"{number}: read {answer.letters!r}, marked {filled.answers.get(number, '')!r}")
                )
        student_flagged = any(flag.startswith("student number") for flag in result.flags)
        if result.student != filled.student and not student_flagged:
            self.silent.append((result.file, f"student read {result.student!r}, marked {filled.student!r}"))

    @property
    def flag_rate(self) -> float:
        return self.flagged / max(1, self.questions)
