"""The embedded (file-system) broker hands tasks to the worker promptly."""

from __future__ import annotations

import pytest
from django.conf import settings
from kombu import Connection

from tests.threads import in_background


def test_the_file_system_broker_is_polled_ten_times_a_second():
    """kombu's default of one poll a second held each webhook chained behind another for up to a
    second: a backlog of 39 messages took 39 s to reach a receiver in the demo."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("only the file-system broker is polled")
    with Connection(
        settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    ) as conn:
        assert conn.transport.polling_interval == pytest.approx(0.1)


def _publisher_and_reader(tmp_path, transport):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    return (
        Connection("filesystem://", transport=transport, transport_options=options),
        Connection("filesystem://", transport=transport, transport_options=options),
    )


def test_celery_publishes_through_the_atomic_file_system_transport():
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("only the file-system broker")
    from config.celery import app
    from config.kombu_fs import Transport

    with app.connection_for_write() as conn:
        assert isinstance(conn.transport, Transport)
    with app.connection_for_read() as conn:
        assert isinstance(conn.transport, Transport)


def test_a_reader_never_takes_a_message_that_is_still_being_written(tmp_path, monkeypatch):
    """The worker crashed in the demo (JSONDecodeError in the consumer loop, Celery's
    "Unrecoverable error") when it polled while the web process was writing a message: kombu's
    transport creates the file under its final name first. Here the write is paused half-way and
    a reader polls the folder meanwhile: it finds nothing, then the whole message."""
    import builtins
    import functools
    import threading
    from queue import Empty

    publisher, reader = _publisher_and_reader(tmp_path, "config.kombu_fs:Transport")
    in_write, release = threading.Event(), threading.Event()
    real_open = builtins.open

    class PausingFile:
        def __init__(self, f):
            self._f = f

        def write(self, data):
            self._f.write(data[:10])
            self._f.flush()
            in_write.set()
            release.wait(5)
            return self._f.write(data[10:]) + 10

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._f.close()

    def pausing_open(path, mode="r", *args, **kwargs):
        f = real_open(path, mode, *args, **kwargs)
        return PausingFile(f) if "w" in mode and str(tmp_path) in str(path) else f

    monkeypatch.setattr(builtins, "open", pausing_open)
    with publisher, reader:
        put = functools.partial(publisher.channel()._put, "q", {"body": "x" * 1000})
        with in_background(put, name="publisher", release=release, timeout=5):
            assert in_write.wait(5)
            with pytest.raises(Empty):
                reader.channel()._get("q")
        assert reader.channel()._get("q") == {"body": "x" * 1000}
    assert not list(tmp_path.iterdir())
