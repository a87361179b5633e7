"""`invoke check` for hooks and CI: `python3 scripts/check.py [--content content] [--lang fr]
[FILE ...]` reports the problems of the whole site, or only those of the FILEs named (what the
pre-commit hook passes: the files a commit changes). Exit 1 when an error is left."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from griot.preview.check import main  # noqa: E402


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--lang", help="language of the messages: fr or en")
    parser.add_argument("files", nargs="*", help="only report these files")
    args = parser.parse_args(argv)
    files = [f for f in args.files if Path(f).resolve().is_relative_to(
        Path(args.content).resolve())]
    if args.files and not files:
        return 0  # nothing in the content folder changed
    return main(str(ROOT / "pelicanconf.py"), args.content, args.lang, files)


if __name__ == "__main__":
    sys.exit(run())
