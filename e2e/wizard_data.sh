# The data of the wizard's encrypted and cloud walks (e2e/wizard_walks.py), made with the real
# commands; sourced by e2e/run.sh after the sample exists (it uses its CLI, WORK, OUT, log, fail
# and sets S3_PID, which run.sh's cleanup stops).
#
# - an encrypted backup of the sample: `key init` on a copy of the sample folder (so the
#   sample itself stays as the other walks expect it), then `backup --encrypt`;
# - a cloud copy of the sample in versitygw (its posix backend, on a free 127.0.0.1 port, a
#   temporary root whose folder is the bucket), made with `cloud init` and `cloud backup`.
#   The server runs until run.sh's cleanup: both languages' cloud walks read from it.

# Made-up passwords and keys, for this test only.
E2E_BACKUP_PASSWORD=e2e-made-up-password
E2E_WRONG_PASSWORD=not-the-right-one
E2E_S3_ACCESS=E2EACCESSKEY
E2E_S3_SECRET=e2e-made-up-secret-key
E2E_S3_BUCKET=mahall-e2e

log "an encrypted backup of the sample"
cp -a "$WORK/sample" "$WORK/sample-encrypted"
MAHALL_PASSWORD=$E2E_BACKUP_PASSWORD "$CLI" --data-dir "$WORK/sample-encrypted" key init \
	--recovery-key-out "$WORK/recovery-key.txt" >"$OUT/cli-key-init.log" 2>&1 ||
	fail "CLI key init failed: $(tail -3 "$OUT/cli-key-init.log")"
E2E_ENCRYPTED_ZIP="$WORK/encrypted backup.zip"
"$CLI" --data-dir "$WORK/sample-encrypted" backup --encrypt "$E2E_ENCRYPTED_ZIP" >"$OUT/cli-backup-encrypted.log" 2>&1 ||
	fail "CLI backup --encrypt failed: $(tail -3 "$OUT/cli-backup-encrypted.log")"
# Without the password the backup does not open: it really is encrypted.
if MAHALL_PASSWORD= "$CLI" inspect "$E2E_ENCRYPTED_ZIP" </dev/null >/dev/null 2>&1; then
	fail "the encrypted backup opens without a password"
fi

VERSITYGW=$(command -v versitygw || echo "$HOME/go/bin/versitygw")
[ -x "$VERSITYGW" ] || fail "versitygw missing; run make deps (scripts/deps.sh installs it)"
S3_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/s3/$E2E_S3_BUCKET"
"$VERSITYGW" --access "$E2E_S3_ACCESS" --secret "$E2E_S3_SECRET" --port "127.0.0.1:$S3_PORT" posix "$WORK/s3" \
	>"$OUT/versitygw.log" 2>&1 &
S3_PID=$!
for _ in $(seq 100); do # until it accepts connections (a limit, not a timing assertion)
	(exec 3<>/dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break
	kill -0 "$S3_PID" 2>/dev/null || fail "versitygw exited: $(tail -3 "$OUT/versitygw.log")"
	sleep 0.2
done
log "versitygw on 127.0.0.1:$S3_PORT"

log "a cloud copy of the sample"
cp -a "$WORK/sample" "$WORK/sample-cloud"
cloud() {
	MAHALL_REPO="s3:http://127.0.0.1:$S3_PORT/$E2E_S3_BUCKET" AWS_ACCESS_KEY_ID=$E2E_S3_ACCESS \
		AWS_SECRET_ACCESS_KEY=$E2E_S3_SECRET MAHALL_PASSWORD=$E2E_BACKUP_PASSWORD \
		"$CLI" --data-dir "$WORK/sample-cloud" cloud "$@"
}
cloud init >"$OUT/cli-cloud-init.log" 2>&1 || fail "CLI cloud init failed: $(tail -3 "$OUT/cli-cloud-init.log")"
cloud backup >"$OUT/cli-cloud-backup.log" 2>&1 || fail "CLI cloud backup failed: $(tail -3 "$OUT/cli-cloud-backup.log")"
cloud list >"$OUT/cli-cloud-list.log" 2>&1 || fail "CLI cloud list failed: $(tail -3 "$OUT/cli-cloud-list.log")"
log "cloud copy made: $(tail -1 "$OUT/cli-cloud-list.log")"

export E2E_BACKUP_PASSWORD E2E_WRONG_PASSWORD E2E_ENCRYPTED_ZIP
export E2E_S3_ENDPOINT=127.0.0.1:$S3_PORT E2E_S3_BUCKET E2E_S3_ACCESS E2E_S3_SECRET
