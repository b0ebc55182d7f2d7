/**
 * {@code cutover verify -f migration.yaml [--repair] [--primary source|target] [--result-file F]}:
 * proves that source and target hold the same rows, or names the keys where they do not.
 *
 * <h2>Canonical rows</h2>
 * {@link dev.cutover.worker.verify.RowEncoder} turns a row (COPY text fields, typed by the target's
 * catalog) into bytes that are the same whichever store the row came from: integers and numerics by
 * value (1.0 = 1.00), floats by their IEEE bits, timestamps with time zone as UTC instants,
 * uuids and bytea as bytes, json/jsonb with members in one order and numbers by value, arrays
 * element by element, character(n) without its padding, NULL apart from the empty string, every
 * field length-framed. PostgreSQL's own output (sessions set TimeZone UTC, DateStyle ISO,
 * extra_float_digits 3) is recognised and copied; other spellings are parsed. Text that does not
 * parse as its type is compared as is, flagged so it never equals a parsed value. Each row gets a
 * 128-bit MurmurHash3 of its bytes and of its key's bytes.
 *
 * <h2>Comparison</h2>
 * {@link dev.cutover.worker.verify.TableComparison} streams both sides at once (two threads) into
 * 4096 buckets chosen by the key hash, each holding a row count and the sum of row hashes modulo
 * 2^128, so key order does not matter (FoundationDB's tuple order and PostgreSQL's collation
 * differ). Unequal buckets are drilled down by a second pass over just those buckets, in groups
 * that keep at most {@code drillBudget} rows in memory. {@code mode: sample} keeps only keys whose
 * hash falls under {@code sampleRate}: the same keys on both sides.
 *
 * <h2>Digests inside the databases</h2>
 * Between two PostgreSQL databases, {@link dev.cutover.worker.verify.DigestComparison} has each
 * server compute the buckets itself, both at once, in one {@code SELECT ... GROUP BY} over the
 * md5 of each row's record text ({@code dev.cutover.store.postgres.DigestSql}), so a table that
 * agrees moves a few hundred kilobytes to the worker whatever its size; only the buckets that
 * disagree are streamed and compared as above, which gives the same keys and verdicts. A table is
 * streamed whole instead when the SQL text cannot be pinned: a column type not covered or declared
 * differently on the two sides, a server older than 13, different server encodings; stderr says
 * which. {@code CUTOVER_VERIFY_IN_DATABASE=false} streams every table; a FoundationDB source always is.
 *
 * <h2>Confirmation</h2>
 * The application keeps dual-writing while verification runs, so a row the scan passed between the
 * primary's write and its mirror differs for a moment. {@link dev.cutover.worker.verify.DifferenceConfirmation}
 * re-reads each differing key by key from both sides (PostgreSQL by primary key, FoundationDB by
 * the key's own range), compares the canonical row hashes again and keeps only the keys that still
 * differ, for a few rounds with a pause before each; only what differs after the last round is
 * counted, listed or repaired, and stderr says how many keys converged. Only differing keys are
 * read again, in batches, a bounded number held at once.
 *
 * <h2>Result</h2>
 * Per table, source and target rows, keys missing in target, missing in source and different,
 * and up to five sample keys in the worker result; every differing key on stderr. Exit 0 when the
 * mismatches summed over tables are within {@code spec.verification.maxMismatches}, else 1; 2 for
 * bad input, 3 for a store that failed after retries.
 *
 * <h2>Repair</h2>
 * With {@code --repair}, each differing key is rewritten from the primary ({@code --primary source},
 * the default, or {@code target}, which the operator passes in reverse-shadow): its current row is
 * read from the primary by key and upserted on the other side, or the key deleted there when the
 * primary no longer has it, 100 keys a transaction; then the table is compared again and that
 * second comparison is the result, with the number of keys rewritten. Repair writes PostgreSQL
 * only: a FoundationDB source cannot be the repaired side.
 *
 * <p>So that a repair never overwrites a newer row with an older copy, a PostgreSQL primary's rows
 * are read {@code SELECT ... FOR SHARE} in a transaction that stays open until the other side has
 * committed. Lock order: the primary's rows locked, the other side written, the other side
 * committed, the primary's transaction ended; an application write to those rows waits meanwhile
 * and its mirror lands after the repair's copy. The other side's transaction waits for its own row
 * locks at most 30 s, so a wait cycle across the two databases cannot hang. A primary that refuses
 * the lock (a role without UPDATE, a standby) is read without it, said once on stderr. A
 * FoundationDB primary cannot hold rows for another store's transaction: it is read, then written;
 * what races it, like an insert racing the delete of a key the primary lacked, is found again by
 * the comparison after the repair and its confirmation.
 */
package dev.cutover.worker.verify;
