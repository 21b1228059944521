"""Scale tooling: the synthetic data generator (``manage.py generate_data``) and the benchmark (``make bench``).

Nothing here is imported by the product at run time; see docs/performance.md.
"""
