/**
 * The application's feature-flag ConfigMap and the workloads that read it.
 *
 * <p>{@link dev.cutover.flags.FlagValues} says what the flags should express (primary store,
 * mirrored writes, read percentage, read cohorts); {@link dev.cutover.flags.RenderedFlags} renders them
 * into the ConfigMap keys the operator owns, in the format of {@code spec.flags.format}, with a
 * stable hash; {@link dev.cutover.flags.FlagConfigMap} observes and patches those keys only; and
 * {@link dev.cutover.flags.WorkloadRollout} restarts {@code spec.flags.restartWorkloads} once per
 * hash and reports their rollout as {@code kubectl rollout status} would.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>Read cohorts take effect only while reads are ramping (0 &lt; readPercent &lt; 100). At 0
 *       no caller may read the target (it is not verified yet, or a check just failed), at 100
 *       every caller does, so the cohorts key is absent in both cases.
 *   <li>The operator owns only the keys of the current format. Switching {@code spec.flags.format}
 *       leaves the keys of the previous format in place for the application's owner to remove.
 *   <li>A hand edit is told apart from a phase change by the hash: the keys drifted when the hash
 *       of what they hold now differs from the hash the operator recorded when it last wrote them.
 * </ul>
 */
package dev.cutover.flags;
