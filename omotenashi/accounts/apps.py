from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "omotenashi.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Configuration checks run with `omotenashi check` and at every start.
        import omotenashi.checks  # noqa: F401
