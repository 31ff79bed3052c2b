"""Backups that are proven: take one, verify it by restoring it, keep 7 daily / 4 weekly / 12 monthly, restore.

A backup is the database copied through SQLite's online backup API (consistent while the app writes),
the certified copies of papers (each sealed once at the target, shared by every backup that lists it)
and a manifest, sealed with AES-256-GCM under the backup key (counter_app/backup). Right after it is
written, it is restored into a temporary folder and checked: ``PRAGMA integrity_check``, the row count
of every table against the manifest, the audit chain, every paper re-hashed. The result is written into
the target's ``backups.json`` and shown. See docs/backups.md.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counter_app import __version__
from counter_app.backup.archive import (
    MANIFEST_FORMAT,
    SET_DIR,
    SUFFIX,
    BackupSet,
    IndexEntry,
    extract_backup,
    extract_paper,
    read_manifest,
)
from counter_app.backup.errors import BackupDamaged, BackupError, TargetProblem, WrongKey
from counter_app.backup.key import ensure_key, load_key, parse_recovery_key, recovery_text, store_key
from counter_app.backup.sealed import KIND_BACKUP, read_header
from counter_app.domain.calendar import office_time
from counter_app.domain.errors import InvalidInput
from counter_app.domain.retention import retain
from counter_app.paths import DATABASE_NAME, backups_dir
from counter_app.services import audit
from counter_app.services.context import SYSTEM, Actor, Context
from counter_app.storage.blobs import BlobStore, papers_dir
from counter_app.storage.engine import Database
from counter_app.storage.migrate import upgrade
from counter_app.storage.models import AuditEntry, Office, SyncState

SETTINGS_FILE = "backup-settings.json"
STATE_FILE = "backup-state.json"  # the last backup's file, time and dossier count (for "every N dossiers")
DEFAULT_EVERY = 20
MAX_EVERY = 10_000
Progress = Callable[[str, int, int], None]  # (stage, done, total)


# ----------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class BackupSettings:
    """Where automatic backups go (None: not set) and after how many new dossiers one is taken."""

    target: str | None = None
    every: int = DEFAULT_EVERY


def load_settings(data_dir: Path) -> BackupSettings:
    try:
        data = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
        target = data.get("target")
        every = int(data.get("every", DEFAULT_EVERY))
    except (OSError, ValueError, TypeError, AttributeError):
        return BackupSettings()
    return BackupSettings(str(target) if target else None, every if 1 <= every <= MAX_EVERY else DEFAULT_EVERY)


def save_settings(data_dir: Path, target: str | None, every: int | None = None) -> BackupSettings:
    """Validate and store the settings; the backup location must be an existing folder outside the data folder."""
    current = load_settings(data_dir)
    chosen_every = current.every if every is None else every
    if not 1 <= chosen_every <= MAX_EVERY:
        raise InvalidInput("backup.every_range", value=chosen_every, high=MAX_EVERY)
    chosen = current.target if target is None else (target.strip() or None)
    if chosen is not None:
        path = Path(chosen).expanduser()
        if not path.is_absolute():
            raise InvalidInput("backup.target_relative", target=chosen)
        if not path.is_dir():
            raise InvalidInput("backup.target_missing", target=chosen, reason="")
        _outside_data(data_dir, path)
        chosen = str(path.resolve())
    settings = BackupSettings(chosen, chosen_every)
    _write_json(data_dir / SETTINGS_FILE, {"target": settings.target, "every": settings.every})
    return settings


def _outside_data(data_dir: Path, target: Path) -> None:
    """A backup inside the data folder dies with its disk: refused."""
    resolved, data = target.expanduser().resolve(), data_dir.resolve()
    if resolved == data or data in resolved.parents:
        raise InvalidInput("backup.target_inside_data", target=str(target))


def _write_json(path: Path, document: dict[str, Any]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=2)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _read_state(data_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((data_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ----------------------------------------------------------------------------- the snapshot and its manifest


def _snapshot(source: Path, dest: Path) -> None:
    """Copy the live database through SQLite's online backup API (one step: a consistent read snapshot)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(name) for (name,) in rows]


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in _tables(connection)
    }


