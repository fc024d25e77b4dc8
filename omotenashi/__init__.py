"""Omotenashi: an open-source service desk that serves like a Japanese host."""

from omotenashi.celery import app as celery_app

__all__ = ["celery_app"]
