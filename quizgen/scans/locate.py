"""Find an answer sheet on a page image and straighten it.

1. The QR code is found and decoded anywhere on the page, whichever way up (zxing-cpp, then
   OpenCV's two detectors on crops, sharpened, enlarged and thresholded).
2. Its four corners, whose places on the printed page are known, give a first mapping (turn,
   scale and shift) from page millimetres to image pixels; it tells where each corner marker
   should be, whatever the rotation (an upside-down page included), scale or shift of the scan.
3. Each marker is found near that place: a solid dark square against the paper around it
   (`paper.darkness`, so a dark desk, a shadow or a scanner lid's edge is background, and a
   punched hole is round, not square). Markers are looked for nearest the code first, and each
   one found refines where the next should be (a phone's perspective puts the far corners
   tens of millimetres from where the code alone says).
4. The four marker centres give the perspective transform (cv2.getPerspectiveTransform) that
   maps the image onto the page at PX_PER_MM pixels per millimetre, where every bubble's place is
   known from `quizgen.present.answersheet`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

from quizgen.present import answersheet
from quizgen.scans import paper

PX_PER_MM = 6.0
QR_BORDER = 4  # modules of quiet zone around the printed code (segno's default)
MARKER_SEARCH_MM = 30.0  # how far from where the QR code puts a marker it is looked for first
MARKER_INSET_MM = answersheet.MARKER_INSET
AGREE_MM = 2.5  # how far the code may lie from its printed place once the page is straightened


class NotRead(Exception):
    """Why a page gives no sheet to grade, in words for the results file."""


class NoCode(NotRead):
    """No QR code could be read: the page may still be identified by `by_markers`."""


@dataclass
class Found:
    payload: dict
    image: np.ndarray  # the page straightened: PAPERS[paper] * PX_PER_MM pixels
    turned: bool  # the scan was upside down


def decode_qr(gray: np.ndarray) -> tuple[str, np.ndarray]:
    """The QR code's text and its four corners (in the code's own order: top-left, top-right,
    bottom-right, bottom-left). The corner where the code is printed is tried first, then the
    opposite one (a page scanned upside down), then the whole page: decoding a corner is several
    times quicker than the whole page."""
    found = _zxing(gray)
    if found is not None:
        return found
    plain = cv2.QRCodeDetector()
    aruco = cv2.QRCodeDetectorAruco() if hasattr(cv2, "QRCodeDetectorAruco") else plain
    h, w = gray.shape
    corners = [(0, int(h * 0.4), w // 2, w), (int(h * 0.6), h, 0, w - w // 2)]
    crops = [
        (np.ascontiguousarray(gray[y0:y1, x0:x1]), np.array((x0, y0), dtype=np.float32)) for y0, y1, x0, x1 in corners
    ]
    # A scan's blur rounds the modules off: sharpened (unsharp mask), the code is read in nearly
    # every case; OpenCV's other detector, or the crop twice as large, read most of the rest
    # (measured on the test scans).
    attempts: list[tuple[cv2.GraphicalCodeDetector, np.ndarray, np.ndarray, float]]
    attempts = [(plain, _sharpened(crop), offset, 1.0) for crop, offset in crops]
    attempts += [(aruco, crop, offset, 1.0) for crop, offset in crops]
    attempts += [
        (plain, cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), offset, 2.0)
        for crop, offset in crops
    ]
    # Then what reads codes a phone's JPEG or a noisy scan left harder: each crop thresholded by
    # Otsu's method (noise and a grey background gone), and OpenCV's other detector on the
    # sharpened and the enlarged crops.
    attempts += [(plain, _binarised(crop), offset, 1.0) for crop, offset in crops]
    attempts += [(aruco, _sharpened(crop), offset, 1.0) for crop, offset in crops]
    attempts += [
        (aruco, cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC), offset, 2.0)
        for crop, offset in crops
    ]
    attempts.append((plain, _sharpened(gray), np.array((0, 0), dtype=np.float32), 1.0))
    for detector, image, offset, scale in attempts:
        try:
            text, points, _ = detector.detectAndDecode(image)
        except cv2.error:
            continue
        if text and points is not None:
            return text, points.reshape(4, 2) / scale + offset
    raise NoCode("no QR code could be read: not an answer sheet, or the code is smudged, folded or out of the scan")


def _zxing(gray: np.ndarray) -> tuple[str, np.ndarray] | None:
    """zxing-cpp reads blurred, low-contrast and perspective-warped codes that OpenCV misses,
    in a few milliseconds on a whole page; OpenCV stays the fallback (and the reader when
    zxing-cpp is not installed)."""
    try:
        import zxingcpp
    except ImportError:
        return None
    for code in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
        if code.valid and code.text:
            p = code.position  # the symbol's own corners: top-left first, whichever way up
            corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
            return code.text, np.array([(c.x, c.y) for c in corners], dtype=np.float32)
    return None


def _binarised(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    return cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def _sharpened(gray: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), 2), -1.0, 0)


def parse_payload(text: str) -> dict:
    payload = answersheet.parse_payload(text)
    if payload is None:
        raise NotRead("the QR code is not a quizgen answer sheet's")
    return payload


def _qr_corners_mm(payload_text: str, width: float) -> np.ndarray:
    """Where the code's own corners (without its quiet zone) are printed, in page millimetres."""
    modules = answersheet.qr_code(payload_text).symbol_size(border=0)[0]
    module = answersheet.QR_SIZE / (modules + 2 * QR_BORDER)
    left = width - answersheet.MARGIN - answersheet.QR_SIZE + QR_BORDER * module
    top = answersheet.QR_TOP + QR_BORDER * module
    side = modules * module
    return np.array([[left, top], [left + side, top], [left + side, top + side], [left, top + side]], dtype=np.float32)


