#!/usr/bin/env python
"""Django's command-line utility; `omotenashi` is the installed equivalent."""

from omotenashi.__main__ import main

if __name__ == "__main__":
    main()