def _one(connection: sqlite3.Connection, query: str) -> Any:
    try:
        row = connection.execute(query).fetchone()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def _paper_shas(connection: sqlite3.Connection) -> list[str]:
    try:
        rows = connection.execute("SELECT sha256 FROM paper_copy UNION SELECT image_sha256 FROM paper_copy").fetchall()
    except sqlite3.Error:
        return []  # a database from before paper copies
    return sorted({str(sha) for (sha,) in rows if sha})


def _manifest(snapshot: Path, now: datetime, papers: list[dict[str, Any]], missing: list[str]) -> dict[str, Any]:
    digest = hashlib.sha256()
    with snapshot.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    connection = sqlite3.connect(snapshot)
    try:
        counts = row_counts(connection)
        manifest = {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "app_version": __version__,
            "created_at": now.astimezone(UTC).isoformat(),
            "office": {
                "code": _one(connection, "SELECT agency_code FROM office WHERE id = 1"),
                "name": _one(connection, "SELECT name FROM office WHERE id = 1"),
                "workstation": _one(connection, "SELECT workstation FROM office WHERE id = 1"),
            },
            "schema_revision": _one(connection, "SELECT version_num FROM alembic_version"),
            "tables": counts,
            "dossiers": counts.get("dossier", 0),
            "audit": {
                "entries": counts.get("audit_entry", 0),
                "head": _one(connection, "SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1"),
            },
            "database": {"bytes": snapshot.stat().st_size, "sha256": digest.hexdigest()},
            "papers": papers,
            "papers_missing": missing,
        }
    finally:
        connection.close()
    return manifest


KEYS_DIR = "keys"  # the office's own signing key (certify/office.py): small, sealed inside the backup file
MAX_KEY_FILE = 1 << 20


def _key_files(data_dir: Path) -> list[dict[str, str]]:
    """The files of ``<data dir>/keys/`` (the office's signing key), base64, for the sealed manifest."""
    folder = data_dir / KEYS_DIR
    if not folder.is_dir():
        return []
    return [
        {"name": path.name, "data": base64.b64encode(path.read_bytes()).decode("ascii")}
        for path in sorted(folder.iterdir())
        if path.is_file() and path.stat().st_size <= MAX_KEY_FILE
    ]


def _restore_key_files(manifest: dict[str, Any], folder: Path) -> None:
    files = manifest.get("keys") or []
    if not files:
        return
    target = folder / KEYS_DIR
    target.mkdir(mode=0o700, exist_ok=True)
    for entry in files:
        name = Path(str(entry["name"])).name  # a bare file name, never a path out of keys/
        path = target / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(base64.b64decode(str(entry["data"])))


# ----------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """What restoring a backup into a temporary folder showed."""

    ok: bool
    problem: str | None  # a message code (``backup.verify_*``) when not ok
    params: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


