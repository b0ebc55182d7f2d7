package dev.cutover.phase;

import dev.cutover.api.BackfillSpec;
import dev.cutover.api.Durations;
import dev.cutover.api.MigrationSpec;
import dev.cutover.api.Phase;
import dev.cutover.api.ReadRampSpec;
import dev.cutover.api.VerificationSpec;
import java.time.Duration;
import java.util.List;

/** The parts of a spec the engine decides by, parsed and defaulted once. */
record MigrationPolicy(
    Phase desired,
    boolean paused,
    List<Integer> rampSteps,
    Duration rampInterval,
    boolean verifyEachStep,
    Duration bake,
    Duration maxAge,
    int maxAttempts,
    boolean repair,
    long maxMismatches,
    String configMap,
    long headroom) {

  /** Throws IllegalArgumentException naming the spec field when a value cannot be used. */
  static MigrationPolicy of(MigrationSpec spec) {
    if (spec.phase == null) {
      throw new IllegalArgumentException("spec.phase is missing: set it to old, shadow, reverse-shadow or new");
    }
    ReadRampSpec ramp = spec.readRamp == null ? new ReadRampSpec() : spec.readRamp;
    VerificationSpec verification = spec.verification == null ? new VerificationSpec() : spec.verification;
    BackfillSpec backfill = spec.backfill == null ? new BackfillSpec() : spec.backfill;
    List<Integer> steps = ramp.steps == null || ramp.steps.isEmpty() ? List.of(10, 50, 100) : List.copyOf(ramp.steps);
    checkSteps(steps);
    return new MigrationPolicy(
        spec.phase,
        spec.paused,
        steps,
        Durations.parse(orDefault(ramp.interval, "10m"), "spec.readRamp.interval"),
        ramp.verifyEachStep,
        Durations.parse(orDefault(spec.bake, "0s"), "spec.bake"),
        Durations.parse(orDefault(verification.maxAge, "24h"), "spec.verification.maxAge"),
        Math.max(1, backfill.maxAttempts),
        verification.repair,
        Math.max(0, verification.maxMismatches),
        spec.flags == null ? null : spec.flags.configMap,
        spec.sequences == null ? new dev.cutover.api.SequencesSpec().headroom : spec.sequences.headroom);
  }

  private static void checkSteps(List<Integer> steps) {
    int previous = 0;
    for (Integer step : steps) {
      if (step == null || step <= previous || step > 100) {
        throw new IllegalArgumentException(
            "spec.readRamp.steps " + steps + " must be strictly ascending within 1..100, such as [10, 50, 100]");
      }
      previous = step;
    }
    if (previous != 100) {
      throw new IllegalArgumentException("spec.readRamp.steps " + steps + " must end at 100");
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The ramp step after {@code percent}: the smallest step above it (100 always exists). */
  int nextRampStep(int percent) {
    return rampSteps.stream().filter(step -> step > percent).findFirst().orElse(100);
  }

  /** 1-based position of {@code percent} in the ramp, or the position it is about to take. */
  int rampPosition(int percent) {
    int index = rampSteps.indexOf(percent);
    return index >= 0 ? index + 1 : rampSteps.indexOf(nextRampStep(percent)) + 1;
  }

  String configMapName() {
    return configMap == null ? "(spec.flags.configMap not set)" : configMap;
  }
}