def _marker_centre(gray: np.ndarray, guess: np.ndarray, px_per_mm: float, reach_mm: float) -> np.ndarray | None:
    """The centre of the solid square nearest `guess`, within `reach_mm`."""
    reach = int(reach_mm * px_per_mm)
    x0, y0 = max(0, int(guess[0]) - reach), max(0, int(guess[1]) - reach)
    x1, y1 = min(gray.shape[1], int(guess[0]) + reach), min(gray.shape[0], int(guess[1]) + reach)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    side = answersheet.MARKER_SIZE * px_per_mm
    best, best_distance = None, None
    for centre, _ in _squares(gray[y0:y1, x0:x1], 0.65 * side, 1.45 * side):
        centre = centre + (x0, y0)
        d = float(np.hypot(*(centre - guess)))
        if best_distance is None or d < best_distance:
            best, best_distance = centre, d
    return best


def _squares(gray: np.ndarray, smallest: float, largest: float) -> list[tuple[np.ndarray, float]]:
    """Solid dark squares, however turned, of a side between `smallest` and `largest` pixels:
    (centre, side). Not a ring, a letter, a round pencil mark or a punched hole."""
    dark = paper.darkness(gray, 1.6 * largest / 1.45) > 0.35
    contours, _ = cv2.findContours(dark.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        area = cv2.contourArea(contour)
        _, (w, h), _ = cv2.minAreaRect(contour)
        if not (smallest <= min(w, h) and max(w, h) <= largest and max(w, h) <= 1.3 * min(w, h)):
            continue
        if area < 0.85 * w * h:
            continue
        moments = cv2.moments(contour)
        centre = np.array((moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]))
        found.append((centre, float(np.sqrt(area))))
    return found


def _mapping(page_mm: list, image_px: list) -> np.ndarray:
    """Page millimetres to image pixels, as a 3 x 3 matrix, from the code's 4 corners and the
    markers found so far: a similarity with none or one, an affine with two, a perspective with
    three (two markers and the code lie along the top: they say nothing of perspective)."""
    src, dst = np.array(page_mm, dtype=np.float32), np.array(image_px, dtype=np.float32)
    markers = len(src) - 4
    if markers >= 3:
        matrix, _ = cv2.findHomography(src, dst, 0)
        if matrix is not None:
            return matrix
    if markers == 2:
        affine, _ = cv2.estimateAffine2D(src, dst, method=cv2.LMEDS)
    else:
        affine, _ = cv2.estimateAffinePartial2D(src, dst, method=cv2.LMEDS)
    if affine is None:
        raise NotRead("the QR code was read but its position on the page could not be measured")
    return np.vstack([affine, [0, 0, 1]])


def _project(matrix: np.ndarray, point_mm) -> np.ndarray:
    return cv2.perspectiveTransform(np.array([[point_mm]], dtype=np.float32), matrix).reshape(2)


