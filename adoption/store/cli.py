"""`python -m adoption store import|list|remove|copy`: keep exports in the persistent store from the
command line (hooked into adoption.cli by add_store_commands), also while the app runs on the same
store (see adoption.store.connection). The sample workspace is the app's and is not written here;
upload numbers are those of the workspace."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from adoption.export import to_csv
from adoption.model import AdoptionError
from adoption.store import Store, StoreError
from adoption.text_safety import visible

SAMPLE = "sample"  # the bundled sample's workspace (ui.state.SAMPLE): only the app fills it


def store_options(sub: argparse.ArgumentParser) -> None:
    """--store and --workspace of the commands that write to the store (store import/list/remove, contacted, snooze)."""
    sub.add_argument(
        "--store",
        metavar="PATH",
        help="the store: a DuckDB file or a postgresql:// URL (default: $ADOPTION_STORE or data/adoption.duckdb)",
    )
    sub.add_argument("--workspace", metavar="W", default="default", help="the workspace to use (default: default)")


def add_store_commands(commands: argparse._SubParsersAction) -> None:
    store = commands.add_parser("store", help="the persistent history of uploads (DuckDB or PostgreSQL)")
    actions = store.add_subparsers(dest="store_command", required=True)

    importing = actions.add_parser("import", help="store exports (the same file twice changes nothing)")
    importing.add_argument("files", nargs="+", metavar="FILE")
    importing.add_argument("--customer", metavar="NAME", help="the customer of files that name none")
    store_options(importing)
    importing.set_defaults(handler=import_files)
    listing = actions.add_parser("list", help="the stored uploads, as CSV")
    store_options(listing)
    listing.set_defaults(handler=list_uploads)
    removing = actions.add_parser("remove", help="remove one upload and every row it brought")
    removing.add_argument("upload_id", type=int, metavar="ID", help="the upload's number in its workspace (store list)")
    store_options(removing)
    removing.set_defaults(handler=remove_upload)
    copying = actions.add_parser("copy", help="copy a whole store (every workspace) into an empty PostgreSQL store")
    copying.add_argument(
        "--from", dest="source", required=True, metavar="PATH", help="the store to copy (a DuckDB file)"
    )
    copying.add_argument("--to", dest="target", required=True, metavar="URL", help="postgresql://user:password@host/db")
    copying.set_defaults(handler=_copy)


def _copy(args: argparse.Namespace) -> int:
    from adoption.store.copy import copy_command

    return copy_command(args)


def writable_workspace(args: argparse.Namespace) -> str:
    if args.workspace == SAMPLE:
        raise AdoptionError(
            "workspace sample holds the bundled sample, which the app keeps; it cannot be changed "
            "from the command line (choose another --workspace)."
        )
    return args.workspace


def import_files(args: argparse.Namespace) -> int:
    """Each file's message is printed once its upload is committed; a store failure ends the run."""
    workspace, failed, stored = writable_workspace(args), False, False
    alone = None  # (version, parsed files) of an upload that is the workspace's only one
    with Store.open(args.store) as store:
        for given in args.files:
            path = Path(given)
            parsed: list = []
            try:
                if not path.is_file():
                    raise AdoptionError(f"{given} does not exist or is not a file.")
                result = store.import_file(
                    path.name, path, customer=args.customer, workspace=workspace, parsed_into=parsed
                )
            except StoreError as error:  # the store, not the file: every further file would fail alike
                print(f"adoption: {visible(error)}", file=sys.stderr)
                return 2
            except AdoptionError as error:
                print(f"adoption: {visible(error)}", file=sys.stderr)
                failed = True
                continue
            print(visible(result.message), flush=True)
            if not result.duplicate:
                stored, alone = True, (result.version, parsed) if result.alone else None
        if stored:  # compute the metric table now, so the app opens on it without recomputing
            from adoption.store.derived import computed

            # The write's buffers go back before the frames are computed: DuckDB keeps them while its connection
            # is open (the connection reopens on demand). The import's peak: 1.13 GB -> 0.91 GB on the bench file.
            store.close()
            # a StoreError here is reported by adoption.cli.run (exit 2)
            computed(store, workspace, just_imported=alone)
    return 2 if failed else 0


def list_uploads(args: argparse.Namespace) -> int:
    with Store.open(args.store, read_only=True) as store:
        sys.stdout.write(to_csv(store.uploads(args.workspace)))
    return 0


def remove_upload(args: argparse.Namespace) -> int:
    writable_workspace(args)
    with Store.open(args.store) as store:
        uploads = store.uploads(args.workspace)
        if not store.remove_upload(args.upload_id, args.workspace):
            print(
                visible(f"adoption: there is no upload {args.upload_id} in workspace {args.workspace}."),
                file=sys.stderr,
            )
            return 2
    name = uploads.filter(uploads["upload_id"] == args.upload_id).get_column("file_name").item()
    print(visible(f"removed upload {args.upload_id} ({name}) and every row it brought."))
    return 0
