#!/usr/bin/env python3
"""Sentence segmentation by one peer library, for bench/run.

Usage: peers.py PEER FILE [RUNS]  -> prints "<sentences> <seconds>" for
segmenting FILE's paragraphs (split on blank lines, as communique does) with
PEER, one of pysbd, blingfire, syntok, spacy, sentencex. Only the segmentation
is timed, not the import or the model setup; the seconds are the fastest of
RUNS passes (default 3), as communique's own figure is its fastest run.
"""
import sys
import time


def segmenter(name):
    if name == "pysbd":
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
        return seg.segment
    if name == "blingfire":
        import blingfire

        return lambda text: blingfire.text_to_sentences(text).split("\n")
    if name == "syntok":
        import syntok.segmenter as segmenter

        def run(text):
            return [s for p in segmenter.analyze(text) for s in p]

        return run
    if name == "spacy":
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.max_length = 10**9
        return lambda text: list(nlp(text).sents)
    if name == "sentencex":
        from sentencex import segment

        return lambda text: list(segment("en", text))
    raise SystemExit(f"unknown peer {name}")


def main():
    name, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    text = open(path, encoding="utf-8").read()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    run = segmenter(name)
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        count = sum(len(run(p)) for p in paragraphs)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(count, f"{best:.4f}")


if __name__ == "__main__":
    main()
