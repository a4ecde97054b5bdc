"""Build: a corpus folder in, an output folder out. Runs the stages in order, the per-article
map on one or many processes or a Dask cluster, with a cache, a manifest and atomic outputs."""
