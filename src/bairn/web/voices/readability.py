"""Flesch reading ease, in-house (no dependency): 206.835 - 1.015 words/sentence - 84.6
syllables/word. 90-100 is easy for an 11-year-old; 80-90 "easy" (about a reading age of 8-9 in
UK terms when sentences are short). Syllables are counted by vowel groups with the usual English
corrections (silent final e, -le, -ed); a number counts as one word of one syllable."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    w = word.lower().replace("’", "'")
    if w.isdigit():
        return 1
    w = re.sub(r"'[a-z]*$", "", w)  # don't, it's, child's
    if len(w) <= 3:
        return 1
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent e: "safe", "name"
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "helped", "listened"
    if w.endswith("es") and not w.endswith(("ses", "zes", "ces", "ges")) and count > 1:
        count -= 1  # "times"
    return max(1, count)


def flesch_reading_ease(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 100.0
    sentences = max(1, len([s for s in _SENTENCE.split(text.strip()) if _WORD.search(s)]))
    syll = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syll / len(words))
