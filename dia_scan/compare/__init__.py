"""Comparison across organisations and over time, and the coordinators who may see it."""
