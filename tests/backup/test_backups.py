"""Backups taken, verified, deduplicated, pruned and restored, on a real counter with real paper copies."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app import messages, paths
from counter_app.backup.archive import BackupSet, IndexEntry
from counter_app.backup.errors import BackupError
from counter_app.backup.key import key_path, load_key, recovery_text
from counter_app.domain.errors import InvalidInput
from counter_app.services import audit, backups, dossiers
from counter_app.services.context import Context
from counter_app.services.database import open_database
from counter_app.storage import migrate
from counter_app.storage.blobs import BlobStore
from counter_app.storage.errors import StorageError
from tests.backup.conftest import fill
from tests.storage.test_migrations import REVISION_0002


def _count(data_dir: Path, table: str) -> int:
    raw = sqlite3.connect(data_dir / "counter.sqlite3")
    try:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        raw.close()


def _sealed_files(target: Path) -> list[Path]:
    return [p for p in (target / "counter-backups").rglob("*") if p.is_file()]


def test_backup_is_verified_encrypted_and_listed(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 3)
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    assert result.verified and result.problem is None
    assert result.key_made and result.papers_new == 3 and result.dossiers == 3
    assert result.file.is_file() and result.file.stat().st_size == result.bytes
    assert oct(key_path(data_dir).stat().st_mode & 0o777) == "0o600"
    listed = backups.list_backups(target)
    assert [(b.file, b.verified, b.dossiers, b.papers) for b in listed] == [(result.file.name, True, 3, 3)]
    assert listed[0].kept_because[0].startswith("daily ")
    index = json.loads((target / "counter-backups" / "backups.json").read_text(encoding="utf-8"))
    assert index["backups"][0]["verified"] is True
    # nothing of the citizen or of the papers in the clear at the target
    for path in _sealed_files(target):
        if path.name == "backups.json":
            continue
        raw = path.read_bytes()
        for secret in ("Nguyễn Thị Thuỷ Tiên", "025190001234", "0912 345 678", "SQLite format 3", "%PDF"):
            assert secret.encode() not in raw, (secret, path)


def test_papers_are_stored_once_across_backups(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 2)
    first = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    second = backups.backup_now(ctx.db, data_dir, target, now=ctx.now() + timedelta(days=1))
    assert first.papers_new == 2 and second.papers_new == 0 and second.papers_bytes == 0
    fill(ctx, 1)
    third = backups.backup_now(ctx.db, data_dir, target, now=ctx.now() + timedelta(days=2))
    assert third.papers_new == 1
    assert len(list((target / "counter-backups" / "papers").rglob("*.paper"))) == 3
    assert all(b.verified for b in backups.list_backups(target))


def test_restore_on_a_new_pc_with_the_recovery_key(ctx: Context, data_dir: Path, target: Path, tmp_path: Path) -> None:
    codes = fill(ctx, 3)
    office_key = (data_dir / "keys" / "office-signing.p12").read_bytes()  # made by the first certified copy
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    key = load_key(data_dir)
    assert key is not None
    new_pc = tmp_path / "new-pc"
    with pytest.raises(InvalidInput) as caught:
        backups.restore(result.file, new_pc, recovery_key=None, replace=False, now=ctx.now())
    assert caught.value.code == "backup.key_needed"
    restored = backups.restore(result.file, new_pc, recovery_key=recovery_text(key), replace=False, now=ctx.now())
    assert restored.dossiers == 3 and restored.papers == 3 and restored.moved_aside is None
    assert load_key(new_pc) == key  # the new PC backs up under the same key: the sheet stays valid
    assert (new_pc / "keys" / "office-signing.p12").read_bytes() == office_key  # copies signed as before
    assert oct((new_pc / "keys" / "office-signing.p12").stat().st_mode & 0o777) == "0o600"
    db = open_database(new_pc)
    try:
        new_ctx = Context(db, ctx.actor, ctx.clock)
        assert sorted(dossiers.find_by_code(new_ctx, code).code for code in codes) == sorted(codes)
        assert audit.verify(new_ctx).intact
        assert audit.count(new_ctx, "backup.restored") == 1
    finally:
        db.close()
    for sha in {p["sha256"] for p in backups.describe_manifest(result.file, key)["papers"]}:
        path = BlobStore.of(new_pc).path(sha)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


def test_wrong_recovery_key_is_one_sentence(ctx: Context, data_dir: Path, target: Path, tmp_path: Path) -> None:
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    other = recovery_text(os.urandom(32))
    with pytest.raises(BackupError) as caught:
        backups.restore(result.file, tmp_path / "new", recovery_key=other, replace=False, now=ctx.now())
    assert caught.value.code == "backup.wrong_key"
    assert messages.message(caught.value.code, caught.value.params).startswith("Mã khôi phục không đúng")
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").iterdir())
    with pytest.raises(BackupError) as typo:
        backups.restore(result.file, tmp_path / "new", recovery_key=other[:-1] + "A", replace=False, now=ctx.now())
    assert typo.value.code in ("backup.recovery_key_invalid", "backup.wrong_key")


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_backup_is_refused_and_nothing_restored(
    ctx: Context, data_dir: Path, target: Path, tmp_path: Path, damage: str
) -> None:
    fill(ctx, 1)
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    raw = bytearray(result.file.read_bytes())
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:
        raw[len(raw) // 2] ^= 0x40
    result.file.write_bytes(bytes(raw))
    check = backups.verify_backup(result.file, load_key(data_dir) or b"")
    assert not check.ok and check.problem == ("backup.truncated" if damage == "truncate" else "backup.altered")
    key = recovery_text(load_key(data_dir) or b"")
    with pytest.raises(BackupError) as caught:
        backups.restore(result.file, tmp_path / "new", recovery_key=key, replace=False, now=ctx.now())
    assert caught.value.code == check.problem
    assert not (tmp_path / "new" / "counter.sqlite3").exists()
    assert [p.name for p in tmp_path.iterdir() if ".restore-" in p.name] == []  # the staging folder is gone


def test_a_paper_missing_on_the_pc_is_reported_not_fatal(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 2)
    store = BlobStore.of(data_dir)
    victim = next(p for p in store.files() if p.name.endswith(".pdf"))
    victim.unlink()
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    assert result.verified and result.papers_missing == 1 and result.papers_new == 1
    manifest = backups.describe_manifest(result.file, load_key(data_dir) or b"")
    assert manifest["papers_missing"] == [victim.name[:-4]]


def test_verification_finds_a_missing_or_altered_paper(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 2)
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    key = load_key(data_dir) or b""
    sealed = sorted((target / "counter-backups" / "papers").rglob("*.paper"))
    raw = bytearray(sealed[0].read_bytes())
    raw[-3] ^= 1
    sealed[0].write_bytes(bytes(raw))
    assert backups.verify_backup(result.file, key).problem == "backup.verify_paper_damaged"
    sealed[0].unlink()
    assert backups.verify_backup(result.file, key).problem == "backup.verify_paper_missing"


def test_restore_refuses_a_data_dir_in_use_unless_replace(ctx: Context, data_dir: Path, target: Path) -> None:
    fill(ctx, 2)
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    fill(ctx, 1)  # taken in after the backup
    with pytest.raises(InvalidInput) as caught:
        backups.restore(result.file, data_dir, recovery_key=None, replace=False, now=ctx.now())
    assert caught.value.code == "backup.data_dir_not_empty"
    assert _count(data_dir, "dossier") == 3
    ctx.db.close()
    restored = backups.restore(result.file, data_dir, recovery_key=None, replace=True, now=ctx.now())
    assert restored.moved_aside is not None and _count(restored.moved_aside, "dossier") == 3  # nothing lost
    assert _count(data_dir, "dossier") == 2
    assert (restored.moved_aside / "backup.key").is_file()


def test_restored_counter_voids_its_sync_cursor(ctx: Context, data_dir: Path, target: Path, tmp_path: Path) -> None:
    raw = sqlite3.connect(data_dir / "counter.sqlite3")
    raw.execute(
        "INSERT INTO sync_state (id, server_url, device_id, token, commune_code, commune_name, hub_public_key,"
        " epoch, cursor, enrolled_at, revoked, failures) VALUES (1, 'http://hub', 'dev', 't', 'c', 'n', ?, "
        "'11111111-1111-1111-1111-111111111111', 41, '2025-11-18 02:00:00', 0, 0)",
        (bytes(32),),
    )
    raw.commit()
    raw.close()
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    key = recovery_text(load_key(data_dir) or b"")
    backups.restore(result.file, tmp_path / "new", recovery_key=key, replace=False, now=ctx.now())
    check = sqlite3.connect(tmp_path / "new" / "counter.sqlite3")
    epoch, cursor = check.execute("SELECT epoch, cursor FROM sync_state").fetchone()
    check.close()
    assert epoch != "11111111-1111-1111-1111-111111111111" and len(epoch) == 36
    assert cursor == 41  # the hub answers reset to the unknown epoch, whatever the cursor


def test_retention_drops_old_backups_then_their_papers(ctx: Context, data_dir: Path, target: Path) -> None:
    base = ctx.now()  # Tuesday 18/11/2025
    fill(ctx, 1)
    backups.backup_now(ctx.db, data_dir, target, now=base)
    set_ = BackupSet(target)
    only_in_first = set_.read_index()[0].papers[0]
    with ctx.db.write() as session:  # that copy is no longer listed by the counter (e.g. replaced)
        session.execute(text("DELETE FROM paper_copy"))
    fill(ctx, 1)
    for day in range(1, 10):  # until Thursday 27/11: the 7 most recent days are 21–27/11
        backups.backup_now(ctx.db, data_dir, target, now=base + timedelta(days=day))
    kept = backups.list_backups(target)
    assert [b.created_at.day for b in kept] == [27, 26, 25, 24, 23, 22, 21]  # 23/11 is also week 47's newest
    assert not set_.paper_path(only_in_first).exists()  # listed only by the dropped backups
    assert all(set_.paper_path(sha).exists() for b in set_.read_index() for sha in b.papers)
    on_disk = {p.name for p in (target / "counter-backups").glob("*.hsmcbak")}
    assert on_disk == {b.file for b in kept}
    assert all(b.verified for b in kept)


def test_a_backup_file_not_yet_in_the_index_is_listed_unverified(ctx: Context, data_dir: Path, target: Path) -> None:
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    set_ = BackupSet(target)
    set_.write_index([])
    listed = backups.list_backups(target)
    assert [(b.file, b.verified) for b in listed] == [(result.file.name, None)]
    assert IndexEntry.from_json(set_.read_index()[0].to_json()).file == result.file.name


def test_settings_and_due(ctx: Context, data_dir: Path, target: Path) -> None:
    assert not backups.backup_due(ctx.db, data_dir)  # no location chosen
    with pytest.raises(InvalidInput) as caught:
        backups.save_settings(data_dir, "relative/path", 5)
    assert caught.value.code == "backup.target_relative"
    with pytest.raises(InvalidInput) as inside:
        backups.save_settings(data_dir, str(data_dir / "papers"), 5)
    assert inside.value.code in ("backup.target_inside_data", "backup.target_missing")
    with pytest.raises(InvalidInput):
        backups.save_settings(data_dir, str(target), 0)
    saved = backups.save_settings(data_dir, str(target), 2)
    assert backups.load_settings(data_dir) == saved
    assert backups.backup_due(ctx.db, data_dir)  # no backup yet
    backups.backup_now(ctx.db, data_dir, None, now=ctx.now())
    assert not backups.backup_due(ctx.db, data_dir)
    fill(ctx, 1)
    assert not backups.backup_due(ctx.db, data_dir)
    fill(ctx, 1)
    assert backups.backup_due(ctx.db, data_dir)


def test_a_backup_from_an_older_version_is_migrated_at_restore(
    ctx: Context, data_dir: Path, target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(ctx, 1)
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    key = recovery_text(load_key(data_dir) or b"")
    scripts = tmp_path / "db"
    shutil.copytree(paths.migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.SCHEMA_HEAD
    (scripts / "versions" / "0099_test_column.py").write_text(REVISION_0002.replace("{head}", head), encoding="utf-8")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "0099")  # this build is newer than the backup
    restored = backups.restore(result.file, tmp_path / "new", recovery_key=key, replace=False, now=ctx.now())
    assert restored.dossiers == 1
    raw = sqlite3.connect(tmp_path / "new" / "counter.sqlite3")
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)
    assert raw.execute("SELECT count(*) FROM applicant WHERE nickname IS NULL").fetchone()[0] >= 1
    raw.close()


def test_a_backup_from_a_newer_version_is_refused(ctx: Context, data_dir: Path, target: Path, tmp_path: Path) -> None:
    with ctx.db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    result = backups.backup_now(ctx.db, data_dir, target, now=ctx.now())
    key = recovery_text(load_key(data_dir) or b"")
    with pytest.raises(StorageError) as caught:
        backups.restore(result.file, tmp_path / "new", recovery_key=key, replace=False, now=ctx.now())
    assert caught.value.code == "storage.schema_too_new"
    assert not (tmp_path / "new").exists()