def _check_restored(folder: Path, manifest: dict[str, Any], *, migrate: bool = False) -> Verification:
    """integrity_check, row counts, the audit chain and its head, on the database restored in ``folder``."""
    path = folder / DATABASE_NAME
    connection = sqlite3.connect(path)
    try:
        integrity = [str(row[0]) for row in connection.execute("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            return Verification(False, "backup.verify_integrity", {"reason": "; ".join(integrity[:3])}, manifest)
        counts = row_counts(connection)
    finally:
        connection.close()
    expected = {str(k): int(v) for k, v in manifest.get("tables", {}).items()}
    if counts != expected:
        table = next((t for t in sorted(set(counts) | set(expected)) if counts.get(t) != expected.get(t)), "?")
        return Verification(
            False,
            "backup.verify_counts",
            {"table": table, "found": counts.get(table), "expected": expected.get(table)},
            manifest,
        )
    if migrate:  # a backup made by an older version: brought to this version's schema (the counts are checked)
        upgrade(path, backups_dir(folder))
    db = Database(path)
    try:
        chain = audit.verify(Context(db))
        with db.read() as session:
            head = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    finally:
        db.close()
    if not chain.intact:
        return Verification(False, "backup.verify_audit", {"entry": chain.first_broken_id}, manifest)
    if head != manifest.get("audit", {}).get("head"):
        return Verification(False, "backup.verify_audit", {"entry": "head"}, manifest)
    return Verification(True, None, {}, manifest)


def _restore_into(
    backup: Path, key: bytes, folder: Path, progress: Progress | None = None, *, migrate: bool = False
) -> tuple[dict[str, Any], Verification]:
    """Extract the backup and its papers into ``folder`` and check them."""
    manifest = extract_backup(backup, key, folder, None if progress is None else lambda d, t: progress("restore", d, t))
    papers = [str(p["sha256"]) for p in manifest.get("papers", [])]
    sealed_root = backup.parent
    store = BackupSet(sealed_root.parent if sealed_root.name == SET_DIR else sealed_root)
    dest = papers_dir(folder)
    for number, sha256 in enumerate(papers, 1):
        sealed = store.paper_path(sha256)
        if not sealed.is_file():
            return manifest, Verification(False, "backup.verify_paper_missing", {"sha256": sha256}, manifest)
        try:
            extract_paper(sealed, sha256, key, dest)
        except BackupDamaged:
            return manifest, Verification(False, "backup.verify_paper_damaged", {"sha256": sha256}, manifest)
        if progress is not None:
            progress("papers", number, len(papers))
    return manifest, _check_restored(folder, manifest, migrate=migrate)


def verify_backup(
    backup: Path, key: bytes, work_dir: Path | None = None, progress: Progress | None = None
) -> Verification:
    """Restore ``backup`` into a temporary folder and check it; WrongKey/BackupDamaged are reported as such."""
    with tempfile.TemporaryDirectory(prefix=".backup-verify-", dir=work_dir) as folder:
        try:
            _manifest_found, result = _restore_into(backup, key, Path(folder), progress)
        except WrongKey:
            return Verification(False, "backup.wrong_key")
        except BackupDamaged as exc:
            return Verification(False, exc.code, dict(exc.params))
        except (sqlite3.DatabaseError, OSError) as exc:
            return Verification(False, "backup.verify_integrity", {"reason": str(exc)})
    return result


# ----------------------------------------------------------------------------- taking a backup


@dataclass(frozen=True)
class BackupResult:
    file: Path
    bytes: int  # the sealed backup file (manifest + database)
    papers_new: int  # copies sealed for the first time at this target
    papers_bytes: int  # bytes written for them
    dossiers: int
    created_at: datetime
    verified: bool
    problem: str | None  # message code when not verified
    problem_params: dict[str, Any]
    removed: tuple[str, ...]  # backups dropped by the retention rule
    key_made: bool  # the backup key was made now: print the recovery sheet
    papers_missing: int = 0  # copies the database lists that were missing or damaged on this PC


def backup_now(
    db: Database, data_dir: Path, target: Path | None = None, *, now: datetime, progress: Progress | None = None
) -> BackupResult:
    """Take a backup to ``target`` (default: the one in the settings), verify it, apply the retention rule.

    The target missing, full or read-only is a :class:`TargetProblem` with the earlier backups untouched."""
    if target is None:
        chosen = load_settings(data_dir).target
        if chosen is None:
            raise InvalidInput("backup.no_target")
        target = Path(chosen)
    _outside_data(data_dir, target)
    backups = BackupSet(target)
    backups.prepare()
    remove_stale_work(data_dir)
    key, made = ensure_key(data_dir)
    store = BlobStore.of(data_dir)
    stamp = now.astimezone(UTC)
    name = f"backup-{stamp:%Y%m%dT%H%M%SZ}-{os.urandom(2).hex()}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix=".backup-work-", dir=data_dir) as work:
        snapshot = Path(work) / DATABASE_NAME
        _snapshot(db.path, snapshot)
        connection = sqlite3.connect(snapshot)
        try:
            shas = _paper_shas(connection)
        finally:
            connection.close()
        papers: list[dict[str, Any]] = []
        missing: list[str] = []
        new = new_bytes = 0
        for number, sha256 in enumerate(shas, 1):
            if not store.exists(sha256):
                missing.append(sha256)
                continue
            source = store.path(sha256)
            try:
                written = backups.put_paper(sha256, source, key)
            except BackupError:
                missing.append(sha256)  # the file no longer matches its name: `counter-app check` reports it
                continue
            new += written > 0
            new_bytes += written
            papers.append({"sha256": sha256, "bytes": source.stat().st_size})
            if progress is not None:
                progress("papers", number, len(shas))
        manifest = _manifest(snapshot, now, papers, missing)
        manifest["keys"] = _key_files(data_dir)
        size = backups.write_backup(
            name, manifest, snapshot, key, None if progress is None else lambda d, t: progress("backup", d, t)
        )
    verification = verify_backup(backups.root / name, key, data_dir, progress)
    entry = IndexEntry(
        file=name,
        created_at=manifest["created_at"],
        bytes=size,
        dossiers=int(manifest["dossiers"]),
        papers=[p["sha256"] for p in papers],
        paper_bytes=sum(int(p["bytes"]) for p in papers),
        verified=verification.ok,
        verified_at=now.astimezone(UTC).isoformat(),
        problem=verification.problem,
    )
    entries = [e for e in backups.read_index() if e.file != name] + [entry]
    backups.write_index(entries)
    removed = apply_retention(backups)
    with contextlib.suppress(OSError):
        _write_json(
            data_dir / STATE_FILE,
            {
                "file": name,
                "target": str(target),
                "created_at": entry.created_at,
                "dossiers": entry.dossiers,
                "verified": entry.verified,
            },
        )
    return BackupResult(
        backups.root / name, size, new, new_bytes, entry.dossiers, now, verification.ok,
        verification.problem, dict(verification.params), tuple(removed), made, len(missing),
    )  # fmt: skip


STALE_WORK_SECONDS = 6 * 3600.0  # a scratch folder older than this was left by a killed backup or restore
_WORK_PREFIXES = (".backup-work-", ".backup-verify-")


def remove_stale_work(data_dir: Path, *, now: float | None = None) -> list[Path]:
    """Delete the scratch folders (a database snapshot, a trial restore) a killed backup left in ``data_dir``."""
    moment = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for path in data_dir.iterdir():
            if (
                path.is_dir()
                and path.name.startswith(_WORK_PREFIXES)
                and moment - path.stat().st_mtime > STALE_WORK_SECONDS
            ):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def apply_retention(backups: BackupSet) -> list[str]:
    """Keep 7 daily, 4 weekly, 12 monthly among the backups that verified (or were never checked); drop the
    failed ones but the newest. Papers only dropped backups listed go last."""
    entries = backups.read_index()
    good = [e for e in entries if e.verified is not False]
    keep = set(retain((e.file, office_time(_moment(e.created_at))) for e in good))
    failed = [e for e in entries if e.verified is False]
    if failed and entries and entries[-1].verified is False:
        keep.add(entries[-1].file)  # the newest attempt, failed: kept to be looked at
    try:
        return backups.prune(keep)
    except TargetProblem:
        return []  # retention waits for a writable target; nothing is lost


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ----------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class BackupInfo:
    file: str
    path: str
    created_at: datetime
    bytes: int
    paper_bytes: int
    papers: int
    dossiers: int
    verified: bool | None
    problem: str | None
    kept_because: tuple[str, ...]


def list_backups(target: Path) -> list[BackupInfo]:
    backups = BackupSet(target)
    if not target.is_dir():
        raise TargetProblem("backup.target_missing", target=str(target), reason="")
    entries = backups.read_index()
    reasons = retain((e.file, office_time(_moment(e.created_at))) for e in entries if e.verified is not False)
    return [
        BackupInfo(
            e.file,
            str(backups.root / e.file),
            _moment(e.created_at),
            e.bytes,
            e.paper_bytes,
            len(e.papers),
            e.dossiers,
            e.verified,
            e.problem,
            reasons.get(e.file, ()),
        )
        for e in reversed(entries)
    ]


def target_of(data_dir: Path, explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    chosen = load_settings(data_dir).target
    if chosen is None:
        raise InvalidInput("backup.no_target")
    return Path(chosen)


# ----------------------------------------------------------------------------- automatic backups


def dossiers_since_backup(db: Database, data_dir: Path) -> int | None:
    """New dossiers since the last backup's manifest (None: no backup yet)."""
    last = _read_state(data_dir).get("dossiers")
    if last is None:
        return None
    connection = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        count = int(connection.execute("SELECT count(*) FROM dossier").fetchone()[0])
    finally:
        connection.close()
    return count - int(last)


def backup_due(db: Database, data_dir: Path) -> bool:
    """True when a backup location is set and ``every`` dossiers were taken in since the last backup
    (or there is no backup yet)."""
    settings = load_settings(data_dir)
    if settings.target is None:
        return False
    since = dossiers_since_backup(db, data_dir)
    return since is None or since >= settings.every


def last_backup(data_dir: Path) -> dict[str, Any]:
    return _read_state(data_dir)


# ----------------------------------------------------------------------------- the recovery key


def recovery_key_text(data_dir: Path) -> tuple[str, bool]:
    """The recovery text of this PC's backup key (made now when there is none): (text, made_now)."""
    key, made = ensure_key(data_dir)
    return recovery_text(key), made


# ----------------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    created_at: str
    dossiers: int
    papers: int
    moved_aside: Path | None  # where the data folder that was there went (``--replace``)


def _is_empty(directory: Path) -> bool:
    return not directory.exists() or (directory.is_dir() and not any(directory.iterdir()))


def restore(
    backup: Path,
    data_dir: Path,
    *,
    recovery_key: str | None,
    replace: bool,
    now: datetime,
    actor: Actor = SYSTEM,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``backup`` (a ``.hsmcbak`` file in a backup set) into ``data_dir``.

    Refuses a data folder that holds anything unless ``replace``, which first moves it aside whole
    (``<data dir>.before-restore-<time>``). The restored database is verified before it is put in place,
    and marked restored: its sync epoch is voided, so its next sync round starts over from the hub's
    snapshot and sends everything again (the hub drops what it has, by event UID)."""
    if not backup.is_file():
        raise InvalidInput("backup.file_missing", path=str(backup))
    if recovery_key:
        key = parse_recovery_key(recovery_key)
    else:
        found = load_key(data_dir) if data_dir.is_dir() else None
        if found is None:
            raise InvalidInput("backup.key_needed")
        key = found
    if not _is_empty(data_dir) and not replace:
        raise InvalidInput("backup.data_dir_not_empty", data_dir=str(data_dir))
    parent = data_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{data_dir.name}.restore-", dir=parent))
    try:
        manifest, verification = _restore_into(backup, key, staging, progress, migrate=True)
        _require_verified(verification)
        _mark_restored(staging / DATABASE_NAME, backup, manifest, now, actor)
        _restore_key_files(manifest, staging)
        store_key(staging, key)
        moved: Path | None = None
        if data_dir.exists():
            settings = data_dir / SETTINGS_FILE
            if settings.is_file():
                shutil.copy2(settings, staging / SETTINGS_FILE)
            if _is_empty(data_dir):
                data_dir.rmdir()
            else:
                moved = parent / f"{data_dir.name}.before-restore-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
                os.replace(data_dir, moved)
        os.replace(staging, data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreResult(
        data_dir,
        str(manifest.get("created_at")),
        int(manifest.get("dossiers", 0)),
        len(manifest.get("papers", [])),
        moved,
    )


def _require_verified(verification: Verification) -> None:
    if not verification.ok:
        raise BackupError(verification.problem or "backup.verify_integrity", **verification.params)


def _mark_restored(path: Path, backup: Path, manifest: dict[str, Any], now: datetime, actor: Actor) -> None:
    """Void the sync cursor (a fresh epoch: the next round answers ``reset``) and audit the restore."""
    db = Database(path)
    try:
        with db.write() as session:
            state = session.get(SyncState, 1)
            if state is not None:
                state.epoch = str(uuid.uuid4())  # never the hub's: the next pull is a reset
            audit.record(
                session, actor, now, "backup.restored", entity="backup", entity_id=backup.name,
                details={"created_at": manifest.get("created_at"), "dossiers": manifest.get("dossiers")},
            )  # fmt: skip
    finally:
        db.close()


def office_names(ctx: Context) -> tuple[str, str]:
    """The office's name and agency code, for the recovery sheet."""
    with ctx.db.read() as session:
        found = session.get(Office, 1)
        return ("", "") if found is None else (found.name, found.agency_code)


def verify_key(backup: Path, key: bytes) -> bool:
    """Whether ``key`` opens ``backup`` (its header's key check; nothing decrypted)."""
    try:
        with backup.open("rb") as source:
            read_header(source, key, KIND_BACKUP)
    except (WrongKey, BackupDamaged, OSError):
        return False
    return True


def describe_manifest(backup: Path, key: bytes) -> dict[str, Any]:
    return read_manifest(backup, key)


def data_dir_key(data_dir: Path) -> bytes | None:
    return load_key(data_dir)


__all__ = [
    "BackupInfo",
    "BackupResult",
    "BackupSettings",
    "RestoreResult",
    "Verification",
    "backup_due",
    "backup_now",
    "list_backups",
    "load_settings",
    "restore",
    "save_settings",
    "verify_backup",
]
