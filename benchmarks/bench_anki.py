"""How long `-f anki` takes, against a bare genanki script writing the same notes, and how long
Anki's backend takes to import the result. YAML parsing is not counted (the bank is loaded once).

    python benchmarks/bench_anki.py            # 1,000 and 10,000 questions
    python benchmarks/bench_anki.py 2000 --runs 7

Rows (medians of several runs):
- genanki, fields given: genanki writing notes whose field strings are already made (the floor);
- bare script, markdown-it + genanki: a plain script from the bank: Markdown to HTML with
  markdown-it alone (no sanitising, so not the same notes: shown for scale);
- bare script, quizgen.text.markup + genanki: the same, with the same sanitised HTML quizgen puts in
  its fields (the shared Markdown cache emptied first): the baseline for the 1.5x target;
- quizgen -f anki (cold): the whole format, with the shared Markdown cache emptied first;
- quizgen -f anki (markup cached): as in a multi-format build, where another format has already
  rendered the Markdown;
- Anki import: `Collection.import_anki_package` of quizgen's package into a fresh collection.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import bank_text  # noqa: E402
from benchmarks.generate import median_time as _median_time  # noqa: E402
from quizgen.bank.load import load_bank  # noqa: E402
from quizgen.formats import BuildOptions  # noqa: E402
from quizgen.text import markup  # noqa: E402


def median_time(func, runs: int, before=None) -> float:
    return _median_time(func, runs, before)[0]


def clear_markup() -> None:
    markup.forget()


def bare_genanki_from_bank(bank, path: Path, sanitise: bool = True) -> None:
    """A plain script: Markdown to HTML (sanitised like quizgen's, or markdown-it alone), one
    genanki note per question, genanki's default package writer."""
    import genanki
    from markdown_it import MarkdownIt

    if sanitise:
        md = type("Shared", (), {"render": staticmethod(markup.block), "renderInline": staticmethod(markup.inline)})
    else:
        md = MarkdownIt("commonmark", {"html": False})
    fields = [{"name": n} for n in ("Front", "Back")]
    basic = genanki.Model(
        1607392319,
        "Bare basic",
        fields=fields,
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr>{{Back}}"}],
    )
    cloze = genanki.Model(
        1607392320,
        "Bare cloze",
        fields=[{"name": "Text"}, {"name": "Back"}],
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
        model_type=genanki.Model.CLOZE,
    )
    deck = genanki.Deck(2059400110, bank.title)
    for q in bank.questions:
        texts = [md.render(t) if "[" not in key else md.renderInline(t) for key, t in q.markdown_texts()]
        model = cloze if q.type == "cloze" else basic
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[texts[0], "".join(texts[1:])],
                tags=list(q.tags),
                guid=genanki.guid_for(bank.id, q.id),
            )
        )
    genanki.Package(deck).write_to_file(str(path), timestamp=1_700_000_000)


def genanki_fields_given(bank, notes, path: Path) -> None:
    """genanki alone, writing notes with quizgen's exact fields (made beforehand)."""
    import genanki

    from quizgen.formats.anki.notes import NOTE_TYPES

    models = {
        key: genanki.Model(
            nt.id,
            nt.name,
            fields=[{"name": f} for f in nt.fields],
            templates=[
                {
                    "name": t.name,
                    "qfmt": "{{%s}}" % nt.fields[0] if not nt.cloze else "{{cloze:Text}}",
                    "afmt": "{{%s}}" % nt.fields[1],
                }
                for t in nt.templates
            ]
            if key != "basic"
            else [
                {"name": "1", "qfmt": "{{Front}}", "afmt": "{{Back}}"},
                {"name": "2", "qfmt": "{{#Reverse}}{{Back}}{{/Reverse}}", "afmt": "{{Front}}"},
            ],
            model_type=genanki.Model.CLOZE if nt.cloze else genanki.Model.FRONT_BACK,
        )
        for key, nt in NOTE_TYPES.items()
    }
    deck = genanki.Deck(2059400110, bank.title)
    for q, data in zip(bank.questions, notes):
        deck.add_note(
            genanki.Note(
                model=models[data.note_type.key],
                fields=list(data.fields),
                tags=list(data.tags),
                guid=genanki.guid_for(bank.id, q.id),
            )
        )
    genanki.Package(deck).write_to_file(str(path), timestamp=1_700_000_000)


def anki_import(package: Path, folder: Path, counter=iter(range(10**6))) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(folder / f"col-{next(counter)}.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions()))
    finally:
        col.close()


def bench(size: int, runs: int, work: Path) -> list[tuple[str, float]]:
    import warnings

    from quizgen.formats.anki.format import AnkiFormat
    from quizgen.formats.anki.notes import Media, NoteMaker

    warnings.filterwarnings("ignore", module="genanki")
    bank_path = work / f"bank{size}" / f"bank{size}.yaml"
    bank_path.parent.mkdir()
    bank_path.write_text(bank_text(size), encoding="utf-8")
    result = load_bank(bank_path, max_bytes=64 * 2**20)
    assert result.ok, result.diagnostics[:3]
    bank = result.bank
    out = work / f"out{size}"
    fmt = AnkiFormat(BuildOptions(output_dir=out))
    fmt.build(bank, out)  # first build writes the state file; later builds are the steady state
    notes = [NoteMaker(bank, 0, Media(bank.folder)).note(q) for q in bank.questions]

    rows = [
        ("genanki, fields given", median_time(lambda: genanki_fields_given(bank, notes, work / "given.apkg"), runs)),
        (
            "bare script: markdown-it + genanki (unsafe)",
            median_time(lambda: bare_genanki_from_bank(bank, work / "bare.apkg", sanitise=False), runs),
        ),
        (
            "bare script: quizgen.text.markup + genanki",
            median_time(lambda: bare_genanki_from_bank(bank, work / "bare.apkg"), runs, before=clear_markup),
        ),
        ("quizgen -f anki (cold)", median_time(lambda: fmt.build(bank, out), runs, before=clear_markup)),
        ("quizgen -f anki (markup cached)", median_time(lambda: fmt.build(bank, out), runs)),
    ]
    package = out / f"{bank.id}.apkg"
    try:
        rows.append(("Anki import (fresh collection)", median_time(lambda: anki_import(package, work), runs)))
    except ImportError:
        rows.append(("Anki import (anki not installed)", float("nan")))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'questions':>9}  {'step':<44} {'median s':>9}  vs bare")
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-anki-") as folder:
        for size in args.sizes:
            rows = bench(size, args.runs if size < 5000 else max(3, args.runs // 2), Path(folder))
            times = dict(rows)
            bare = times["bare script: quizgen.text.markup + genanki"]
            given = times["genanki, fields given"]
            for name, seconds in rows:
                ratio = ""
                if name == "quizgen -f anki (cold)":
                    ratio = f"{seconds / bare:.2f}x"
                elif name == "quizgen -f anki (markup cached)":
                    ratio = f"{seconds / given:.2f}x given"
                print(f"{size:>9}  {name:<44} {seconds:>9.3f}  {ratio}")


if __name__ == "__main__":
    main()
