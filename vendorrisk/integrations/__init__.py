"""vendorrisk inside other tools: the pre-commit hook and its decisions, and Spark.

Each integration calls the screening pipeline; none has a screening path of its own.
"""
