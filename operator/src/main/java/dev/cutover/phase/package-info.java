/**
 * The phase engine: the one place where the rules of docs/phases.md live. Plain values in, plain
 * values out; no Kubernetes client, no JDBC, no clock, no I/O.
 *
 * <h2>Calling it</h2>
 *
 * <pre>{@code
 * Observation seen = Observation.at(now, migration.getMetadata().getGeneration())
 *     .withConfigMap(flagsComponent.parse(configMap), flagsComponent.ownedKeysMatch(configMap, status))
 *     .withRolloutComplete(workloads.rolledOut(currentHash))
 *     .withBackfill(BackfillRun.fromStatus(status.backfill).orElse(null))          // kept up to date from its Job
 *     .withVerification(VerificationRun.fromStatus(status.verification).orElse(null))
 *     .withMissing(missingObjects);
 * Decision decision = new PhaseEngine().decide(spec, status, seen);
 * for (Action action : decision.actions()) perform(action);   // stop at the first failure, write no status
 * // StartBackfill: status.backfill = request.startedStatus(jobName, decision.decidedAt(), status.backfill)
 * // StartVerification: status.verification = request.startedStatus(jobName, decision.decidedAt())
 * // StartPreflight, StartSequences: status.preflight / status.sequences likewise
 * // then keep both up to date from their Job (jobs.JobOutcome.applyTo) before the next decide
 * decision.writeTo(status);                                     // plus status.flags/backfill/verification
 * return UpdateControl.patchStatus(...).rescheduleAfter(decision.requeueAfter()...);
 * }</pre>
 *
 * <h2>Decisions taken here (and why)</h2>
 *
 * <ul>
 *   <li><b>Forward</b> moves one phase per flag write, each behind its gate, and only once the
 *       workloads rolled out the current flags. Every decision makes at most one flag write and
 *       starts at most one Job; deciding again from the same inputs gives the same decision.
 *   <li><b>Inside shadow</b>: rollout, then a backfill started after the shadow flags, then a
 *       passing verification, then the read ramp. Every entry into shadow (from old, or by rollback
 *       from reverse-shadow) and every put-back of hand-edited write flags runs its own backfill:
 *       the status cannot prove no write went unmirrored meanwhile, and a backfill never
 *       overwrites a newer row. The worker must copy everything on such a new run (not resume a
 *       finished run's checkpoints); a retry of a failed attempt may resume.
 *   <li><b>Freshness</b>: a verification counts when it ran in the current phase, <i>started</i>
 *       (stricter than finished) at or after the current phase's write flags were applied and at
 *       or after the last backfill finished, and finished at most maxAge ago. Times are whole
 *       seconds; record Job times with the operator clock ({@code Decision#decidedAt}).
 *   <li><b>maxAge</b> matters when a gate is about to open: a migration parked at its desired
 *       phase stays Complete (Verified turns Unknown) and starts no Jobs on its own.
 *   <li><b>Read ramp</b>: each step held for the interval from when it was written; with
 *       verifyEachStep a check starts after the hold and must pass before the next step (also
 *       at 100%, before the ramp counts as complete). Ramp position is derived from the read
 *       percentage, so a changed spec.readRamp.steps continues at the next higher step. Any
 *       failed check of this shadow stay while reads are on the target drops reads to 0 (even
 *       while paused); the ramp restarts from the first step after a passing verification.
 *   <li><b>Repair</b>: Check fails and spec.verification.repair is on: a Repair run ({@code
 *       --repair}), then always a Recheck; only a Check or Recheck opens a gate; a failed Recheck
 *       blocks. Mismatches block until the spec changes (generation) or the result passes maxAge.
 *   <li><b>Bake</b>: reverse-shadow held for spec.bake from phaseSince; the verification before
 *       new starts only after the bake, so it covers the whole bake.
 *   <li><b>Rollback</b>: immediate, ungated, while paused, failed or with a missing Secret. One
 *       write per reconcile: reverse-shadow to shadow sets the primary to the source and reads to
 *       0 together; shadow to old first drops reads to 0, then stops dual writes only once the
 *       rollout of reads-at-0 finished (a replica still reading the target after mirroring stops
 *       would serve stale rows). Out of new: always refused (no reverse sync exists).
 *   <li><b>Retries</b>: attempt numbers are never reused (the Job label), runAttempt counts tries
 *       of the current run; at spec.backfill.maxAttempts the step is Failed, terminal until the
 *       spec's generation moves past the generation of the last try, which starts a new run with
 *       a fresh budget. Verification Jobs that fail to run (not mismatches) follow the same rule.
 *   <li><b>Paused</b>: no new Job, no forward flag write; running Jobs are observed to the end;
 *       rollback, drift put-back and the reads-to-0 safety still happen.
 *   <li><b>Drift</b>: changed write flags are put back and the phase starts over (bake,
 *       backfill, verification); a changed read percentage or other owned keys are just put back.
 *   <li><b>Preflight</b>: the gate of old to shadow; a preflight Job must have passed for the current
 *       generation before the shadow flags are first written. A refusal blocks in old until the
 *       generation changes; a Job that could not finish is retried up to maxAttempts. Adoption past
 *       old never runs one.
 *   <li><b>Sequences</b>: the last gate of shadow to reverse-shadow is a move of the target's
 *       sequences, finished at most a minute before the switch and started after the verification
 *       that opened the gate. After the rollback (flags first), a move of the source's sequences runs
 *       once the rollout finished, before anything else, even while paused; for good failed, Blocked.
 *   <li><b>Adoption</b>: with no status.phase, the engine takes over the phase the ConfigMap's
 *       write flags express (old when none), so recreating a Migration never moves writes back.
 * </ul>
 */
package dev.cutover.phase;
