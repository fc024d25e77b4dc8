from django.apps import AppConfig


class RuntimeConfig(AppConfig):
    """How the desk runs: the embedded server with its in-process scheduler."""

    name = "omotenashi.runtime"
    label = "runtime"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Configuration checks run with `omotenashi check` and at every start.
        import omotenashi.checks  # noqa: F401
