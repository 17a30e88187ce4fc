"""Reading what a child process wrote to a pseudo-terminal (the standard `pty` module)."""
from __future__ import annotations

import os
import select


def read_terminal(leader: int, seconds: float) -> str:
    """Everything written to the terminal whose leader end is `leader`, until the child closes it (or
    `seconds` pass with nothing written); closes `leader`. Line ends come back as "\\n"."""
    received = b""
    while select.select([leader], [], [], seconds)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    return received.decode().replace("\r\n", "\n")
