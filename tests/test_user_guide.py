"""The user guide quotes only commands that exist, and shows only pictures the script makes.

Every ``multitrack …`` line in a ```sh block of ``docs/user-guide/*.md`` is parsed by the
real typer app (unknown commands, flags, bad choices or missing arguments fail here); every
image the guide links to exists; every picture comes from ``screenshots.py`` and every
command that script runs is quoted in the guide, so text and pictures cannot drift apart.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shlex
import sys
from pathlib import Path

import pytest
import typer.main
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multitrack.cli.app import build

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "user-guide"
PAGES = sorted(GUIDE.glob("*.md"))
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def _screenshots():
    spec = importlib.util.spec_from_file_location("guide_screenshots", GUIDE / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SCREENSHOTS = _screenshots()


def sh_lines(text: str) -> list[str]:
    """The command lines of a page's ```sh blocks, continuation lines joined."""
    lines: list[str] = []
    for block in SH_BLOCK.findall(text):
        lines.extend(block.replace("\\\n", " ").splitlines())
    return [line.strip() for line in lines if line.strip()]


def quoted() -> list[tuple[str, str]]:
    return [
        (page.name, line)
        for page in PAGES
        for line in sh_lines(page.read_text(encoding="utf-8"))
        if line.startswith("multitrack ")
    ]


@functools.cache
def app_command():
    """The click command behind ``multitrack``, built once."""
    return typer.main.get_command(build())


def parse(line: str) -> None:
    """Parse a command line with the real app, as the shell would split it; never run it."""
    args = shell_words(line)[1:]
    command = app_command()
    name = "multitrack"
    while getattr(command, "commands", None) and args and args[0] in command.commands:
        name, command, args = args[0], command.commands[args[0]], args[1:]
    if args == ["--help"]:
        return
    assert not getattr(command, "commands", None), f"{line!r} names no command"
    command.make_context(name, args)


def shell_words(line: str) -> list[str]:
    """The words of a shell line up to its first redirection, pipe or list operator."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words: list[str] = []
    for word in lexer:
        if word and set(word) <= set("<>|&;"):
            break
        words.append(word)
    return words


def test_the_guide_has_pages_and_commands() -> None:
    assert (GUIDE / "index.md") in PAGES and len(PAGES) > 5
    assert len(quoted()) > 20


@pytest.mark.parametrize(("page", "line"), quoted(), ids=[f"{p}: {c}" for p, c in quoted()])
def test_every_quoted_command_parses(page: str, line: str) -> None:
    parse(line)


@pytest.mark.parametrize(
    "line",
    [
        "multitrack lint starter --no-such-flag",
        "multitrack no-such-command",
        "multitrack paths starter --from specialist/B3",  # --to is required
        "multitrack lint starter --format html",  # not a choice
        "multitrack analyze",  # a group, not a command
        "multitrack lint starter --nope > out.txt",  # the redirection is not the flag's excuse
    ],
)
def test_the_check_catches_what_does_not_exist(line: str) -> None:
    with pytest.raises(BaseException):  # typer's UsageError, or the assert above  # noqa: B017
        parse(line)


def _dangling(pattern: re.Pattern[str]) -> list[str]:
    """Targets of ``pattern`` on any page that are not files beside the page."""
    return [
        f"{page.name}: {target}"
        for page in PAGES
        for target in pattern.findall(page.read_text(encoding="utf-8"))
        if not (page.parent / target).is_file()
    ]


def test_every_linked_image_exists() -> None:
    assert not _dangling(IMAGE)


def test_every_page_is_in_the_index_and_every_link_resolves() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    linked = set(LINK.findall(index))
    assert {p.name for p in PAGES} - {"index.md"} <= linked
    assert not _dangling(LINK)


def test_pictures_and_commands_match_the_script() -> None:
    steps = SCREENSHOTS.STEPS
    shots = {s.shot for s in steps if s.shot}
    made = {p.stem for p in (GUIDE / "img").glob("*.svg")}
    assert made == shots, "every picture is made by screenshots.py, and committed"
    text = "\n".join(p.read_text(encoding="utf-8") for p in PAGES)
    images = set(IMAGE.findall(text))
    assert {f"img/{s}.svg" for s in shots} <= images, "every picture is shown somewhere"
    lines = {line for page in PAGES for line in sh_lines(page.read_text(encoding="utf-8"))}
    commands = [s.command for s in steps if isinstance(s, SCREENSHOTS.Step)]
    for command in commands:
        first = command.splitlines()[0]
        assert first in lines, f"the guide does not quote {first!r}"


def _ansi_tables() -> str:
    console = Console(
        width=SCREENSHOTS.WIDTH, force_terminal=True, color_system="truecolor", record=True
    )
    with console.capture() as capture:
        console.print("[bold]Report title[/]")
        for title, n in (("First table", 4), ("Second table", 2)):
            table = Table(title=title, title_justify="left")
            table.add_column("key")
            table.add_column("value")
            for i in range(n):
                table.add_row(f"k{i}", "a long value " * (i % 2 * 9 + 1))
            console.print(table)
            console.print(f"[dim]note of {title}[/]")
        console.print("[yellow]warning:[/] last line")
        console.print("Route 1: " + "a → b → " * 14 + "end")  # wraps onto a second line
        console.print("after the route")
    return capture.get()


def test_crop_keeps_chosen_tables_their_notes_and_a_row_limit() -> None:
    step = SCREENSHOTS.Step("x", "x", keep=("Report", ("First", 2)))
    lines = [line.plain for line in SCREENSHOTS.crop(_ansi_tables(), step)]
    assert lines[0] == "Report title"
    assert lines[1].strip() == "First table"
    body = [line for line in lines if line.startswith("│")]
    assert [b.split("│")[1].strip() for b in body if b.split("│")[1].strip()] == ["k0", "k1"]
    assert "… 2 more row(s) not shown here" in lines
    assert "note of First table" in lines
    assert not any("Second" in line or "warning" in line for line in lines)


def test_crop_limits_lines_and_says_so() -> None:
    step = SCREENSHOTS.Step("x", "x", lines=3)
    lines = SCREENSHOTS.crop(_ansi_tables(), step)
    assert len(lines) == 4 and lines[-1].plain.startswith("… ")
    assert isinstance(lines[0], Text)


def test_crop_keeps_a_wrapped_line_whole() -> None:
    step = SCREENSHOTS.Step("x", "x", keep=("Route",))
    lines = [line.plain for line in SCREENSHOTS.crop(_ansi_tables(), step)]
    assert len(lines) == 2 and lines[0].startswith("Route 1") and lines[1].rstrip().endswith("end")
