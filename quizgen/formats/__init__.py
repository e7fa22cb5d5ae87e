"""Output formats: one package each, found by name without importing their build code.

A format is a package (`json/`, `pdf/`) in two halves:
- its `__init__` holds `DECLARATION`, a `Declaration`: the format's name, description, the
  suffixes of the files it writes, the build options it reads and whether it is built only when
  named. It imports nothing heavy: `quizgen build --help` reads every declaration.
- its `format.py` defines `FORMAT`, a subclass of `Format` that builds it; its other modules are
  its helpers. It is imported only when the format is built, so a format's heavy library
  (WeasyPrint, genanki) costs nothing to the commands that do not use it.

A package outside quizgen adds a format through the entry point group `quizgen.formats`, whose
entries name a `Declaration` (docs/architecture.md, "Adding a format").
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping

from quizgen.bank import outputs
from quizgen.bank.diagnostics import BuildError, Location, Report  # BuildError: formats raise it
from quizgen.bank.outputs import ENTRY_POINT_GROUP
from quizgen.formats.options import Option, Value

if TYPE_CHECKING:
    from quizgen.bank import assets
    from quizgen.bank.dispatch import QuestionTypes
    from quizgen.bank.model import Bank

__all__ = [
    "BuildError",
    "BuildOptions",
    "Declaration",
    "Format",
    "FormatUnavailable",
    "Option",
    "declaration",
    "declared_options",
    "defaults",
    "load",
    "names",
    "problems",
    "read_image",
]


@dataclass(frozen=True)
class Declaration:
    """What quizgen knows of a format without importing its build code."""

    name: str  # `-f <name>`, lower case
    description: str
    suffixes: tuple[str, ...]  # of the files it writes (".pdf"; "-paper.pdf" is a ".pdf")
    options: tuple[Option, ...] = ()  # every option it reads: its own and shared ones (formats.options)
    opt_in: bool = False  # built only when named with -f, not by a plain `quizgen build`
    order: int = 9  # its place in a build and in lists: cheap formats first, then by name
    builder: str = ""  # "module:attribute" of its Format; default "<this package>.format:FORMAT"
    # Whether `--seed` can change its output for this bank and these options (a test from
    # quizgen.formats.options, such as `shuffling("order")`); None: whenever it reads the seed.
    # A seed change then rebuilds only the outputs it really reshuffles (quizgen.build.incremental).
    seeded: Callable[[Bank, BuildOptions], bool] | None = None

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name):
            raise ValueError(f"format name {self.name!r}: lower-case letters, digits and _")
        if not self.suffixes or not all(re.fullmatch(r"\.[a-z0-9]+", s) for s in self.suffixes):
            raise ValueError(f"format {self.name!r}: suffixes are file name suffixes such as '.pdf'")
        if not all(isinstance(option, Option) for option in self.options):
            raise TypeError(f"format {self.name!r}: options must be quizgen.formats.Option")
        if len({option.name for option in self.options}) != len(self.options):
            raise ValueError(f"format {self.name!r}: an option is named twice")
        if self.builder and not re.fullmatch(r"[\w.]+:\w+", self.builder):
            raise ValueError(f"format {self.name!r}: builder is 'module:attribute'")


class Format:
    """Builds one output format. Subclasses set `name` (its declaration's) and `question_types`
    (how it handles each question type: quizgen.bank.dispatch), and implement `build`."""

    name: ClassVar[str]
    question_types: ClassVar[QuestionTypes]

    def __init__(self, options: BuildOptions):
        self.options = options
        # Notes for the author about the last build, e.g. a question this format cannot hold:
        # `self.notes.note(question.where(), "...")`. The build prints them after the format ran.
        self.notes = Report()

    @classmethod
    def declaration(cls) -> Declaration:
        return declaration(cls.name)

    def build(self, bank: Bank, out_dir: Path) -> list[Path]:
        """Write this format's files for `bank` into `out_dir` (atomically); return their paths."""
        raise NotImplementedError

    def extra_inputs(self, bank: Bank) -> list[Path]:
        """Files besides the bank, its images and templates that this format's output depends on
        (for incremental builds: a change to any of them means a rebuild)."""
        return []


def class_list(options: "BuildOptions"):
    """The class list of `--roster` (quizgen.present.roster), or None without one. Its problems
    are one BuildError at the first, listing every other on a line of its own."""
    if not options.roster:
        return None
    from quizgen.present import roster

    read = roster.read(Path(options.roster))
    if read.diagnostics:
        first, *rest = sorted(read.diagnostics, key=lambda d: d.sort_key())
        raise BuildError(first.location, first.message + "".join(f"\n{d.location}: error: {d.message}" for d in rest))
    return read


def class_list_files(options: "BuildOptions") -> list[Path]:
    """The class list's file, for incremental builds: an edited list rebuilds the papers."""
    return [Path(options.roster)] if options.roster else []


def read_image(bank: Bank, src: str, where: Location) -> "assets.Image":
    """An image of the bank, recognised by its content (`assets.read_image`); a problem with it
    is a BuildError at `where`, the text it appears in."""
    from quizgen.bank import assets

    try:
        return assets.read_image(bank.folder, src)
    except assets.AssetError as problem:
        raise BuildError(where, f"image '{src}' {problem}") from problem


@dataclass(frozen=True, init=False)
class BuildOptions:
    """One build's settings: where it writes, and the value of every format's options.

    A format reads its options as attributes (`self.options.seed`); one not given has its
    declared default. `BuildOptions(versions=2)` sets an option by name: a name no format
    declares is a TypeError, as for any unknown keyword.
    """

    output_dir: Path
    templates: Path | None  # a folder of template overrides, searched first
    force: bool  # rebuild even when nothing changed
    jobs: int  # processes a build may use; 0 = one per core
    values: tuple[tuple[str, Value], ...]  # (name, value) of every declared option, sorted

    def __init__(
        self,
        output_dir: Path = Path("output"),
        templates: Path | None = None,
        force: bool = False,
        jobs: int = 0,
        values: Mapping[str, Value] | tuple = (),
        **options: Value,
    ):
        declared = declared_options()
        unknown = sorted(set(options) - set(declared))
        if unknown:
            raise TypeError(f"no format declares the option {unknown[0]!r} (options: {', '.join(sorted(declared))})")
        chosen = {name: option.default for name, option in declared.items()}
        chosen.update(dict(values))
        chosen.update(options)
        for name, value in [
            ("output_dir", Path(output_dir)),
            ("templates", templates),
            ("force", force),
            ("jobs", jobs),
            ("values", tuple(sorted(chosen.items()))),
        ]:
            object.__setattr__(self, name, value)

    # Only for names that are not fields. Any, not Value: an option's type is its default's
    # (`seed` an int, `paper` a str), known from its name only once the formats are declared.
    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "values":  # not set yet (unpickling): not an option
            raise AttributeError(name)
        for key, value in self.values:
            if key == name:
                return value
        raise AttributeError(f"no format declares the option {name!r}")

    def of(self, names) -> dict[str, Value]:
        """The values of the options named (a format's own: what its outputs depend on)."""
        return {name: getattr(self, name) for name in names}

    def processes(self) -> int:
        return self.jobs or os.cpu_count() or 1


class FormatUnavailable(Exception):
    """A format whose library or system dependency is missing; the message says what to install."""


# -- the registry ---------------------------------------------------------------------------------

# Names an option may not take: BuildOptions' own fields and `quizgen build`'s other parameters.
RESERVED = frozenset(
    {
        "output_dir",
        "output",
        "templates",
        "force",
        "jobs",
        "values",
        "paths",
        "format",
        "format_names",
        "quiet",
        "max_bank_mb",
        "verbose",
        "help",
        "version",
    }
)


@dataclass(frozen=True)
class _Registry:
    declarations: dict[str, Declaration]  # in build order
    options: dict[str, tuple[Option, tuple[str, ...]]]  # each option, with the formats that read it
    plugins: dict[str, str]  # a format from another package: the module that declares it
    problems: tuple[str, ...]  # entry points left out, and why


def _builtin() -> list[tuple[str, Declaration]]:
    """(declaring module, declaration) of each package here (`outputs.bundled`, the same list
    the bank checks `outputs:` against); a plain module is a helper."""
    found = []
    for name in sorted(outputs.bundled()):
        module = f"{__name__}.{name}"
        declared = importlib.import_module(module).DECLARATION
        if declared.name != name:
            raise ValueError(f"{module} declares the format {declared.name!r}: name it {name!r}")
        found.append((module, declared))
    return found


def _entry_points():
    from importlib.metadata import entry_points

    return entry_points(group=ENTRY_POINT_GROUP)


def _plugins(problems: list[str]) -> list[tuple[str, Declaration]]:
    found = []
    for entry in sorted(_entry_points(), key=lambda e: e.name):
        where = f"format {entry.name!r} ({entry.value}, entry point group {ENTRY_POINT_GROUP})"
        try:
            declared = entry.load()
        except Exception as error:  # another package's bug must not stop quizgen
            problems.append(f"{where} is left out: {error!r}")
            continue
        if not isinstance(declared, Declaration):
            problems.append(
                f"{where} is left out: it names a {type(declared).__name__}, not a quizgen.formats.Declaration"
            )
            continue
        found.append((entry.module, declared))
    return found


def _checked(module: str, declared: Declaration, registry: dict, options: dict) -> str | None:
    """Why this declaration cannot join the others, or None (a built-in's problem is a bug)."""
    if declared.name in registry:
        return f"format {declared.name!r} from {module} is left out: quizgen already has a format of that name"
    for option in declared.options:
        known = options.get(option.name)
        if option.name in RESERVED or option.cli_flag[2:].replace("-", "_") in RESERVED:
            return f"format {declared.name!r} from {module} is left out: its option {option.cli_flag} is one of quizgen build's own"
        if known is not None and known[0] != option:
            return (
                f"format {declared.name!r} from {module} is left out: its option {option.cli_flag} differs "
                f"from the one {', '.join(known[1])} read{'s' if len(known[1]) == 1 else ''} "
                "(an option several formats read is declared once: quizgen.formats.options)"
            )
        flags = {o.cli_flag: name for name, (o, _) in options.items()}
        if flags.get(option.cli_flag, option.name) != option.name:
            return f"format {declared.name!r} from {module} is left out: its flag {option.cli_flag} is taken"
    return None


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    problems: list[str] = []
    found = [(module, declared, True) for module, declared in _builtin()]
    found += [(module, declared, False) for module, declared in _plugins(problems)]
    declarations: dict[str, Declaration] = {}
    options: dict[str, tuple[Option, tuple[str, ...]]] = {}
    plugins: dict[str, str] = {}
    for module, declared, is_builtin in sorted(found, key=lambda f: (not f[2], f[1].order, f[1].name)):
        problem = _checked(module, declared, declarations, options)
        if problem is not None:
            if is_builtin:
                raise ValueError(problem)
            problems.append(problem)
            continue
        declarations[declared.name] = replace(declared, builder=declared.builder or f"{module}.format:FORMAT")
        if not is_builtin:
            plugins[declared.name] = module
        for option in declared.options:
            users = options.get(option.name, (option, ()))[1]
            options[option.name] = (option, (*users, declared.name))
    ordered = dict(sorted(declarations.items(), key=lambda item: (item[1].order, item[0])))
    return _Registry(ordered, options, plugins, tuple(problems))


def refresh() -> None:
    """Read the declarations again (after a package was installed, or in tests)."""
    _registry.cache_clear()


def names() -> list[str]:
    """Every format there is, in build order (cheap first), without importing their build code."""
    return list(_registry().declarations)


def declaration(name: str) -> Declaration:
    """The format's declaration; KeyError for a name that is not a format."""
    return _registry().declarations[name]


def defaults() -> list[str]:
    """The formats `quizgen build` makes when no -f is given."""
    return [name for name, declared in _registry().declarations.items() if not declared.opt_in]


def opt_in() -> list[str]:
    """The formats built only when named with -f."""
    return [name for name, declared in _registry().declarations.items() if declared.opt_in]


def declared_options() -> dict[str, Option]:
    """Every option some format reads, by name."""
    return {name: option for name, (option, _) in _registry().options.items()}


def option_users() -> list[tuple[Option, tuple[str, ...]]]:
    """Every option with the formats that read it: those several read first, in build order."""
    every = list(_registry().options.values())
    return [entry for entry in every if len(entry[1]) > 1] + [entry for entry in every if len(entry[1]) == 1]


def problems() -> tuple[str, ...]:
    """Formats from other packages that were left out, and why (for a warning)."""
    return _registry().problems


def plugin_files(name: str) -> list[Path]:
    """The Python files of the package a format from another package comes from (its code is an
    input of its outputs, as quizgen's is); none for quizgen's own formats."""
    module = _registry().plugins.get(name)
    if module is None:
        return []
    top = sys.modules[module.partition(".")[0]]
    paths = getattr(top, "__path__", None)
    if paths:
        return sorted(p for folder in paths for p in Path(folder).rglob("*.py"))
    file = getattr(top, "__file__", None)
    return [Path(file)] if file else []


def load(name: str) -> type[Format]:
    """The format's Format class, its build code imported now. KeyError for an unknown name."""
    declared = declaration(name)
    module_name, _, attribute = declared.builder.partition(":")
    try:
        module = importlib.import_module(module_name)
    except (ImportError, OSError) as error:  # OSError: WeasyPrint without its system libraries
        raise FormatUnavailable(f"the {name} format cannot be used: {error}") from error
    built = getattr(module, attribute, None)
    if not (isinstance(built, type) and issubclass(built, Format) and getattr(built, "name", None) == name):
        raise FormatUnavailable(
            f"the {name} format cannot be used: {declared.builder} is not a quizgen.formats.Format named {name!r}"
        )
    return built
