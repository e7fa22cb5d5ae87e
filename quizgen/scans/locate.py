"""Find an answer sheet on a page image and straighten it.

1. The QR code is found and decoded anywhere on the page, whichever way up (OpenCV).
2. Its four corners, whose places on the printed page are known, give a first mapping (turn,
   scale and shift) from page millimetres to image pixels; it tells where each corner marker should be, whatever the
   rotation (an upside-down page included), scale or shift of the scan.
3. Each marker is found near that place (a solid dark square) and its centre measured.
4. The four marker centres give the perspective transform (cv2.getPerspectiveTransform) that
   maps the scan onto the page at PX_PER_MM pixels per millimetre, where every bubble's place is
   known from `quizgen.present.answersheet`.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from quizgen.present import answersheet

PX_PER_MM = 6.0
QR_BORDER = 4  # modules of quiet zone around the printed code (segno's default)
MARKER_SEARCH_MM = 30.0  # how far from where the QR code puts a marker it is looked for


class NotRead(Exception):
    """Why a page gives no sheet to grade, in words for the results file."""


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
    raise NotRead("no QR code could be read: not an answer sheet, or the code is smudged, folded or out of the scan")


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
    import segno

    modules = segno.make(payload_text, error="m", micro=False).symbol_size(border=0)[0]
    module = answersheet.QR_SIZE / (modules + 2 * QR_BORDER)
    left = width - answersheet.MARGIN - answersheet.QR_SIZE + QR_BORDER * module
    top = answersheet.QR_TOP + QR_BORDER * module
    side = modules * module
    return np.array([[left, top], [left + side, top], [left + side, top + side], [left, top + side]], dtype=np.float32)


def _marker_centre(gray: np.ndarray, guess: np.ndarray, px_per_mm: float) -> np.ndarray | None:
    """The centre of the solid square nearest `guess`, within MARKER_SEARCH_MM."""
    reach = int(MARKER_SEARCH_MM * px_per_mm)
    x0, y0 = max(0, int(guess[0]) - reach), max(0, int(guess[1]) - reach)
    x1, y1 = min(gray.shape[1], int(guess[0]) + reach), min(gray.shape[0], int(guess[1]) + reach)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    window = gray[y0:y1, x0:x1]
    _, dark = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if window.max() - window.min() < 60:  # nothing dark here at all
        return None
    count, _, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    side = answersheet.MARKER_SIZE * px_per_mm
    best, best_distance = None, None
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if not (0.7 * side <= w <= 1.4 * side and 0.7 * side <= h <= 1.4 * side):
            continue
        if area < 0.85 * w * h:  # a solid square: not a ring, a letter, a (round) pencil mark
            continue
        centre = centroids[i] + (x0, y0)
        d = float(np.hypot(*(centre - guess)))
        if best_distance is None or d < best_distance:
            best, best_distance = centre, d
    return best


def locate(gray: np.ndarray) -> Found:
    if gray.size == 0 or int(np.percentile(gray, 0.5)) > 200:
        raise NotRead("blank page: nothing printed or written on it")
    text, corners = decode_qr(gray)
    payload = parse_payload(text)
    width, height = answersheet.PAPERS[payload["paper"]]
    qr_mm = _qr_corners_mm(text, width)
    # A similarity (turn, scale, shift) from the code's corners: a perspective fitted to so small
    # a square would throw the far corners of the page anywhere.
    rough, _ = cv2.estimateAffinePartial2D(qr_mm, corners.astype(np.float32))
    if rough is None:
        raise NotRead("the QR code was read but its position on the page could not be measured")
    px_per_mm = float(np.hypot(rough[0, 0], rough[1, 0]))
    marks_mm = np.array(answersheet.Sheet.markers_of(width, height), dtype=np.float32)
    guesses = cv2.transform(marks_mm.reshape(-1, 1, 2), rough).reshape(-1, 2)
    centres = [_marker_centre(gray, guess, px_per_mm) for guess in guesses]
    missing = [name for name, c in zip(("top left", "top right", "bottom left", "bottom right"), centres) if c is None]
    if missing:
        raise NotRead(
            f"corner marker{'s' if len(missing) > 1 else ''} not found ({', '.join(missing)}): "
            "the sheet is cut off, folded or marked over"
        )
    to_page = cv2.getPerspectiveTransform(np.array(centres, dtype=np.float32), marks_mm * PX_PER_MM)
    size = (int(round(width * PX_PER_MM)), int(round(height * PX_PER_MM)))
    straight = cv2.warpPerspective(
        gray, to_page, size, flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    turned = bool(guesses[0][1] > guesses[3][1])  # the top-left marker is below the bottom-right one
    return Found(payload, straight, turned)
