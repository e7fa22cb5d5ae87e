"""A PDF's text read back as a reader gets it: words with their boxes (pdftotext -bbox) and the
lists of its structure tree (pdfinfo -struct-text), for the print tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def words(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes (pdftotext -bbox), in reading order."""
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [
        [
            (word, float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, word in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
            )
        ]
        for page in xml.split("<page ")[1:]
    ]


def structure_lists(pdf: Path) -> list[list[str]]:
    """Each list (`L`) of the PDF's structure tree, as its items' texts, in the tree's order."""
    tree = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    lists: list[list[str]] = []
    open_list = open_item = None  # the indents of the list and item being read
    for line in tree.splitlines():
        indent, node = len(line) - len(line.lstrip()), line.strip()
        if open_item is not None and indent <= open_item:
            open_item = None
        if open_list is not None and indent <= open_list:
            open_list = None
        if node.startswith("L (") and open_list is None:
            open_list = indent
            lists.append([])
        elif node.startswith("LI ") and open_list is not None and open_item is None:
            open_item = indent
            lists[-1].append("")
        elif node.startswith('"') and open_item is not None:
            lists[-1][-1] = f"{lists[-1][-1]} {node.strip(chr(34))}".strip()
    return lists
