"""`tqa corpus`: audit a whole archive or translation memory in resumable shards.

inputs.py plans the shards (JSON Lines, Parquet, a directory tree); work.py audits one shard
(the same code for every executor); executors.py runs shards locally or on Ray; run.py writes
them exactly once and the summary; summary.py renders it. See docs/scale.md.
"""
