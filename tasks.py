"""Griot's tasks (invoke). `invoke --list` shows them; `invoke --help <task>` explains one.

The names are the ones pelican-quickstart gives, plus test, lint, i18n-* and bench.
"""

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

PREVIEW = str(ROOT / "pelicanconf.py")
PUBLISH = str(ROOT / "publishconf.py")
OUTPUT = ROOT / "output"
TRANSLATIONS = ROOT / "themes" / "griot" / "translations"
POT = TRANSLATIONS / "messages.pot"
PY = sys.executable
CONTENT_HELP = "content folder (default: content/)"
LANG_HELP = "language of the messages: fr or en (default: $LANG, else French)"


def _compile_catalogs(c):
    c.run(f"{PY} -m babel.messages.frontend compile -d {TRANSLATIONS} --statistics", hide=True)


def _build(c, settings_file, output=None, content=None, cache=None):
    from griot.core.errors import GriotError
    from griot.preview.cli import build as run_build

    _compile_catalogs(c)
    overrides = {"OUTPUT_PATH": str(Path(output).resolve())} if output else {}
    if content:  # a content repository beside Griot (examples/content-repo/)
        overrides["PATH"] = str(Path(content).resolve())
    if cache:
        overrides["CACHE_PATH"] = str(Path(cache).resolve())
    try:
        seconds = run_build(settings_file, overrides)
    except GriotError as exc:
        print(exc, file=sys.stderr)
        raise Exit("build failed; the previous output folder is untouched", code=1) from None
    print(f"built in {seconds:.2f} s")


BUILD_HELP = {"output": "output folder (default: output/)", "content": CONTENT_HELP,
              "cache": "cache folder (default: cache/)"}


@task(help=BUILD_HELP)
def build(c, output=None, content=None, cache=None):
    """Build the local preview (drafts and scheduled articles visible) into output/."""
    _build(c, PREVIEW, output, content, cache)


@task
def clean(c):
    """Remove the output folder and build caches."""
    for path in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(path, ignore_errors=True)


@task(pre=[clean])
def rebuild(c):
    """Clean, then build the local preview."""
    _build(c, PREVIEW)


@task
def regenerate(c):
    """Build the preview and rebuild on every change (no server: see livereload)."""
    from griot.preview.cli import main

    _compile_catalogs(c)
    raise Exit(code=main(["livereload", "--settings", PREVIEW, "--no-serve"]))


@task(help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)"})
def serve(c, port=8000, bind="127.0.0.1"):
    """Serve output/ at http://127.0.0.1:8000/ (build first)."""
    from griot.preview.cli import main

    raise Exit(code=main(["serve", "--output", str(OUTPUT), "--port", str(port), "--bind", bind]))


@task(help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)"})
def reserve(c, port=8000, bind="127.0.0.1"):
    """Build the preview, then serve it."""
    build(c)
    serve(c, port=port, bind=bind)


@task(help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)"})
def livereload(c, port=8000, bind="127.0.0.1"):
    """Editors' preview: build, serve, rebuild on save; open pages reload themselves."""
    from griot.preview.cli import main

    _compile_catalogs(c)
    raise Exit(code=main(["livereload", "--settings", PREVIEW, "--port", str(port),
                          "--bind", bind]))


@task(help=BUILD_HELP)
def preview(c, output=None, content=None, cache=None):
    """Build with the production settings (publishconf.py) to check what will be published."""
    _build(c, PUBLISH, output, content, cache)


@task(help={"target": "rsync destination (default: $GRIOT_RSYNC_TARGET)",
            "lang": LANG_HELP})
def publish(c, target=None, lang=None):
    """Check tools, settings and content, build for production, then upload with rsync."""
    from griot.core.problems import line_in, localize, message_language
    from griot.preview.check import main as check_content
    from griot.preview.publish import announce, preflight

    lang = message_language(lang)
    plan, problems = preflight(target, os.environ)
    for problem in problems:
        print(line_in(problem, lang), file=sys.stderr)
    if plan is None:
        raise Exit("publish: nothing was built or uploaded", code=1)
    print(localize(announce(plan, "output"), lang))
    if check_content(PUBLISH, "content", lang):
        raise Exit("publish: fix the errors above first; nothing was built or uploaded", code=1)
    _build(c, PUBLISH)
    c.run(f"rsync -rlpt --checksum --delete --human-readable {OUTPUT}/ {plan.target}",
          pty=False)


