"""Search text: Chinese segmented with jieba, English normalised, industry aliases joined across languages.

Both the stored documents and the queries go through here, so that they meet on the same tokens:

* NFKC and lower case, so that full-width "ＢＭＳ" is "bms";
* English words lightly stemmed ("batteries" -> "battery") and stop words dropped;
* Chinese runs cut by jieba in search mode, with an industry dictionary, plus every character bigram,
  so that "电池" finds "动力电池包" whatever jieba made of it;
* every alias group of `seeds/aliases.json` that a text mentions adds the token `syn<key>`, so that
  "battery management" finds "BMS 电池管理系统" and "激光雷达" finds "LiDAR".

Tokens are only [a-z0-9] runs and CJK runs, joined by spaces, which PostgreSQL's "simple"
configuration keeps whole (one lexeme per token) and SQLite matches with LIKE.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jieba

ALIASES_FILE = Path(__file__).resolve().parents[2] / "seeds" / "aliases.json"
SYNONYM_PREFIX = "syn"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[a-z0-9]+|[{_CJK}]+")
CJK_RE = re.compile(rf"^[{_CJK}]+$")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "to",
        "we",
        "with",
        "per",
        "的",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "对",
        "为",
    ]
)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def stem(word: str) -> str:
    """A light English stemmer for plurals, enough for product words ("batteries", "harnesses")."""
    if not word.isascii() or len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_cjk(token: str) -> bool:
    return bool(CJK_RE.match(token))


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _stream(text: str) -> list[str]:
    """The text as a list of tokens: stemmed English words and whole CJK runs."""
    return [tok if is_cjk(tok) else stem(tok) for tok in TOKEN_RE.findall(normalize(text))]


# ---------------------------------------------------------------------------------------------------
# Aliases


@dataclass(frozen=True)
class _Alias:
    key: str
    pattern: re.Pattern[str]
    length: int
    # A two-character Chinese term counts only where jieba cuts it as a word, so that "车机" (head
    # unit) is not found in "驻车机构" (parking mechanism).
    whole_word: str = ""


@cache
def _aliases() -> tuple[_Alias, ...]:
    groups = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))["groups"]
    aliases = []
    for group in groups:
        for term in group["terms"]:
            tokens = _stream(term)
            if not tokens:
                continue
            phrase = " ".join(tokens)
            # English edges must fall on a token boundary ("cell" is not in "cellular"); Chinese edges
            # need not, since Chinese is written without spaces.
            left = "" if is_cjk(tokens[0]) else r"(?:(?<= )|^)"
            right = "" if is_cjk(tokens[-1]) else r"(?= |$)"
            whole_word = phrase if is_cjk(phrase) and len(phrase) == 2 else ""
            pattern = re.compile(left + re.escape(phrase) + right)
            aliases.append(_Alias(group["key"], pattern, len(phrase), whole_word))
    return tuple(sorted(aliases, key=lambda a: -a.length))


def alias_keys() -> frozenset[str]:
    return frozenset(a.key for a in _aliases())


def _alias_spans(joined: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """Where alias terms occur in the token stream; `words` are the jieba words of its Chinese runs."""
    return [
        (m.start(), m.end(), a.key)
        for a in _aliases()
        if not a.whole_word or a.whole_word in words
        for m in a.pattern.finditer(joined)
    ]


# ---------------------------------------------------------------------------------------------------
# Chinese segmentation


@cache
def _segmenter() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    # The longer Chinese alias terms are the industry dictionary, so jieba keeps "激光雷达" and "电池包"
    # whole. Two-character ones are left to jieba's own dictionary: forcing them would cut "驻车机构"
    # as 驻/车机/构.
    for alias in _aliases():
        word = alias.pattern.pattern.replace("\\", "")
        if is_cjk(word) and len(word) > 2:
            tokenizer.add_word(word, freq=20000)
    return tokenizer


def _cut(run: str, *, for_search: bool) -> list[str]:
    cut = _segmenter().cut_for_search if for_search else _segmenter().lcut
    return [word for word in cut(run) if word.strip() and word not in STOPWORDS]


# ---------------------------------------------------------------------------------------------------
# Documents


@lru_cache(maxsize=20000)
def document_tokens(text: str) -> tuple[str, ...]:
    """The distinct tokens a stored text is found by, in order of first appearance."""
    stream = _stream(text)
    tokens: list[str] = []
    words: set[str] = set()
    for token in stream:
        if is_cjk(token):
            cut = _cut(token, for_search=True)
            words.update(cut)
            tokens.extend(cut)
            tokens.extend(bigrams(token))
        elif token not in STOPWORDS:
            tokens.append(token)
    spans = _alias_spans(" ".join(stream), frozenset(words))
    tokens.extend(SYNONYM_PREFIX + key for _start, _end, key in spans)
    return tuple(dict.fromkeys(tokens))


def document(texts: Iterable[str]) -> str:
    """A stored search field: the tokens of the texts, space-separated, padded for LIKE matching."""
    tokens: dict[str, None] = {}
    for text in texts:
        if text:
            tokens.update(dict.fromkeys(document_tokens(text)))
    return f" {' '.join(tokens)} " if tokens else ""


# ---------------------------------------------------------------------------------------------------
# Queries


@dataclass(frozen=True)
class Lexeme:
    text: str
    prefix: bool = False


# A query is a conjunction of terms; a term is a disjunction of alternatives; an alternative is a
# conjunction of lexemes: "电池包 800V" -> [[[synbatterypack], [电池, 池包]], [[synhv800], [800v]]].
Alternative = tuple[Lexeme, ...]
Term = tuple[Alternative, ...]


def _word_term(word: str) -> Term | None:
    if word in STOPWORDS:
        return None
    if is_cjk(word):
        if len(word) == 1:
            return ((Lexeme(word, prefix=True),),)
        if len(word) == 2:
            return ((Lexeme(word),),)
        return ((Lexeme(word),), tuple(Lexeme(b) for b in bigrams(word)))
    return ((Lexeme(word),),)


def _phrase_alternative(phrase: str) -> Alternative:
    lexemes: list[Lexeme] = []
    for token in phrase.split():
        lexemes.extend(Lexeme(b) for b in (bigrams(token) if is_cjk(token) and len(token) > 2 else [token]))
    return tuple(lexemes)


def query_terms(text: str) -> list[Term]:
    """Parse a search box text into terms that must all match; an alias phrase is one term."""
    joined = " ".join(_stream(text))
    chosen: list[tuple[int, int, str]] = []
    # Longest alias phrases first; an overlapping shorter one is part of the longer and is dropped.
    cut = frozenset(w for token in joined.split() if is_cjk(token) for w in _cut(token, for_search=True))
    for start, end, key in sorted(_alias_spans(joined, cut), key=lambda s: (s[0] - s[1], s[0])):
        if all(end <= s or start >= e for s, e, _k in chosen):
            chosen.append((start, end, key))
    terms: list[Term] = []
    position = 0
    for start, end, key in [*sorted(chosen), (len(joined), len(joined), "")]:
        for token in joined[position:start].split():
            words = _cut(token, for_search=False) if is_cjk(token) else [token]
            terms.extend(term for term in map(_word_term, words) if term)
        if key:
            terms.append(((Lexeme(SYNONYM_PREFIX + key),), _phrase_alternative(joined[start:end])))
        position = end
    return list(dict.fromkeys(terms))


def tsquery(terms: list[Term]) -> str:
    """The terms as a PostgreSQL tsquery string (for to_tsquery('simple', ...))."""

    def lexeme(lex: Lexeme) -> str:
        return f"'{lex.text}'" + (":*" if lex.prefix else "")

    return " & ".join(
        "(" + " | ".join("(" + " & ".join(map(lexeme, alt)) + ")" for alt in term) + ")" for term in terms
    )


def detect_language(text: str) -> str:
    """'zh', 'en' or 'mixed', by the share of Chinese characters (each weighed as two letters)."""
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk + latin == 0:
        return "zh"
    share = 2 * cjk / (2 * cjk + latin)
    return "zh" if share >= 0.8 else "en" if share <= 0.2 else "mixed"
