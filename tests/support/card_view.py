"""Anki cards in Chromium, the way AnkiDroid shows them: each side a fresh page load in one tab, on
a phone's or a desktop's screen; and a typed-answer card answered on the phone."""

from __future__ import annotations

import html
import re

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


_devices: dict[tuple[int, str], object] = {}


def _device(browser, context: dict):
    """The open browser context for these settings (the test's fixture closes them all at its
    end: then a new one is made)."""
    key = (id(browser), repr(sorted(context.items())))
    made = _devices.get(key)
    if made is None or made not in browser.contexts:
        made = _devices[key] = browser.new_context(**context)
    return made


class CardView:
    """One browser tab showing card sides the way AnkiDroid does: each side is a fresh page load
    in the same tab, so only sessionStorage carries anything from the front to the back."""

    def __init__(self, browser, errors: list[str], **context):
        # A new tab of a context shared by the test's views of one device: sessionStorage, all a
        # card keeps, belongs to the tab, and a tab costs a fraction of a new context.
        self.page = _device(browser, context).new_page()
        self.page.on("pageerror", lambda error: errors.append(str(error)))
        self.page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        self.documents: list[str] = []
        self.page.route("http://card.test/**", self._serve)

    def _serve(self, route):
        index = int(route.request.url.rsplit("/", 1)[1])
        route.fulfill(content_type="text/html", body=self.documents[index])

    def show(self, html: str, body_class: str = "card"):
        self.documents.append(
            '<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width">'
            f'</head><body class="{body_class}">{html}</body></html>'
        )
        self.page.goto(f"http://card.test/{len(self.documents) - 1}")
        return self.page


def typed_back(col, note, typed: str) -> str:
    """The back of a typed-answer card as Anki's reviewer shows it after `typed` was entered: the
    backend's own comparison in place of the [[type:Answer]] marker."""
    comparison = col.compare_answer(html.unescape(re.sub(r"<[^>]+>", "", note["Answer"])), typed)
    return note.cards()[0].answer().replace("[[type:Answer]]", f"<div>{comparison}</div>")


def type_then_turn(col, browser, errors: list[str], note, typed: str):
    """Type `typed` on the front in the card's own box, as a learner on a phone, then show the back
    (a new page load, as AnkiDroid does); returns the back's page."""
    view = CardView(browser, errors, **PHONE)
    front = view.show(note.cards()[0].question().replace("[[type:Answer]]", '<input type="text" id="typeans">'))
    front.fill("#typeans", typed)
    return view.show(typed_back(col, note, typed))
