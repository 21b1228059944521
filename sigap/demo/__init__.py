"""The demo app: demo accounts and sample activity (``seed_demo``), the demo runner (``run_demo``) and
the synthetic data of the scale tests (``generate_data``). The top floor: nothing imports it."""