def locate(gray: np.ndarray) -> Found:
    if gray.size == 0 or int(np.percentile(gray, 0.5)) > 200:
        raise NotRead("blank page: nothing printed or written on it")
    text, corners = decode_qr(gray)
    payload = parse_payload(text)
    width, height = answersheet.PAPERS[payload["paper"]]
    qr_mm = _qr_corners_mm(text, width)
    # A similarity (turn, scale, shift) from the code's corners: a perspective fitted to so small
    # a square would throw the far corners of the page anywhere.
    known_mm, known_px = list(qr_mm), list(corners)
    rough = _mapping(known_mm, known_px)
    px_per_mm = float(np.hypot(rough[0, 0], rough[1, 0]))
    marks_mm = answersheet.Sheet.markers_of(width, height)
    names = ("top left", "top right", "bottom left", "bottom right")
    qr_centre = qr_mm.mean(axis=0)
    centres: list = [None] * 4
    for i in sorted(range(4), key=lambda i: float(np.hypot(*(np.array(marks_mm[i]) - qr_centre)))):
        guess = _project(_mapping(known_mm, known_px), marks_mm[i])
        for reach in (MARKER_SEARCH_MM, 2 * MARKER_SEARCH_MM):  # farther only when not found near
            centres[i] = _marker_centre(gray, guess, px_per_mm, reach)
            if centres[i] is not None:
                break
        if centres[i] is not None:
            known_mm.append(marks_mm[i])
            known_px.append(centres[i])
    missing = [name for name, c in zip(names, centres) if c is None]
    if missing:
        raise NotRead(
            f"corner marker{'s' if len(missing) > 1 else ''} not found ({', '.join(missing)}): "
            "the sheet is cut off, folded or marked over"
        )
    marks_array = np.array(marks_mm, dtype=np.float32)
    to_page = cv2.getPerspectiveTransform(np.array(centres, dtype=np.float32), marks_array * PX_PER_MM)
    # The code must land where it is printed: four squares that are not the markers (something
    # on the desk, a far search gone wrong) would put every bubble elsewhere.
    code_mm = cv2.perspectiveTransform(corners.reshape(-1, 1, 2).astype(np.float32), to_page).reshape(-1, 2)
    if float(np.abs(code_mm / PX_PER_MM - qr_mm).max()) > AGREE_MM:
        raise NotRead("the corner markers found do not agree with the QR code: the sheet is folded or cut off")
    size = (int(round(width * PX_PER_MM)), int(round(height * PX_PER_MM)))
    straight = cv2.warpPerspective(
        gray, to_page, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    top_left, bottom_right = _project(rough, marks_mm[0]), _project(rough, marks_mm[3])
    turned = bool(top_left[1] > bottom_right[1])  # the top-left marker is below the bottom-right one
    return Found(payload, straight, turned)


BY_MARKERS_SIZE = 1200  # pixels along the long side: where markers are looked for without a code


def by_markers(gray: np.ndarray, paper_name: str) -> tuple[np.ndarray, str, int, bool]:
    """A page whose QR code could not be read, straightened by its four corner markers alone:
    (the straightened page, the version letter and page number modulo 32 of the squares printed
    along its foot, turned). The markers are the four squares of one size whose quadrilateral
    has the page's proportions and is the largest such; which way up is told by the code row,
    which reads only the right way (odd parity, and nothing is printed where it would be turned).
    """
    width, height = answersheet.PAPERS[paper_name]
    scale = min(1.0, BY_MARKERS_SIZE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    short = min(small.shape)
    # The sheet spans from 40% to all of the image's short side: so much for a marker's size.
    side_mm = answersheet.MARKER_SIZE / width
    squares = _squares(small, 0.35 * side_mm * short, 1.2 * side_mm * max(small.shape))
    squares = sorted(squares, key=lambda sq: -sq[1])[:12]
    span = np.array([width - 2 * MARKER_INSET_MM, height - 2 * MARKER_INSET_MM])
    best, best_area = None, 0.0
    for four in itertools.combinations(squares, 4):
        sides = [sq[1] for sq in four]
        if max(sides) > 1.4 * min(sides):
            continue
        points = np.array([sq[0] for sq in four], dtype=np.float32)
        # Clockwise as seen (OpenCV's "clockwise" assumes y up; an image's y goes down).
        hull = cv2.convexHull(points, clockwise=False).reshape(-1, 2)
        if len(hull) != 4:
            continue
        edges = [float(np.hypot(*(hull[(i + 1) % 4] - hull[i]))) for i in range(4)]
        proportion = span[0] / span[1]
        if abs(edges[1] / edges[0] - proportion) < 0.2 * proportion:
            hull = np.roll(hull, -1, axis=0)  # start where a short edge (the top or bottom) starts
        elif abs(edges[0] / edges[1] - proportion) > 0.2 * proportion:
            continue  # not the page's proportions
        area = cv2.contourArea(hull)
        if area > best_area:
            best, best_area = hull / scale, area
    if best is None:
        raise NotRead("no four corner markers with the page's proportions")
    # `best` goes round clockwise from a corner where a short edge starts: top-left, top-right,
    # bottom-right, bottom-left, or the same turned half round.
    marks_mm = answersheet.Sheet.markers_of(width, height)
    page_mm = np.array([marks_mm[0], marks_mm[1], marks_mm[3], marks_mm[2]], dtype=np.float32) * PX_PER_MM
    size = (int(round(width * PX_PER_MM)), int(round(height * PX_PER_MM)))
    for corners in (best, np.roll(best, 2, axis=0)):
        to_page = cv2.getPerspectiveTransform(corners.astype(np.float32), page_mm)
        straight = cv2.warpPerspective(gray, to_page, size, flags=cv2.INTER_AREA, borderValue=255)
        code = _read_code(straight, height)
        if code is not None:
            turned = bool(corners[0][1] > corners[2][1])  # the top-left marker is below the bottom-right one
            return straight, code[0], code[1], turned
    raise NotRead("the version squares along the foot of the page could not be read")


def _read_code(straight: np.ndarray, height: float) -> tuple[str, int] | None:
    cell = int(answersheet.CODE_CELL * PX_PER_MM)
    dark = paper.darkness(straight, 3 * cell)
    bits = []
    for x, y in answersheet.code_cells(height):
        cx, cy = int(x * PX_PER_MM), int(y * PX_PER_MM)
        inner = dark[cy - cell // 3 : cy + cell // 3 + 1, cx - cell // 3 : cx + cell // 3 + 1]
        level = float(inner.mean()) if inner.size else 0.0
        if 0.25 < level < 0.5:  # neither printed nor blank: a smudge, not a code
            return None
        bits.append(level >= 0.5)
    return answersheet.read_code(bits)
