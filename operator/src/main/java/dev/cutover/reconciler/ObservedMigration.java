package dev.cutover.reconciler;

import dev.cutover.api.MigrationStatus;
import dev.cutover.phase.Observation;

/**
 * What one reconcile saw: the engine's observation, and the status brought up to date with the Jobs
 * (status.backfill and status.verification as their Jobs say now), which the decision is written onto.
 */
record ObservedMigration(Observation observation, MigrationStatus status) {}
