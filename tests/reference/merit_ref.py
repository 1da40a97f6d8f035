#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# merit - command-line entry of the independent reference evaluator
"""Usage: merit_ref.py SCHEME.merit ROSTER.csv [--param NAME=VALUE]... [--lenient] [--values]

Evaluates a merit scheme over a CSV roster straight from the language contract and prints
the results as JSON (the contract's section 8 shape). Standard library only.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from merit_ref.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
