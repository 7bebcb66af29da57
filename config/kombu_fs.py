"""kombu's file-system transport with atomic publishing (the demo's and the default broker).

kombu's own `_put` creates the message file under its final `….msg` name and then writes it,
while `_get` lists the folder, moves the first file and reads it without the writer's lock. A
worker that polls (`polling_interval` 0.1 s) while the web process publishes can thus take a
file that is still empty or half written: `json.loads` fails in the consumer loop, which Celery
treats as unrecoverable, so the worker exits and `make run` (honcho) stops web and beat with it.
Here the message is written under a temporary name that `_get` never takes (it only takes
`<stamp>_<uuid>.<queue>.msg`) and renamed into place once complete: a rename within one folder
is atomic, so a reader sees the whole message or none of it.

`register()` (called by `config.celery`) makes `filesystem://` name this transport, so every
publisher and the worker use it while the broker URL keeps its documented value, and any other
URL (`redis://…`) keeps its own transport.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    # kombu's filesystem.Channel names the second parameter `payload`, its base `message`.
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # A leading dot: `_get` compares what follows the first dot with "<queue>.msg".
        partial = os.path.join(self.data_folder_out, f".{name}.part")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def register() -> None:
    TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
