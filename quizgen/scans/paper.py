"""How dark each pixel is against the paper around it: what lets a photo be read like a scan.

A phone photo's light falls off towards a corner and an arm's shadow crosses it, so no one white
level fits a page (nor a threshold picked for the whole page). A morphological closing wider than
anything printed or pencilled there wipes out print and marks and leaves the paper, shadows
included; each pixel is then judged against that local white. Used by `locate` (the corner
markers, on a dark or cluttered desk) and `marks` (the bubbles).
"""

from __future__ import annotations

import cv2
import numpy as np


def darkness(gray: np.ndarray, wider_than_px: float) -> np.ndarray:
    """1 - grey / local paper white, from 0 (paper) to 1 (black), float32. Anything darker and
    narrower than `wider_than_px` stands out; a larger dark area (the desk round the sheet, a
    broad shadow) is taken for the background and reads as 0."""
    # The paper's light changes slowly: it is found on the image shrunk (a dozen pixels to the
    # closing's side), many times quicker, then smoothed and enlarged back.
    shrink = max(1, int(wider_than_px) // 12)
    height, width = gray.shape
    small = gray
    if shrink > 1:
        small = cv2.resize(gray, (max(1, width // shrink), max(1, height // shrink)), interpolation=cv2.INTER_AREA)
    side = max(3, int(wider_than_px / shrink)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    paper: np.ndarray = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel).astype(np.float32)
    paper = cv2.blur(paper, (side // 2 | 1, side // 2 | 1))
    if shrink > 1:
        paper = cv2.resize(paper, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(1.0 - gray.astype(np.float32) / np.maximum(paper, 1.0), 0.0, 1.0)
