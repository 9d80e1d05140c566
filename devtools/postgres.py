"""A throwaway PostgreSQL cluster on loopback for the tests and benchmarks: initdb into a temporary
directory, pg_ctl start on a free port, password authentication over TCP (so a wrong password is a
real refusal), one database per `database()` call; stop() removes it all. PostgreSQL refuses to run
as root, so as root (CI) initdb and pg_ctl run as the `postgres` user (runuser) in a directory it
owns. Debian's `postgresql` package provides the binaries (`make test` installs it when missing).
Any failure to start is an error (never a skip): the store tests need the cluster.

    python -m devtools.postgres   # starts one and prints its URL until Enter is pressed
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "adoption"


def bin_dir() -> Path:
    """The newest installed server's binaries (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); apt-get install postgresql")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    directory: Path
    port: int
    password: str
    as_user: list[str]  # the command prefix that runs a server binary (runuser as root)

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        return f"postgresql://{USER}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def database(self, name: str | None = None) -> str:
        """A new empty database; its URL."""
        import adbc_driver_postgresql.dbapi as dbapi

        name = name or f"store_{secrets.token_hex(6)}"
        with dbapi.connect(self.url(), autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(bin_dir() / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def start(durable: bool = False) -> Cluster:
    """A running cluster; `durable` keeps fsync on (benchmarks), else it is off (tests)."""
    directory = Path(tempfile.mkdtemp(prefix="adoption-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    password = secrets.token_urlsafe(12)
    password_file = directory / "password"
    password_file.write_text(password + "\n")
    if as_user:
        os.chown(password_file, owner.pw_uid, owner.pw_gid)
    bins = bin_dir()
    _run(
        [
            *as_user,
            str(bins / "initdb"),
            "-D",
            str(directory / "data"),
            "-U",
            USER,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        "initdb",
    )
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={directory} -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run(
        [
            *as_user,
            str(bins / "pg_ctl"),
            "-D",
            str(directory / "data"),
            "-l",
            str(directory / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        "pg_ctl start",
    )
    return Cluster(directory, port, password, as_user)


if __name__ == "__main__":
    cluster = start()
    try:
        print(cluster.database("adoption"), flush=True)
        input("PostgreSQL is running; press Enter to stop it and remove its files.\n")
    finally:
        cluster.stop()
