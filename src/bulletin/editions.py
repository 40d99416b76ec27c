"""An edition among its languages: where each is, and the links between them.

The main language's edition of a period is in OUT/newsletter/P/, another
language's in OUT/newsletter/P/LANG/ (the same files); each page names the
others with `<link rel="alternate" hreflang>`, so a reader or a search engine
finds the edition in their language. The archive does the same, one per language.
"""

from __future__ import annotations

from .languages import languages_of, main_language


def edition_url(main_url: str | None, language: str | None) -> str | None:
    """The web address of the edition in `language` (None: the main one), from the main's."""
    return f"{main_url}{language}/" if main_url and language else main_url


def alternates(project, language: str | None, url: str | None = None) -> list[dict]:
    """The edition in every language, as `<link rel="alternate">` names them from the one in
    `language` (None: the main one) whose address is `url` (None: links are relative).
    None when the office has one language: its pages are as they always were."""
    codes = languages_of(project)
    if len(codes) < 2:
        return []
    main = main_language(project)
    if url:
        base = url.removesuffix(f"{language}/") if language else url
        return [{"lang": c, "href": base if c == main else f"{base}{c}/"} for c in codes]
    up = "../" if language else ""
    return [{"lang": c, "href": f"{up}index.html" if c == main else f"{up}{c}/index.html"}
            for c in codes]


def translation_inputs(project, stories, language: str | None, hasher) -> dict[str, str]:
    """The translation into `language` of each of `stories`, or that there is none yet
    (when one is added, the edition is made again)."""
    if not language:
        return {}
    inputs = {}
    for story in stories:
        name = f"content/stories/{story.slug}.{language}.md"
        path = project.root / name
        inputs[name] = hasher.file(path) if path.is_file() else "absent"
    return inputs
