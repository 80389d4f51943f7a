"""The command modules of `journeymap`, one per room of the data flow.

Each module has a `register(subparsers)` that adds its commands; heavy imports happen inside the
command functions so that `journeymap --help` stays fast.
"""

from journeymap.commands import connectors, demo, feedback, maps, mining, samples, workspace

MODULES = (samples, connectors, mining, feedback, maps, demo, workspace)
