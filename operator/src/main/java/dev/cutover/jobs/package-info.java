/**
 * The backfill and verification Jobs: how they are built, found, read and pruned. No JOSDK here;
 * the reconciler calls these classes with a fabric8 client.
 *
 * <ul>
 *   <li>{@link dev.cutover.jobs.JobTemplate} builds the Job of a {@link dev.cutover.jobs.WorkerAttempt}
 *       (pure).
 *   <li>{@link dev.cutover.jobs.WorkerJobs} finds, adopts, creates, lists and prunes Jobs, reading
 *       them from a {@link dev.cutover.jobs.JobCache} (the operator's informers, or the API server).
 *   <li>{@link dev.cutover.jobs.JobOutcome} reads a Job and its pods: state, reason, per-table
 *       results ready for BackfillStatus and VerificationStatus.
 * </ul>
 *
 * <p>Decisions the design leaves open:
 *
 * <ul>
 *   <li>The attempt label is a Job's identity per Migration uid and run kind; a later run takes
 *       {@link dev.cutover.jobs.WorkerJobs#nextAttempt} so it is never confused with a finished Job.
 *   <li>backoffLimit 0 and no ttlSecondsAfterFinished: the operator retries with new Jobs and
 *       prunes finished ones itself after reading them (3 kept per run kind by default).
 *   <li>A custom spec.backfill.template keeps its containers, images and security settings; the
 *       operator adds its labels, the manifest annotation and volumes, the connection env (a
 *       variable the template sets itself wins), restartPolicy Never and, unless set, no
 *       service-account token. An empty template ({}) means the default worker. Verification
 *       always runs the default worker.
 *   <li>A verify pod exits 1 on mismatches, which fails its Job; the outcome is still a finished
 *       run (Succeeded, passed false). A default verify pod with no readable result proves
 *       nothing: that run is Failed with reason NoResult and may be retried.
 * </ul>
 */
package dev.cutover.jobs;
