"""The read side: what pages show, built by queries that declare what data they depend on and what they audit.

Commands stay in profiling.services (one commit each); a read never commits. See profiling.reads.query.
"""
