"""Shared helpers for the platform's DAGs: configuration, default args, EMR cluster and step specs."""
