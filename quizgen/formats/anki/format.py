"""`-f anki`: `<bank-id>.apkg`, a deck that updates in place when learners import it again.

Read `AnkiFormat.build` top to bottom. What makes a re-import safe (see docs/anki.md):
- note GUIDs come from the bank id and question id (`note_guid`), deck and note-type ids from
  stable names; a bank built with its own templates gets note types of its own;
- each note's `mod` is when its content last changed (`quizgen.formats.anki.state`), so Anki's
  "update if newer" touches exactly the edited notes;
- the package is written reproducibly: an unchanged bank gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import genanki

from quizgen import grading
from quizgen.bank import assets
from quizgen.bank.diagnostics import Diagnostic
from quizgen.bank.model import Bank, Question
from quizgen.formats import BuildError, Format
from quizgen.formats.anki.notes import NOTE_TYPES, Media, NoteMaker, NoteType, anki_field, stable_id
from quizgen.formats.anki.state import State, content_hash, state_path
from quizgen.present import templating
from quizgen.runtime.output import write_atomic, zip_bytes
from quizgen.text import markup


class _NoteType(genanki.Model):
    """A genanki model whose `mod` is the time its templates last changed, not the build time."""

    def __init__(self, *args, mod: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod

    def to_json(self, timestamp, deck_id):
        data = super().to_json(timestamp, deck_id)
        data["mod"] = self.mod
        return data


class _Note(genanki.Note):
    """A genanki note whose `mod` (and its cards') is the time its content last changed."""

    def __init__(self, *, mod: int, **kwargs):
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        # genanki's own method stamps every note with the build time; its HTML check is skipped
        # because fields here come from the sanitiser.
        cursor.execute(
            "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);",
            (
                next(id_gen),
                self.guid,
                self.model.model_id,
                self.mod,
                -1,
                self._format_tags(),
                self._format_fields(),
                self.sort_field,
                0,
                0,
                "",
            ),
        )
        note_id = cursor.lastrowid
        for card in self.cards:
            card.write_to_db(cursor, self.mod, deck_id, note_id, id_gen, self.due)


def template_source(env, name: str) -> str:
    """An Anki template read raw (it is Anki's own `{{Field}}` syntax, not Jinja), includes resolved.

    Read through the Jinja loader so that a `--templates` folder overrides it like any other; the
    grading model is quizgen's, not a template's: no --templates folder replaces it.
    """
    return templating.source_with_includes(env, name, own={"grading.js": grading.SCRIPT})


def note_guid(bank_id: str, question_id: str) -> str:
    """A note's identity. genanki's `guid_for` joins its parts with `__`, which ids may contain:
    bank `chem` + question `acids__1` and bank `chem__acids` + question `1` would be one note.
    Ids start with a letter or digit, so the join is ambiguous only when the *bank* id holds
    `__`; those banks alone get a join by `/`, which no id can contain. Every other bank keeps
    the GUIDs it always had (learners' notes keep updating)."""
    if "__" in bank_id:
        return genanki.guid_for(f"quizgen/{bank_id}/{question_id}")
    return genanki.guid_for(bank_id, question_id)


def template_sources(env, note_type: NoteType) -> list[dict[str, str]]:
    return [
        {"name": t.name, "qfmt": template_source(env, t.front), "afmt": template_source(env, t.back)}
        for t in note_type.templates
    ]


def note_type_model(note_type: NoteType, templates: list[dict[str, str]], css: str, state: State) -> _NoteType:
    fields = [{"name": name} for name in note_type.fields]
    digest = content_hash(note_type.name, note_type.fields, json.dumps(templates, sort_keys=True), css, note_type.cloze)
    return _NoteType(
        note_type.id,
        note_type.name,
        fields=fields,
        templates=templates,
        css=css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        mod=state.changed_at("note_types", note_type.key, digest, "own" if note_type.owner else "bundled"),
    )


def note_types_for(bank: Bank, overrides) -> tuple[dict[str, NoteType], dict[str, list], str]:
    """The note types of this bank with their templates and the CSS. With `--templates` that
    change anything, they are the bank's own note types (new ids and names): Anki keeps one copy
    of a note type per id, and a shared one would restyle every other quizgen deck."""
    bundled = templating.environment("anki")
    env = templating.environment("anki", overrides) if overrides is not None else bundled
    css = template_source(env, "card.css")
    sources = {key: template_sources(env, nt) for key, nt in NOTE_TYPES.items()}
    if env is bundled or (
        css == template_source(bundled, "card.css")
        and all(sources[key] == template_sources(bundled, nt) for key, nt in NOTE_TYPES.items())
    ):
        return dict(NOTE_TYPES), sources, css
    return {key: nt.owned_by(bank.id) for key, nt in NOTE_TYPES.items()}, sources, css


def note_type_problems(
    bank: Bank, state: State, note_types: dict[str, NoteType], questions: list[tuple[Question, NoteType]]
) -> list[Diagnostic]:
    """Changes that Anki would silently refuse to apply to the notes learners already have: a
    note never moves to another note type on import (the old card stays, logged as a conflict)."""
    problems = []
    used = {nt.key for _, nt in questions}
    now_set = "own" if any(nt.owner for nt in note_types.values()) else "bundled"
    switched = [
        key
        for key in sorted(used)
        if (before := state.previous("note_types", key)) is not None
        and before.note_type
        and before.note_type != now_set
    ]
    if switched:
        how = "with its own templates (--templates)" if now_set == "bundled" else "with quizgen's templates"
        names = ", ".join(f"'{note_types[key].name}'" for key in switched)
        problems.append(
            Diagnostic(
                bank.where("id"),
                (
                    f"this deck was built {how} until now; this build would give its notes other note types "
                    f"({names}), and Anki never moves learners' notes to another note type, so they would stop "
                    f"updating. Build it as before ({'with' if now_set == 'bundled' else 'without'} --templates)"
                ),
            )
        )
    for question, note_type in questions:
        before = state.previous("questions", question.id)
        if before is not None and before.note_type and before.note_type != note_type.key:
            problems.append(
                Diagnostic(
                    question.where("type"),
                    (
                        f"question '{question.id}' changed to type '{question.type}', which needs the note type "
                        f"'{note_type.name}'; learners have it as a '{NOTE_TYPES[before.note_type].title}' note, "
                        "and Anki never changes the note type of an existing note, so they would keep the old "
                        "card. Give the question a new id to send it as a new note (the old one stays in "
                        f'learners\' collections, findable with the search "Id:{bank.id}/{question.id}"), or '
                        "keep its old type"
                    ),
                )
            )
    return problems


def raise_all(problems: list[Diagnostic]) -> None:
    """One BuildError for every problem: the first one's location, the others as more lines in
    the same `path:line:col: error: message` form."""
    if problems:
        problems = sorted(problems, key=Diagnostic.sort_key)
        rest = "".join(f"\n{p.format()}" for p in problems[1:])
        raise BuildError(problems[0].location, problems[0].message + rest)


class AnkiFormat(Format):
    name = "anki"
    question_types = NoteMaker.TYPES

    def extra_inputs(self, bank: Bank) -> list[Path]:
        return [state_path(bank.path)]  # when each note last changed decides its `mod`

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        state = State.load(bank.path, bank.id, len(bank.questions) + len(NOTE_TYPES), out_dir)
        note_types, sources, css = note_types_for(bank, self.options.templates)
        media = Media(bank.folder)
        maker = NoteMaker(bank, self.options.seed, media, note_types)

        try:
            description = anki_field(str(media.rewrite(markup.block(bank.description), unreferenced=True)))
        except assets.AssetError as problem:
            raise BuildError(bank.where("description"), f"image {problem}") from problem
        main_deck = genanki.Deck(stable_id(f"quizgen/{bank.id}"), deck_name(bank), description=description)
        notes = [(question, maker.note(question)) for question in bank.questions]
        raise_all(note_type_problems(bank, state, note_types, [(q, data.note_type) for q, data in notes]))

        decks = {"": main_deck}
        models: dict[str, _NoteType] = {}
        for position, (question, data) in enumerate(notes, start=1):
            model = models.get(data.note_type.key)
            if model is None:
                model = models[data.note_type.key] = note_type_model(
                    data.note_type, sources[data.note_type.key], css, state
                )
            digest = content_hash(data.note_type.id, *data.fields, " ".join(data.tags))
            note = _Note(
                model=model,
                fields=list(data.fields),
                tags=list(data.tags),
                guid=note_guid(bank.id, question.id),
                due=position,
                mod=state.changed_at("questions", question.id, digest, data.note_type.key),
            )
            topic = question.tags[0] if self.options.subdecks and question.tags else ""
            deck = decks.get(topic)
            if deck is None:
                deck = decks[topic] = genanki.Deck(
                    stable_id(f"quizgen/{bank.id}/{topic}"), f"{main_deck.name}::{topic}"
                )
            deck.add_note(note)

        # The latest change in the package stands for the whole package (ids, zip dates).
        stamp = max([n.mod for d in decks.values() for n in d.notes] + [m.mod for m in models.values()])
        package = package_bytes(list(decks.values()), media.files, stamp)
        try:
            state.save()
        except OSError as error:
            raise BuildError(
                bank.where(), f"cannot write the Anki state file {state.path}: {error.strerror or error}"
            ) from error
        written = write_atomic(out_dir / f"{bank.id}.apkg", package)
        state.save_published()
        return [written]


def deck_name(bank: Bank) -> str:
    return " ".join(bank.title.split()) or bank.id


def package_bytes(decks: list[genanki.Deck], media: dict[str, bytes], stamp: int) -> bytes:
    """The .apkg as bytes: same input, same bytes (sorted entries, fixed zip dates and ids)."""
    collection = _collection_bytes(decks, stamp)
    names = sorted(media)
    entries = {
        "collection.anki2": collection,
        "media": json.dumps({str(i): name for i, name in enumerate(names)}).encode("utf-8"),
    }
    entries.update({str(i): media[name] for i, name in enumerate(names)})
    return zip_bytes(entries, stamp)


def _collection_bytes(decks: list[genanki.Deck], stamp: int) -> bytes:
    package = genanki.Package(decks)
    ids = itertools.count(stamp * 1000)
    # Python 3.11+ (where SQLite allows it): no temporary file needed. The version test lets mypy,
    # checking for 3.10, see that the method may be missing.
    if sys.version_info >= (3, 11) and hasattr(sqlite3.Connection, "serialize"):
        connection = sqlite3.connect(":memory:")
        try:
            package.write_to_db(connection.cursor(), stamp, ids)
            connection.commit()
            return connection.serialize()
        finally:
            connection.close()
    with tempfile.TemporaryDirectory(prefix="quizgen-anki-") as folder:
        path = os.path.join(folder, "collection.anki2")
        connection = sqlite3.connect(path)
        try:
            package.write_to_db(connection.cursor(), stamp, ids)
            connection.commit()
        finally:
            connection.close()
        return Path(path).read_bytes()


FORMAT = AnkiFormat