@task(help={"k": "only tests matching this expression", "browser": "include browser tests"})
def test(c, k=None, browser=True):
    """Run the whole test suite (unit, integration, browser) as CI does."""
    _compile_catalogs(c)
    args = ["-q", "-n", "auto" if (os.cpu_count() or 1) > 1 else "0"]
    if k:
        args += ["-k", k]
    if not browser:
        args += ["-m", "not browser"]
    c.run(f"{PY} -m pytest {' '.join(args)}", pty=False)


@task
def lint(c):
    """Check code style with ruff."""
    c.run(f"{PY} -m ruff check plugins tests tasks.py bench pelicanconf.py publishconf.py")


@task(name="i18n-extract")
def i18n_extract(c):
    """Collect the theme's UI strings into messages.pot."""
    c.run(f"{PY} -m babel.messages.frontend extract -F {ROOT / 'babel.cfg'} -o {POT} "
          f"-k translate:2 --no-location --sort-output {ROOT}", hide="out")


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c):
    """Merge new UI strings into every language's .po catalog."""
    c.run(f"{PY} -m babel.messages.frontend update -i {POT} -d {TRANSLATIONS} "
          "--no-fuzzy-matching --ignore-obsolete", hide="out")


@task(name="i18n-init", pre=[i18n_extract], help={"lang": "language code, e.g. bm"})
def i18n_init(c, lang):
    """Start the UI catalog of a new language (then add it to GRIOT_LANGUAGES)."""
    c.run(f"{PY} -m babel.messages.frontend init -i {POT} -d {TRANSLATIONS} -l {lang}")


@task(name="i18n-messages")
def i18n_messages(c):
    """Collect the messages to bloggers (`T("...")` in plugins/griot) into the `griot` domain
    and merge them into plugins/griot/locale/<lang>/LC_MESSAGES/griot.po (translate the new
    ones: a test fails while a French translation is missing)."""
    locale = ROOT / "plugins" / "griot" / "locale"
    c.run(f"{PY} -m babel.messages.frontend extract --no-default-keywords -k T "
          f"-o {locale / 'griot.pot'} --no-location --sort-output --omit-header --no-wrap "
          f"{ROOT / 'plugins' / 'griot'}", hide="both")
    c.run(f"{PY} -m babel.messages.frontend update -D griot -i {locale / 'griot.pot'} "
          f"-d {locale} --no-fuzzy-matching --ignore-obsolete --no-wrap", hide="out")


@task(name="i18n-compile")
def i18n_compile(c):
    """Compile .po catalogs to .mo (builds do it for you)."""
    _compile_catalogs(c)


@task(help={"pairs": "corpus sizes, comma-separated (default 250,1000,3000)",
            "tools": "griot,pelican-i18n,pelican-plain,hugo"})
def bench(c, pairs="250,1000,3000", tools="griot,pelican-i18n,pelican-plain,hugo"):
    """Benchmark Griot against Pelican + i18n_subsites and Hugo on a generated corpus."""
    sizes = " ".join(pairs.split(","))
    c.run(f"{PY} -m bench.run --pairs {sizes} --tools {tools}", pty=False)


@task(name="bench-images",
      help={"generate": "use N synthetic 2400x1800 phone photos instead of content/images",
            "workers": "processes (default: every core)"})
def bench_images(c, generate=0, workers=0):
    """Images: bytes a 360 px wide phone downloads against the originals; cold and warm build."""
    args = [f"--generate {int(generate)}"] if int(generate) else []
    args += [f"--workers {int(workers)}"] if int(workers) else []
    c.run(f"{PY} -m bench.images {' '.join(args)}".rstrip(), pty=False)


@task(help={"content": CONTENT_HELP, "lang": LANG_HELP})
def check(c, content="content", lang=None):
    """Check every content file as a build would, without building: one line per problem."""
    from griot.preview.check import main

    code = main(PREVIEW, content, lang)
    if code:
        raise Exit(code=code)


@task(help={"title": "the article's title, in quotes", "lang": "its language (default: fr)",
            "with_": "translations to start too, e.g. en", "hashtags": "e.g. MaliSansVBG",
            "region": "region key or name", "author": "author key(s)", "content": CONTENT_HELP})
def new(c, title, lang=None, with_=None, hashtags=None, region=None, author=None,
        content="content"):
    """Start an article (and its translations): files named right, dated now, Status: draft."""
    from griot.preview.content import new as new_article

    code = new_article(PREVIEW, title, lang, with_, hashtags, region, author, content)
    if code:
        raise Exit(code=code)


@task(help={"content": CONTENT_HELP, "lang": LANG_HELP})
def status(c, content="content", lang=None):
    """Drafts, scheduled articles, missing and outdated translations, near-miss hashtags."""
    from griot.preview.content import status as content_status

    raise Exit(code=content_status(PREVIEW, content, lang))
