"""`check --consent-report`: for each consent, the outputs already built that show it.

When a person withdraws their consent, the next build leaves their photo out,
but copies already sent or published stay out there: the office must know
which to recall. Each output's manifest (OUT/.manifests/...) records the
consents that let its photos in (consent.fingerprint: `consent:ID:CHANNEL:FILE`),
so this reads what was built, not what would be built now.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .consent import LABELS, Register
from .manifest import MANIFESTS


def shown(out: Path) -> dict[str, dict[str, dict[str, set[str]]]]:
    """consent id -> output folder (relative to `out`) -> photo file -> channels."""
    found: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    base = Path(out) / MANIFESTS
    for path in sorted(base.rglob("manifest.json")):
        try:
            inputs = json.loads(path.read_text(encoding="utf-8")).get("inputs", {})
        except (OSError, ValueError, AttributeError):
            continue  # damaged, or another version's: the next build writes it again
        output = path.parent.relative_to(base).as_posix()
        for key in inputs:
            parts = key.split(":", 3)
            if len(parts) == 4 and parts[0] == "consent":
                _, number, channel, file = parts
                found[number][output][file].add(channel)
    return found


def report(register: Register | None, out: Path) -> list[str]:
    """The lines `check --consent-report` prints."""
    found = shown(out)
    consents = register.consents if register else {}
    lines = []
    for number in sorted(set(consents) | set(found)):
        consent = consents.get(number)
        state = "not in the register" if consent is None else \
            f"{consent.person}, withdrawn on {consent.withdrawn}" if consent.withdrawn else \
            f"{consent.person}, expires {consent.expires}" if consent.expires else consent.person
        outputs = found.get(number, {})
        count = f"1 output built shows it" if len(outputs) == 1 else \
            f"{len(outputs)} outputs built show it" if outputs else "no output built shows it"
        lines.append(f"{number} ({state}): {count}")
        for output, photos in sorted(outputs.items()):
            for file, channels in sorted(photos.items()):
                where = ", ".join(LABELS[c] for c in LABELS if c in channels)
                lines.append(f"  {output}: {file} ({where})")
    return lines
