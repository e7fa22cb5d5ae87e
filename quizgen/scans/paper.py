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
    side = max(3, int(wider_than_px)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), side / 4)
    return np.clip(1.0 - gray.astype(np.float32) / np.maximum(paper, 1.0), 0.0, 1.0)
